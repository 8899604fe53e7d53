/**
 * The start-up front door (issue 13, first call after spawn): over stdio, parallel-mcp
 * answers initialize before the SDK has loaded, and spawns the server the client's first call
 * names before loading the rest, so that server boots while parallel-mcp loads. Lazy start
 * stays lazy: a server no call names is not spawned; a server spawned for a first call that
 * did not start it after all is ended once that call is answered.
 *
 * The order is shown, not timed: a preload (fixtures/start-up/hold-sdk-server.mjs) holds the
 * SDK's server module until the downstream process has written "spawned"; before the front
 * door that could only time out (the spawn came after the SDK had answered initialize).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, holdsWithin, isAlive, readJsonLines, REPO_ROOT, startCli, writeTempConfig } from '../helpers/cli-client.js';

const START_LOG_SERVER = join(REPO_ROOT, 'test/fixtures/servers/start-log-server.mjs');
const HOLD = join(REPO_ROOT, 'test/fixtures/start-up/hold-sdk-server.mjs');

interface LogEntry {
  event: 'spawned' | 'initialized' | 'sdk-server-loaded';
  pid?: number;
  held?: string;
}

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const readLog = (path: string): LogEntry[] => readJsonLines<LogEntry>(path);

function startHeld(config: string, log: string, extra: string[] = []): { child: ChildProcess; client: Client; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', HOLD, CLI_PATH, '--config', config, ...extra], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', PARALLEL_MCP_STATE_DIR: 'none', PARALLEL_MCP_LOG: 'debug', START_LOG: log },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'front-door-e2e', version: '1.0.0' }, { capabilities: { roots: { listChanged: true } } });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        void client.close().catch(() => undefined);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  );
  return { child, client, stderr: () => stderr };
}

type BatchResult = { server: string; ok: boolean; error?: { code: string }; result?: { content?: Array<{ text?: string }> } };

async function batch(client: Client, calls: Array<{ server: string; tool: string; arguments?: Record<string, unknown> }>, extra: Record<string, unknown> = {}) {
  const response = await client.callTool({ name: 'call_tools_parallel', arguments: { calls, ...extra } });
  return { response, results: (response.structuredContent as { results?: BatchResult[] } | undefined)?.results ?? [] };
}

describe('the start-up front door', () => {
  it('spawns the server a first call names before the SDK loads; that process serves the call, told the client\'s capabilities', async () => {
    const { path, dir } = writeTempConfig((at) => ({
      mcpServers: {
        logged: { command: process.execPath, args: [START_LOG_SERVER], env: { START_LOG: join(at, 'start.jsonl') } },
        idle: { command: process.execPath, args: [START_LOG_SERVER], env: { START_LOG: join(at, 'idle.jsonl') } },
      },
    }));
    const log = join(dir, 'start.jsonl');
    const { child, client } = startHeld(path, log);
    await client.connect(new StdioServerTransport(child.stdout!, child.stdin!));
    // Answered by the front door: nothing downstream is spawned by initialize.
    expect(readLog(log)).toEqual([]);
    const { results } = await batch(client, [{ server: 'logged', tool: 'echo', arguments: { message: 'hi' } }]);
    expect(results.map((r) => [r.ok, r.result?.content?.[0]?.text])).toEqual([[true, 'hi']]);

    const entries = readLog(log);
    expect(entries.map((e) => e.event)).toEqual(['spawned', 'sdk-server-loaded', 'initialized']);
    expect(entries[1]!.held).toBe('until-spawned');
    // One process: the one spawned ahead is the one that got the handshake.
    expect(entries[0]!.pid).toBe(entries[2]!.pid);
    expect((entries[2] as { capabilities?: unknown }).capabilities).toEqual({ roots: { listChanged: true } });
    // Lazy still: the server no call named was never spawned.
    expect(readLog(join(dir, 'idle.jsonl'))).toEqual([]);
    expect(client.getServerVersion()?.name).toBe('parallel-mcp');
  });

  it('ends a server spawned for a first call that did not start it, and starts it anew at its next call', async () => {
    const { path, dir } = writeTempConfig((at) => ({ mcpServers: { logged: { command: process.execPath, args: [START_LOG_SERVER], env: { START_LOG: join(at, 'start.jsonl') } } } }));
    const log = join(dir, 'start.jsonl');
    const { child, client } = startHeld(path, log);
    await client.connect(new StdioServerTransport(child.stdout!, child.stdin!));
    // Invalid input: answered with an error, the server never started.
    const bad = await batch(client, [{ server: 'logged', tool: 'echo' }], { max_concurrency: 'many' });
    expect(bad.response.isError).toBe(true);
    const [first] = readLog(log);
    expect(first?.event).toBe('spawned');
    expect(await holdsWithin(() => !isAlive(first!.pid!), 8000)).toBe(true);

    const { results } = await batch(client, [{ server: 'logged', tool: 'echo', arguments: { message: 'again' } }]);
    expect(results.map((r) => r.ok)).toEqual([true]);
    const spawned = readLog(log).filter((e) => e.event === 'spawned');
    expect(spawned).toHaveLength(2);
    expect(spawned[1]!.pid).not.toBe(first!.pid);
  });

  it('logs each warning of the config once', async () => {
    const { path } = writeTempConfig(() => ({ mcpServers: { logged: { command: process.execPath, args: [START_LOG_SERVER], envFile: '.env' } } }));
    const cli = await startCli({ args: ['--config', path] });
    cleanups.push(() => cli.close());
    await cli.client.listTools();
    expect(cli.stderr().split('mcpServers.logged.envFile: unknown key, ignored')).toHaveLength(2);
  });

  it('cancels a call whose cancellation arrives in the same read (the door holds both while the SDK loads), lean path and SDK path', async () => {
    const { path } = writeTempConfig(() => ({ mcpServers: { everything: { command: process.execPath, args: [join(REPO_ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'] } } }));
    const child = spawn(process.execPath, [CLI_PATH, '--config', path], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', PARALLEL_MCP_STATE_DIR: 'none', PARALLEL_MCP_LOG: 'debug' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      child.kill('SIGKILL');
    });
    let stderr = '';
    let stdout = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const write = (...messages: unknown[]) => child.stdin!.write(messages.map((m) => `${JSON.stringify(m)}\n`).join(''));
    write({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } } });
    expect(await holdsWithin(() => stdout.includes('"id":0'), 15_000)).toBe(true);
    write({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const long = { calls: [{ server: 'everything', tool: 'trigger-long-running-operation', arguments: { duration: 30, steps: 3 } }] };
    // A plain call (lean path), then one with other _meta (the SDK's path), each with its cancellation in the same write.
    for (const [id, meta] of [[1, { progressToken: 'p' }], [2, { other: true }]] as const) {
      write(
        { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: long, _meta: meta } },
        { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'stop' } },
      );
      const done = () => stderr.split('\n').filter((line) => line.includes('call_tools_parallel done'));
      // Cancelled: ended long before the 30 s operation, and never answered.
      expect(await holdsWithin(() => done().length === id, 15_000)).toBe(true);
      expect(done()[id - 1]).toMatch(/0\/1 ok, 1 cancelled/);
    }
    expect(stdout).not.toContain('"id":1');
    expect(stdout).not.toContain('"id":2');
  });

  it('with --eager spawns every stdio server before the SDK loads', async () => {
    const { path, dir } = writeTempConfig((at) => ({ mcpServers: { logged: { command: process.execPath, args: [START_LOG_SERVER], env: { START_LOG: join(at, 'start.jsonl') } } } }));
    const log = join(dir, 'start.jsonl');
    const { child, client } = startHeld(path, log, ['--eager']);
    await client.connect(new StdioServerTransport(child.stdout!, child.stdin!));
    expect(await holdsWithin(() => readLog(log).some((e) => e.event === 'initialized'), 15_000)).toBe(true);
    const { results } = await batch(client, [{ server: 'logged', tool: 'echo', arguments: { message: 'e' } }]);
    expect(results.map((r) => r.ok)).toEqual([true]);
    const entries = readLog(log);
    expect(entries.map((e) => e.event)).toEqual(['spawned', 'sdk-server-loaded', 'initialized']);
    expect(entries[1]!.held).toBe('until-spawned');
  });
});
