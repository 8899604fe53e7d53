/**
 * No process outlives parallel-mcp: the built CLI, a stdio server behind a wrapper
 * (`sh -c 'trap "" TERM; node stubborn-server.mjs'`) whose grandchild ignores SIGTERM and
 * the end of stdin, and parallel-mcp ended by SIGTERM or by the end of its stdin.
 * Linux only (reads /proc). Run `npm run build` first (`npm test` does).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, REPO_ROOT, childPids, holdsWithin, isRunning, liveGroupMembers, procStat, startCli, waitFor, writeTempConfig } from '../helpers/cli-client.js';

const STUBBORN = resolve(REPO_ROOT, 'test/fixtures/servers/stubborn-server.mjs');

interface RawCli {
  child: ChildProcess;
  request: (method: string, params: unknown) => Promise<unknown>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: RawCli[] = [];
const dirs: string[] = [];
afterEach(async () => {
  // SIGTERM, not SIGKILL: parallel-mcp then ends its servers' groups itself.
  await Promise.all(
    started.splice(0).map((cli) => {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGTERM');
      return cli.exited;
    }),
  );
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}, 20_000);

/** The CLI spoken to line by line over its own pipes, so that a test can end its stdin itself. */
async function startRawCli(configPath: string): Promise<RawCli> {
  const child = spawn(process.execPath, [CLI_PATH, '--config', configPath], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
  child.stderr.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const waiting = new Map<number, (result: unknown) => void>();
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, nl)) as { id?: number; result?: unknown; error?: unknown };
      buffer = buffer.slice(nl + 1);
      if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? message.error);
    }
  });
  let nextId = 1;
  const request = (method: string, params: unknown) =>
    new Promise<unknown>((r) => {
      const id = nextId++;
      waiting.set(id, r);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  await request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'lifetime-test', version: '1' } });
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  const cli = { child, request, exited };
  started.push(cli);
  return cli;
}

/** A CLI serving the stubborn server behind `sh -c`, and the pids of the wrapper and its grandchild. */
async function cliWithWrappedStubbornServer(): Promise<{ cli: RawCli; wrapper: number; server: number }> {
  const { path, dir } = writeTempConfig(() => ({
    // `; exit` keeps sh from exec'ing node: the server is a grandchild of parallel-mcp.
    mcpServers: { stubborn: { command: 'sh', args: ['-c', `trap "" TERM; "${process.execPath}" "${STUBBORN}"; exit $?`] } },
  }));
  dirs.push(dir);
  const cli = await startRawCli(path);
  const result = (await cli.request('tools/call', { name: 'call_tools_parallel', arguments: { calls: [{ tool: 'stubborn__whoami' }] } })) as {
    structuredContent: { results: Array<{ ok: boolean; result?: { content: Array<{ text: string }> } }> };
  };
  const first = result.structuredContent.results[0]!;
  expect(first.ok).toBe(true);
  const { pid, ppid } = JSON.parse(first.result!.content[0]!.text) as { pid: number; ppid: number };
  return { cli, wrapper: ppid, server: pid };
}

describe.skipIf(process.platform !== 'linux')('process lifetime (built CLI, Linux)', () => {
  it('runs a wrapped server in a process group of its own, led by the wrapper', async () => {
    const { cli, wrapper, server } = await cliWithWrappedStubbornServer();
    expect(procStat(wrapper)).toMatchObject({ ppid: cli.child.pid, pgid: wrapper });
    expect(procStat(server)).toMatchObject({ ppid: wrapper, pgid: wrapper });
    expect(liveGroupMembers(wrapper).sort()).toEqual([wrapper, server].sort());
  });

  it.each([
    ['SIGTERM', (cli: RawCli) => void cli.child.kill('SIGTERM')],
    ['the end of its stdin', (cli: RawCli) => void cli.child.stdin?.end()],
  ])('leaves no process of the group running after %s, where only SIGKILL ends the server', async (_why, end) => {
    const { cli, wrapper, server } = await cliWithWrappedStubbornServer();
    const endedAt = performance.now();
    end(cli);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const exitMs = performance.now() - endedAt;
    expect({ wrapper: isRunning(wrapper), server: isRunning(server), group: liveGroupMembers(wrapper) }).toEqual({ wrapper: false, server: false, group: [] });
    // stdin closed, 2 s, SIGTERM to the group, 2 s, SIGKILL: the shutdown waited for the whole sequence.
    expect(exitMs).toBeGreaterThan(4000);
  }, 20_000);

  it("leaves no process of the group running when the SDK's client closes it (stdin, SIGTERM at 2 s, SIGKILL at 4 s)", async () => {
    // The SDK's StdioClientTransport.close() kills us at 4 s, as our own sequence would reach SIGKILL:
    // its SIGTERM at 2 s, while we shut down, sends our groups SIGKILL at once.
    const { path, dir } = writeTempConfig(() => ({
      mcpServers: { stubborn: { command: 'sh', args: ['-c', `trap "" TERM; "${process.execPath}" "${STUBBORN}"; exit $?`] } },
    }));
    dirs.push(dir);
    const session = await startCli({ args: ['--config', path] });
    let wrapper: number | undefined;
    try {
      const response = await session.client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ tool: 'stubborn__whoami' }] } });
      const first = (response.structuredContent as { results: Array<{ result?: { content: Array<{ text: string }> } }> }).results[0]!;
      wrapper = (JSON.parse(first.result!.content[0]!.text) as { ppid: number }).ppid;
      await session.client.close();
      // Gone once the CLI has gone (bounded: PID 1 may reap a killed orphan late, and a zombie is left out).
      await holdsWithin(() => liveGroupMembers(wrapper!).length === 0, 5000);
      expect(liveGroupMembers(wrapper)).toEqual([]);
      expect(session.stderr()).toContain('SIGTERM while shutting down');
    } finally {
      for (const pid of wrapper === undefined ? [] : liveGroupMembers(wrapper)) process.kill(pid, 'SIGKILL'); // no orphan from a failed run
    }
  }, 20_000);

  it('ends a server alone in its group at once when it ends on stdin close', async () => {
    const memory = resolve(REPO_ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
    const { path, dir } = writeTempConfig((at) => ({
      mcpServers: { memory: { command: process.execPath, args: [memory], env: { MEMORY_FILE_PATH: `${at}/m.jsonl` } } },
    }));
    dirs.push(dir);
    const cli = await startRawCli(path);
    await cli.request('tools/call', { name: 'call_tools_parallel', arguments: { calls: [{ tool: 'memory__read_graph' }] } });
    const memoryPid = await waitFor(() => childPids(cli.child.pid!)[0]);
    expect(procStat(memoryPid)).toMatchObject({ pgid: memoryPid });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(liveGroupMembers(memoryPid)).toEqual([]);
  }, 20_000);

  it('SIGKILLs the groups still running when the process exits without closing them (a forced exit)', async () => {
    // The built transport in a process that exits at once: only the 'exit' hook can end the server.
    const script = `
      import { ObservedStdioTransport } from ${JSON.stringify(resolve(REPO_ROOT, 'dist/downstream/stdio-transport.js'))};
      const t = new ObservedStdioTransport({ command: 'sh', args: ['-c', ${JSON.stringify(`trap "" TERM; "${process.execPath}" "${STUBBORN}"; exit $?`)}], env: { PATH: process.env.PATH },
        onStderrLine: (line) => { if (line === 'stubborn-server ready') { console.log(t.pid); process.exit(0); } } });
      await t.start();`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
    const wrapper = Number(run.stdout.trim());
    expect(wrapper).toBeGreaterThan(0);
    // The hook's SIGKILL is sent before the process exits; the kernel ends the group members
    // soon after, not necessarily before spawnSync returns (seen on a loaded machine).
    await waitFor(() => liveGroupMembers(wrapper).length === 0, 5000);
    expect(liveGroupMembers(wrapper)).toEqual([]);
  }, 25_000);
});
