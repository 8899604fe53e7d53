/**
 * With --eager, each stdio server's process is spawned at start-up, before the upstream
 * client's initialize arrives, and its MCP handshake waits for the client's initialized (so
 * it is told the client's capabilities, as before). A server that cannot start, or dies
 * before its handshake, fails only its own calls, with the same message as a lazy start and
 * no secret of the config (issue 13, first call after spawn).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, holdsWithin, isAlive, readJsonLines, REPO_ROOT, startCli, writeTempConfig } from '../helpers/cli-client.js';

const START_LOG_SERVER = join(REPO_ROOT, 'test/fixtures/servers/start-log-server.mjs');
const LEAKY = join(REPO_ROOT, 'test/fixtures/servers/leaky-server.mjs');
const API_KEY = 'sk-early-spawn-3f9a27c1d0';

interface LogEntry {
  event: 'spawned' | 'initialized';
  pid: number;
  capabilities?: Record<string, unknown>;
}

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const readLog = (path: string): LogEntry[] => readJsonLines<LogEntry>(path);

/** The CLI spawned without a client: nothing is written to its stdin until `connect()`. */
function spawnCli(args: string[]): { child: ChildProcess; connect: (client: Client) => Promise<void> } {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', PARALLEL_MCP_STATE_DIR: 'none', PARALLEL_MCP_LOG: 'debug' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', () => {});
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  );
  // Newline-delimited JSON-RPC both ways: the server transport's framing serves a client as well.
  return { child, connect: (client) => client.connect(new StdioServerTransport(child.stdout!, child.stdin!)) };
}

type BatchResult = { server: string; ok: boolean; error?: { code: string; message: string }; result?: { content?: Array<{ text?: string }> } };

async function batch(client: Client, calls: Array<{ server: string; tool: string; arguments?: Record<string, unknown> }>): Promise<BatchResult[]> {
  const response = await client.callTool({ name: 'call_tools_parallel', arguments: { calls } });
  return (response.structuredContent as { results: BatchResult[] }).results;
}

describe('--eager spawns the servers early', () => {
  it('spawns the process before the client initializes, and sends initialize only after the client is initialized, with its capabilities', async () => {
    const { path, dir } = writeTempConfig((at) => ({ mcpServers: { logged: { command: process.execPath, args: [START_LOG_SERVER], env: { START_LOG: join(at, 'start.jsonl') } } } }));
    const log = join(dir, 'start.jsonl');
    const { connect } = spawnCli(['--config', path, '--eager']);

    // No byte has been written to parallel-mcp's stdin: the process started all the same.
    expect(await holdsWithin(() => readLog(log).some((e) => e.event === 'spawned'), 15_000)).toBe(true);
    // Give a handshake that should not happen time to show.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readLog(log).map((e) => e.event)).toEqual(['spawned']);

    const client = new Client({ name: 'early-spawn-e2e', version: '1.0.0' }, { capabilities: { roots: { listChanged: true } } });
    cleanups.push(() => client.close());
    await connect(client);
    expect(await holdsWithin(() => readLog(log).some((e) => e.event === 'initialized'), 15_000)).toBe(true);
    const results = await batch(client, [{ server: 'logged', tool: 'echo', arguments: { message: 'hi' } }]);
    expect(results.map((r) => [r.ok, r.result?.content?.[0]?.text])).toEqual([[true, 'hi']]);

    const entries = readLog(log);
    // One process, spawned once; its handshake declared the upstream client's roots capability.
    expect(entries.map((e) => e.event)).toEqual(['spawned', 'initialized']);
    expect(new Set(entries.map((e) => e.pid)).size).toBe(1);
    expect(entries[1]!.capabilities).toEqual({ roots: { listChanged: true } });
  });

  it('keeps a server that cannot start, or dies before its handshake, to its own calls: same errors as a lazy start, no secret', async () => {
    const { path, dir } = writeTempConfig((at) => ({
      mcpServers: {
        missing: { command: join(at, 'no-such-command') },
        leaky: { command: process.execPath, args: [LEAKY], env: { LEAKY_API_KEY: API_KEY } },
        logged: { command: process.execPath, args: [START_LOG_SERVER], env: { START_LOG: join(at, 'start.jsonl') } },
      },
    }));
    const calls = [
      { server: 'missing', tool: 'anything' },
      { server: 'leaky', tool: 'crash' },
      { server: 'logged', tool: 'echo', arguments: { message: 'still here' } },
    ];
    const run = async (extra: string[]) => {
      const cli = await startCli({ args: ['--config', path, ...extra] });
      cleanups.push(() => cli.close());
      if (extra.includes('--eager')) {
        // The leaky server has died before any call: its start failure is what the call sees.
        expect(await holdsWithin(() => cli.stderr().includes('server "leaky" is unavailable'), 15_000)).toBe(true);
      }
      const results = await batch(cli.client, calls);
      return { results, stderr: cli.stderr() };
    };
    const eager = await run(['--eager']);
    const lazy = await run([]);

    expect(eager.results.map((r) => [r.server, r.ok, r.error?.code])).toEqual([
      ['missing', false, 'server_unavailable'],
      ['leaky', false, 'server_unavailable'],
      ['logged', true, undefined],
    ]);
    expect(eager.results[0]!.error!.message).toContain('command not found (ENOENT)');
    expect(eager.results[1]!.error!.message).toContain('exited with code 1');
    expect(eager.results[1]!.error!.message).toContain('401 Unauthorized');
    expect(eager.results[2]!.result?.content?.[0]?.text).toBe('still here');
    expect(JSON.stringify(eager.results)).not.toContain(API_KEY);
    // The same failures, word for word, as when each server starts at its first call.
    expect(eager.results.map((r) => r.error?.message)).toEqual(lazy.results.map((r) => r.error?.message));
    expect(readLog(join(dir, 'start.jsonl')).filter((e) => e.event === 'spawned')).toHaveLength(2);
  });

  it('ends a process spawned early when parallel-mcp shuts down before any handshake', async () => {
    const { path, dir } = writeTempConfig((at) => ({ mcpServers: { logged: { command: process.execPath, args: [START_LOG_SERVER], env: { START_LOG: join(at, 'start.jsonl') } } } }));
    const { child } = spawnCli(['--config', path, '--eager']);
    expect(await holdsWithin(() => readLog(join(dir, 'start.jsonl')).length > 0, 15_000)).toBe(true);
    const [spawned] = readLog(join(dir, 'start.jsonl'));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin?.end();
    expect(await exited).toBe(0);
    expect(await holdsWithin(() => !isAlive(spawned!.pid), 5000)).toBe(true);
  });

  it('does not spawn anything before the first call without --eager', async () => {
    const { path, dir } = writeTempConfig((at) => ({ mcpServers: { logged: { command: process.execPath, args: [START_LOG_SERVER], env: { START_LOG: join(at, 'start.jsonl') } } } }));
    const cli = await startCli({ args: ['--config', path] });
    cleanups.push(() => cli.close());
    await cli.client.listTools();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readLog(join(dir, 'start.jsonl'))).toEqual([]);
    expect((await batch(cli.client, [{ server: 'logged', tool: 'echo', arguments: { message: 'x' } }])).map((r) => r.ok)).toEqual([true]);
    expect(readLog(join(dir, 'start.jsonl')).map((e) => e.event)).toEqual(['spawned', 'initialized']);
  });
});
