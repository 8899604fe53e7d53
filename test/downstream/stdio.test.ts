import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { DownstreamPool, type ResolvedTool } from '../../src/downstream/pool.js';
import type { CallOutcome } from '../../src/engine/outcome.js';
import { silentLogger } from '../../src/log.js';
import { ObservedStdioTransport } from '../../src/downstream/stdio-transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { ChildProcess } from 'node:child_process';

const CRASHING = resolve('test/fixtures/servers/crashing-server.mjs');
const MEMORY = resolve('node_modules/@modelcontextprotocol/server-memory/dist/index.js');

function stdio(name: string, script: string, extra: Partial<ServerConfig> = {}): ServerConfig {
  return { name, transport: 'stdio', command: process.execPath, args: [script], env: {}, headers: {}, disabled: false, ...extra };
}

const pools: DownstreamPool[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function makePool(servers: ServerConfig[], stderr: Array<[string, string]> = [], restartDelaysMs?: number[]): DownstreamPool {
  const pool = new DownstreamPool(servers, {
    log: silentLogger,
    onStderrLine: (server, line) => stderr.push([server, line]),
    ...(restartDelaysMs ? { restartDelaysMs } : {}),
  });
  pools.push(pool);
  return pool;
}

async function resolved(pool: DownstreamPool, server: string, tool: string): Promise<ResolvedTool> {
  const result = await pool.resolveTool(server, tool);
  if ('code' in result) throw new Error(`expected a resolved tool, got ${JSON.stringify(result)}`);
  return result;
}

function textOf(outcome: CallOutcome): string {
  if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome.error)}`);
  const block = outcome.result.content?.[0] as { text?: string } | undefined;
  return block?.text ?? '';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('DownstreamPool over stdio', () => {
  it('fails every in-flight call with transport_error and the exit code when the server crashes, then restarts it', async () => {
    const stderr: Array<[string, string]> = [];
    const pool = makePool([stdio('crashy', CRASHING)], stderr);
    const whoami = await resolved(pool, 'crashy', 'whoami');
    const firstPid = Number(textOf(await pool.callTool(whoami, {})));

    const wait = await resolved(pool, 'crashy', 'wait');
    const inFlight = [1, 2, 3].map(() => pool.callTool(wait, { ms: 20_000 }));
    const crash = pool.callTool(await resolved(pool, 'crashy', 'crash'), { code: 3 });
    const lost = (tool: string): CallOutcome => ({
      ok: false,
      error: { code: 'transport_error', message: `server "crashy" exited with code 3 while crashy.${tool} was in flight` },
    });
    expect(await Promise.all([...inFlight, crash])).toEqual([lost('wait'), lost('wait'), lost('wait'), lost('crash')]);
    await waitUntil(() => !isAlive(firstPid), 'the crashed process is gone');

    const secondPid = Number(textOf(await pool.callTool(whoami, {})));
    expect(secondPid).not.toBe(firstPid);
    expect(isAlive(secondPid)).toBe(true);
    await waitUntil(() => stderr.length >= 3, 'the restarted server has written its ready line'); // stderr is its own pipe
    expect(stderr).toEqual([
      ['crashy', 'crashing-server ready'],
      ['crashy', 'crashing with code 3'],
      ['crashy', 'crashing-server ready'],
    ]);

    await pool.close();
    expect(isAlive(secondPid)).toBe(false);
  });

  it('names the signal when the server is killed mid-call, and restarts it after every repeated crash', async () => {
    const pool = makePool([stdio('victim', CRASHING)], [], [0, 50, 100]);
    const whoami = await resolved(pool, 'victim', 'whoami');
    const wait = await resolved(pool, 'victim', 'wait');
    const pids: number[] = [];
    for (let round = 0; round < 3; round++) {
      const pid = Number(textOf(await pool.callTool(whoami, {})));
      pids.push(pid);
      const pending = pool.callTool(wait, { ms: 20_000 });
      process.kill(pid, 'SIGKILL');
      expect(await pending).toEqual({
        ok: false,
        error: { code: 'transport_error', message: 'server "victim" was killed by SIGKILL while victim.wait was in flight' },
      });
    }
    const last = Number(textOf(await pool.callTool(whoami, {})));
    expect(new Set([...pids, last]).size).toBe(4);
  });

  it('fails only the call whose answer is over the SDK size limit (result_too_large); its server and the calls in flight go on', async () => {
    const OVERSIZED = resolve('test/fixtures/servers/oversized-answer-server.mjs');
    const pool = makePool([stdio('big', OVERSIZED)]);
    const wait = await resolved(pool, 'big', 'wait');
    const big = await resolved(pool, 'big', 'big');
    const whoami = await resolved(pool, 'big', 'whoami');
    const pid = textOf(await pool.callTool(whoami, {}));
    const bytes = 11 * 1024 * 1024;
    // Two calls in flight on the server while the oversized answer is written (the fixture holds them until then).
    const outcomes = await Promise.all([pool.callTool(wait, {}), pool.callTool(wait, {}), pool.callTool(big, { bytes, after: 2 })]);
    expect(outcomes.slice(0, 2).map(textOf)).toEqual(['waited', 'waited']);
    const failed = outcomes[2]!;
    expect(failed).toMatchObject({ ok: false, error: { code: 'result_too_large' } });
    const message = (failed as { error: { message: string } }).error.message;
    // Its size (the whole line: the text and the JSON around it) and the limit.
    expect(message).toMatch(new RegExp(`^big\\.big returned a result of (\\d+) bytes, over the 10485760-byte limit of one stdio message`));
    expect(Number(/of (\d+) bytes/.exec(message)![1])).toBeGreaterThan(bytes);
    // The same session answers the next call.
    expect(textOf(await pool.callTool(whoami, {}))).toBe(pid);
  });

  it('ends the session, naming the cause, when an oversized line has no id to read', async () => {
    const root = await mkdtemp(join(tmpdir(), 'parallel-mcp-big-'));
    try {
      const { writeFile } = await import('node:fs/promises');
      const script = join(root, 'no-id.mjs');
      // Answers initialize and tools/list, then writes one line of 11 MiB that is not an answer.
      await writeFile(
        script,
        `import { createInterface } from 'node:readline';
const write = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') write({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'no-id', version: '1' } } });
  else if (m.method === 'tools/list') write({ jsonrpc: '2.0', id: m.id, result: { tools: [{ name: 'blob', inputSchema: { type: 'object' } }] } });
  else if (m.method === 'tools/call') process.stdout.write('"' + 'x'.repeat(11 * 1024 * 1024) + '"\\n');
});
`,
      );
      const pool = makePool([stdio('noid', script)]);
      const outcome = await pool.callTool(await resolved(pool, 'noid', 'blob'), {});
      expect(outcome).toMatchObject({ ok: false, error: { code: 'transport_error' } });
      expect((outcome as { error: { message: string } }).error.message).toContain('exceeded maximum size');
      expect((outcome as { error: { message: string } }).error.message).toContain('no id to read');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('reports server_unavailable for a missing command while the other servers work', async () => {
    // First retry at once, then a minute's wait: the third attempt answers without trying.
    const pool = makePool([stdio('ok', CRASHING), { ...stdio('missing', ''), command: '/nonexistent/parallel-mcp-no-such-command', args: [] }], [], [0, 60_000]);
    const message = 'server "missing" is unavailable: could not start "/nonexistent/parallel-mcp-no-such-command": command not found (ENOENT); check "command" and PATH';
    expect(await pool.resolveTool('missing', 'whoami')).toEqual({ code: 'server_unavailable', message });
    expect(await pool.resolveTool('missing', 'whoami')).toEqual({ code: 'server_unavailable', message });
    const third = await pool.resolveTool('missing', 'whoami');
    expect(third).toMatchObject({ code: 'server_unavailable' });
    expect((third as { message: string }).message).toMatch(/^server "missing" is unavailable: could not start .*; next start attempt in \d+ ms$/);
    expect(textOf(await pool.callTool(await resolved(pool, 'ok', 'whoami'), {}))).toMatch(/^\d+$/);
    const catalog = await pool.catalog();
    expect(catalog.map((s) => [s.name, s.state])).toEqual([
      ['ok', 'ready'],
      ['missing', 'unavailable'],
    ]);
  });

  it('passes the configured env merged over the safe default environment', async () => {
    process.env.PARALLEL_MCP_TEST_NOT_INHERITED = 'leak';
    try {
      const pool = makePool([stdio('envy', CRASHING, { env: { GREETING: 'hello' } })]);
      const env = await resolved(pool, 'envy', 'env');
      expect(textOf(await pool.callTool(env, { name: 'GREETING' }))).toBe('hello');
      expect(textOf(await pool.callTool(env, { name: 'PATH' }))).toBe(process.env.PATH);
      expect(textOf(await pool.callTool(env, { name: 'PARALLEL_MCP_TEST_NOT_INHERITED' }))).toBe('');
    } finally {
      delete process.env.PARALLEL_MCP_TEST_NOT_INHERITED;
    }
  });

  it('forwards stderr lines to our stderr with the server name as prefix by default', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const pool = new DownstreamPool([stdio('loud', CRASHING)], { log: silentLogger });
    pools.push(pool);
    await resolved(pool, 'loud', 'whoami');
    await waitUntil(() => written.includes('[loud] crashing-server ready\n'), 'the ready line is forwarded');
    expect(written.filter((line) => line.startsWith('[loud]'))).toEqual(['[loud] crashing-server ready\n']);
  });
});

describe('server-memory behind the pool', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallel-mcp-memory-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores all 64 entities when 64 create_entities calls are issued at once with maxConcurrency 1', async () => {
    const pool = makePool([stdio('memory', MEMORY, { env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') }, maxConcurrency: 1 })]);
    const create = await resolved(pool, 'memory', 'create_entities');
    const outcomes = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        pool.callTool(create, { entities: [{ name: `entity-${i}`, entityType: 'test', observations: [`number ${i}`] }] }),
      ),
    );
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const graph = await pool.callTool(await resolved(pool, 'memory', 'read_graph'), {});
    if (!graph.ok) throw new Error(JSON.stringify(graph.error));
    const entities = (graph.result.structuredContent as { entities: Array<{ name: string }> }).entities;
    expect(entities.map((e) => e.name).sort()).toEqual(Array.from({ length: 64 }, (_, i) => `entity-${i}`).sort());
  });
});

describe('ObservedStdioTransport', () => {
  it('writes the messages sent in one tick as one string in one write when the tick ends, and settles every send', async () => {
    const transport = new ObservedStdioTransport({ command: process.execPath, args: [MEMORY], env: {}, onStderrLine: () => {} });
    const answers: JSONRPCMessage[] = [];
    transport.onmessage = (message) => void answers.push(message);
    await transport.start();
    try {
      const stdin = (transport as unknown as { _process: ChildProcess })._process.stdin!;
      const written: string[] = [];
      const write = stdin.write.bind(stdin);
      stdin.write = ((chunk: string, ...rest: never[]) => (written.push(chunk), write(chunk, ...rest))) as typeof stdin.write;
      const sent = [1, 2, 3, 4, 5].map((id) => transport.send({ jsonrpc: '2.0', id, method: 'ping' }));
      transport.postLine('{"jsonrpc":"2.0","id":6,"method":"ping"}\n');
      const writesDuringTick = written.length;
      await new Promise<void>((r) => process.nextTick(r));
      await Promise.all(sent);
      await waitUntil(() => answers.length === 6, 'six ping answers arrive');
      expect({ writesDuringTick, written, ids: answers.map((a) => (a as { id: number }).id).sort() }).toEqual({
        writesDuringTick: 0,
        written: [[1, 2, 3, 4, 5, 6].map((id) => `{"jsonrpc":"2.0","id":${id},"method":"ping"}\n`).join('')],
        ids: [1, 2, 3, 4, 5, 6],
      });
    } finally {
      await transport.close();
    }
  });

  it('hands each whole line (CRLF taken, split lines joined) to routeLine before any parse; what it leaves is parsed as before', async () => {
    const usual = (text: string, id: string) => JSON.stringify({ result: { content: [{ type: 'text', text }] }, jsonrpc: '2.0', id });
    const lines = [usual('taken', 'pm-1'), usual('left', 'pm-2'), usual('raw tab', 'pm-3').replace(' ', '\t'), '{"jsonrpc":"2.0","id":4,"result":{}}'];
    const script = [
      'const w = (s) => process.stdout.write(s);',
      `const text = ${JSON.stringify(lines.join('\r\n') + '\n')};`,
      'w(text.slice(0, 30));',
      'setTimeout(() => w(text.slice(30)), 50);',
      'setTimeout(() => {}, 5000);',
    ].join('\n');
    const transport = new ObservedStdioTransport({ command: process.execPath, args: ['-e', script], env: {}, onStderrLine: () => {} });
    const seenLines: string[] = [];
    const routed: unknown[] = [];
    const messages: JSONRPCMessage[] = [];
    const errors: string[] = [];
    transport.routeLine = (line) => seenLines.push(line) > 0 && line.includes('taken');
    transport.route = (message) => (message as { id?: unknown }).id === 'pm-2' && routed.push(message) > 0;
    transport.onmessage = (message) => void messages.push(message);
    transport.onerror = (error) => void errors.push(error.message);
    await transport.start();
    try {
      await waitUntil(() => messages.length === 1, 'the last message arrives');
      expect({ seenLines, routed, messages, errors: errors.map((e) => e.slice(0, 21)) }).toEqual({
        seenLines: lines,
        routed: [JSON.parse(lines[1]!)],
        messages: [{ jsonrpc: '2.0', id: 4, result: {} }],
        errors: ['Bad control character'],
      });
    } finally {
      await transport.close();
    }
  });

  it('joins lines split across chunks, takes CRLF, reports a garbage line, and hands each parsed message to route before the schema', async () => {
    // Chunks: half a message | its rest, a CRLF message, a garbage line, half of another | its rest.
    const script = [
      'const w = (s) => process.stdout.write(s);',
      'w(\'{"jsonrpc":"2.0","id":1,"res\');',
      'setTimeout(() => w(\'ult":{}}\\n{"jsonrpc":"2.0","id":"route-me","result":{"a":1}}\\r\\nnot json\\n{"jsonrpc":"2.0","method":"notifications/\'), 50);',
      'setTimeout(() => w(\'message","params":{"level":"info","data":"x"}}\\n\'), 100);',
      'setTimeout(() => {}, 5000);',
    ].join('\n');
    const transport = new ObservedStdioTransport({ command: process.execPath, args: ['-e', script], env: {}, onStderrLine: () => {} });
    const messages: JSONRPCMessage[] = [];
    const routed: unknown[] = [];
    const errors: string[] = [];
    transport.onmessage = (message) => void messages.push(message);
    transport.onerror = (error) => void errors.push(error.message);
    transport.route = (message) => (message as { id?: unknown }).id === 'route-me' && routed.push(message) > 0;
    await transport.start();
    try {
      await waitUntil(() => messages.length === 2, 'two messages arrive');
      expect({ messages, routed, errors: errors.map((e) => e.slice(0, 16)) }).toEqual({
        messages: [
          { jsonrpc: '2.0', id: 1, result: {} },
          { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } },
        ],
        routed: [{ jsonrpc: '2.0', id: 'route-me', result: { a: 1 } }],
        errors: ['Unexpected token'],
      });
    } finally {
      await transport.close();
    }
  });
});
