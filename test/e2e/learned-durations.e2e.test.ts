import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, REPO_ROOT, referenceServer, startCli, waitFor, writeTempConfig } from '../helpers/cli-client.js';

describe('learned durations across sessions (built CLI)', () => {
  it('writes the durations of a batch to the state file on shutdown, keyed without arguments', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'pmcp-state-e2e-'));
    const config = writeTempConfig(() => ({ mcpServers: { everything: { command: process.execPath, args: [referenceServer('everything'), 'stdio'] } } }));
    const session = await startCli({ args: ['--config', config.path], env: { PARALLEL_MCP_STATE_DIR: stateDir } });
    const calls = Array.from({ length: 4 }, (_, i) => ({ server: 'everything', tool: 'echo', arguments: { message: `secret-${i}` } }));
    const answer = await session.client.callTool({ name: 'call_tools_parallel', arguments: { calls, max_concurrency: 2 } });
    expect((answer.structuredContent as { summary: { succeeded: number } }).summary.succeeded).toBe(4);
    await session.close();
    const file = join(stateDir, 'durations.json');
    await waitFor(() => existsSync(file));
    const text = readFileSync(file, 'utf8');
    const saved = JSON.parse(text) as { version: number; entries: Array<[string, { mean: number; count: number }]> };
    const keys = saved.entries.map(([key]) => key);
    expect(saved.version).toBe(1);
    expect(keys).toContain('everything/echo');
    // Four calls with different arguments: four call shapes, none of them readable.
    expect(keys.filter((key) => key.startsWith('everything/echo#'))).toHaveLength(4);
    expect(text).not.toContain('secret-');
  });

  it('exits on stdin close when the state directory cannot be made (under /proc), naming it once on stderr', async () => {
    const config = writeTempConfig(() => ({ mcpServers: { everything: { command: process.execPath, args: [referenceServer('everything'), 'stdio'] } } }));
    const stateDir = `/proc/pmcp-state-e2e-${process.pid}`;
    const child = spawn(process.execPath, [CLI_PATH, '--config', config.path], {
      cwd: REPO_ROOT,
      env: { ...process.env, PARALLEL_MCP_LOG: 'info', PARALLEL_MCP_STATE_DIR: stateDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.once('exit', (code, signal) => (exit = { code, signal }));
    const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'e2e', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    // A call, so that there are learned durations to save at shutdown.
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'x' } }] } } });
    await waitFor(() => stdout.includes('"id":2'));
    child.stdin.end();
    try {
      // Bounded: a process still spinning in its last save is killed after this, and fails below.
      await waitFor(() => exit, 15_000);
    } finally {
      if (exit === undefined) child.kill('SIGKILL');
    }
    // Exited on its own, 0: not by its 8 s shutdown guard (exit code 1), nor by a signal.
    expect(exit).toEqual({ code: 0, signal: null });
    const lines = stderr.split('\n').filter((line) => line.includes(stateDir));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('could not save');
  }, 30_000);
});
