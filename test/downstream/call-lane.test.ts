/**
 * The call lane (src/downstream/call-lane.ts): plain tools/call requests to a stdio server
 * bypass the SDK Client. Against a real stdio fixture server (lane-server.mjs) that records
 * the ids it is sent and rewrites some answers into what real servers get wrong.
 */
import { resolve } from 'node:path';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { requestLine } from '../../src/downstream/call-lane.js';
import { DownstreamPool, type ResolvedTool } from '../../src/downstream/pool.js';
import type { CallOutcome } from '../../src/engine/outcome.js';
import { silentLogger } from '../../src/log.js';

const LANE = resolve('test/fixtures/servers/lane-server.mjs');

function config(extra: Partial<ServerConfig> = {}): ServerConfig {
  return { name: 'lane', transport: 'stdio', command: process.execPath, args: [LANE], env: {}, headers: {}, disabled: false, ...extra };
}

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

async function start(extra: Partial<ServerConfig> = {}) {
  const logged: string[] = [];
  const log = { ...silentLogger, debug: (message: string) => void logged.push(message) };
  const pool = new DownstreamPool([config(extra)], { log, onStderrLine: () => undefined });
  pools.push(pool);
  await pool.startAll();
  const tool = async (name: string): Promise<ResolvedTool> => {
    const found = await pool.resolveTool('lane', name);
    if (!('definition' in found)) throw new Error(found.message);
    return found;
  };
  const call = async (name: string, args: Record<string, unknown> = {}, options = {}): Promise<CallOutcome> => pool.callTool(await tool(name), args, options);
  const seen = async () => {
    const outcome = await call('seen');
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.result.structuredContent as { ids: unknown[]; tokens: unknown[]; cancelled: unknown[]; reads: number[] };
  };
  return { pool, tool, call, seen, logged };
}

const text = (value: string) => ({ ok: true, result: { content: [{ type: 'text', text: value }] } });

describe('the call lane over stdio', () => {
  it('sends tools/call with the lane ids pm-<n>, not through the SDK Client (whose ids are numbers)', async () => {
    const { call, seen } = await start();
    expect(await call('echo', { text: 'a' })).toEqual(text('a'));
    expect(await call('echo', { text: 'b' })).toEqual(text('b'));
    const { ids, tokens } = await seen();
    expect(ids).toEqual(['pm-1', 'pm-2', 'pm-3']);
    expect(tokens).toEqual([]);
  });

  it('gives each of 50 concurrent calls its own answer when the answers come out of order', async () => {
    const { call } = await start();
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => call('sleep', { ms: (50 - i) * 2, text: `t${i}` })));
    expect(outcomes).toEqual(Array.from({ length: 50 }, (_, i) => text(`t${i}`)));
  });

  it('passes progress on with the lane id as token while a log notification and a ping from the server go through the SDK', async () => {
    const { call, seen } = await start();
    const progress: unknown[] = [];
    expect(await call('chatty', { text: 'done' }, { onProgress: (p: unknown) => progress.push(p) })).toEqual(text('done'));
    expect(progress).toEqual([{ progress: 1, total: 2, message: 'half' }, { progress: 2 }]);
    expect((await seen()).tokens).toEqual(['pm-1']);
  });

  it('ignores answers to ids nobody asked for (reported, as the SDK reports them) and still delivers the real one', async () => {
    const { call, logged } = await start();
    const [first, second] = await Promise.all([call('stray', { text: 'mine' }), call('echo', { text: 'other' })]);
    expect(first).toEqual(text('mine'));
    expect(second).toEqual(text('other'));
    expect(logged.filter((line) => line.includes('unknown message ID')).length).toBe(2);
  });

  it('names an answer with neither result nor error invalid_result', async () => {
    const { call } = await start();
    const outcome = await call('no_envelope');
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'invalid_result', message: expect.stringMatching(/^lane\.no_envelope returned a malformed result: expected a JSON-RPC answer with "result" or "error" \{ code, message \}, got \{"jsonrpc":"2\.0","id":"pm-1"\}$/) },
    });
  });

  it('reports a JSON-RPC error answer as tool_error with the code and data, as the SDK Client reports it', async () => {
    const { call } = await start();
    expect(await call('rpc_error')).toEqual({
      ok: false,
      error: { code: 'tool_error', message: 'MCP error -32602: bad arguments', details: { code: -32602, data: { field: 'x' } } },
    });
  });

  it('reports a server\'s own -32000 or -32001 answer as tool_error (an answer), not as a closed connection or a timeout', async () => {
    const { call } = await start();
    expect(await call('rpc_error_32000')).toEqual({
      ok: false,
      error: { code: 'tool_error', message: 'MCP error -32000: auth failed', details: { code: -32000 } },
    });
    // Even with the very message of the SDK's own timer: it came over the wire.
    expect(await call('rpc_error_32001')).toEqual({
      ok: false,
      error: { code: 'tool_error', message: 'MCP error -32001: Request timed out', details: { code: -32001 } },
    });
    expect(await call('echo', { text: 'still here' })).toEqual(text('still here'));
  });

  it('returns results the SDK schema would change as it changes them (unknown keys stripped), and checks images by it', async () => {
    const { call } = await start();
    expect(await call('extra_keys')).toEqual(text('kept'));
    expect(await call('image')).toEqual({ ok: true, result: { content: [{ type: 'image', data: 'aGk=', mimeType: 'image/png' }] } });
  });

  it("checks structuredContent against the tool's outputSchema, with the SDK Client's message", async () => {
    const { call } = await start();
    const outcome = await call('typed');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('invalid_result');
      expect(outcome.error.message).toMatch(/^lane\.typed returned a malformed result: Structured content does not match the tool's output schema: .*n/);
    }
  });

  it('sends one notifications/cancelled with the lane id when the caller cancels, and no second one', async () => {
    const { call, seen } = await start({ cancelGraceMs: 2000 });
    const controller = new AbortController();
    const late: unknown[] = [];
    // The server answers 3 s after it reads the call: the abort comes first however loaded the machine.
    const pending = call('sleep', { ms: 3000, text: 'late' }, { signal: controller.signal, onLateAnswer: (answer: unknown) => late.push(answer) });
    await new Promise((r) => setTimeout(r, 50));
    controller.abort('enough');
    expect(await pending).toEqual({ ok: false, error: { code: 'cancelled', message: 'lane.sleep was cancelled by the caller; the downstream request was cancelled' } });
    expect((await seen()).cancelled).toEqual(['pm-1']);
    // McpServer answers a cancelled request with nothing: no late answer, and no second cancellation.
    await new Promise((r) => setTimeout(r, 250));
    expect(late).toEqual([]);
    expect((await seen()).cancelled).toEqual(['pm-1']);
  });

  it('reports timeout at the timeout, takes the answer within the grace as a late answer, and sends no cancellation', async () => {
    const { call, seen } = await start({ cancelGraceMs: 2000 });
    const late: unknown[] = [];
    // The answer comes 1 s after the server reads the call: after the 50 ms timeout, well within the grace.
    const outcome = await call('sleep', { ms: 1000, text: 'late' }, { timeoutMs: 50, onLateAnswer: (answer: unknown) => late.push(answer) });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'timeout' } });
    for (let i = 0; i < 500 && late.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(late).toEqual([{ ok: true, result: { content: [{ type: 'text', text: 'late' }] }, after_ms: expect.any(Number) }]);
    expect((await seen()).cancelled).toEqual([]);
  });

  it('sends one notifications/cancelled when the grace after a timeout passes with no answer', async () => {
    const { call, seen } = await start({ cancelGraceMs: 50 });
    const outcome = await call('sleep', { ms: 3000, text: 'never' }, { timeoutMs: 50 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'timeout' } });
    await new Promise((r) => setTimeout(r, 150));
    expect((await seen()).cancelled).toEqual(['pm-1']);
  });

  it('cancels 20 calls under one signal with one cancellation each and no listener-leak warning', async () => {
    const { call, seen } = await start({ cancelGraceMs: 100 });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const pending = Array.from({ length: 20 }, (_, i) => call('sleep', { ms: 3000, text: `t${i}` }, { signal: controller.signal }));
      await new Promise((r) => setTimeout(r, 50));
      controller.abort('stop');
      const outcomes = await Promise.all(pending);
      expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(Array.from({ length: 20 }, () => 'cancelled'));
      expect([...(await seen()).cancelled].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `pm-${i + 1}`).sort());
      await new Promise((r) => setImmediate(r));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('writes 40 calls issued in one tick to the server in one read, one line each, and gives each call its own answer', async () => {
    const { pool, tool, seen } = await start();
    const echo = await tool('echo');
    const before = (await seen()).reads.length;
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => pool.callTool(echo, { text: `t${i}` })));
    expect(outcomes).toEqual(Array.from({ length: 40 }, (_, i) => text(`t${i}`)));
    // The chunks the server read after the first `seen` call: the 40 requests came together.
    expect((await seen()).reads.slice(before)).toEqual([40, 1]);
  });

  it('holds one timer for 200 calls in flight, not one each', async () => {
    const { pool, tool } = await start();
    const sleep = await tool('sleep');
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    let timersWhileIssuing: number;
    let pending: Promise<CallOutcome>[];
    try {
      pending = Array.from({ length: 200 }, (_, i) => pool.callTool(sleep, { ms: 20, text: `t${i}` }, { timeoutMs: 10_000 + i }));
      timersWhileIssuing = setTimeoutSpy.mock.calls.length;
    } finally {
      setTimeoutSpy.mockRestore();
    }
    expect(await Promise.all(pending)).toEqual(Array.from({ length: 200 }, (_, i) => text(`t${i}`)));
    expect(timersWhileIssuing).toBeLessThanOrEqual(1);
  });

  it('fails each call in flight with one transport_error when the server exits mid-batch, and the next call restarts it', async () => {
    const { pool, tool, call } = await start({ cancelGraceMs: 100 });
    const sleep = await tool('sleep');
    const exit = await tool('exit');
    const late: unknown[] = [];
    const reports = new Array<number>(31).fill(0);
    const calls = [
      ...Array.from({ length: 30 }, (_, i) => pool.callTool(sleep, { ms: 5000, text: `t${i}` }, { onLateAnswer: (answer) => void late.push(answer) })),
      pool.callTool(exit, { ms: 50 }),
    ].map((pending, i) => pending.then((outcome) => ((reports[i]! += 1), outcome)));
    const outcomes = await Promise.all(calls);
    expect(outcomes.map((o) => (o.ok ? 'ok' : `${o.error.code}: ${o.error.message.replace(/lane\.\w+/, 'lane.x')}`))).toEqual(
      Array.from({ length: 31 }, () => 'transport_error: server "lane" exited with code 3 while lane.x was in flight'),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect({ reports, late }).toEqual({ reports: new Array<number>(31).fill(1), late: [] });
    expect(await call('echo', { text: 'again' })).toEqual(text('again'));
  });
});

describe('the call lane request line', () => {
  it('is byte for byte what JSON.stringify gives for the request message', () => {
    const cases: Array<[string, Record<string, unknown>, boolean]> = [
      ['echo', { message: 'hi' }, false],
      ['echo', { message: 'hi' }, true],
      ['odd "name" \\ é', { text: 'ünïcødé \u2028 "quoted" \n', n: 1.5, nested: { list: [1, null, { a: true }] }, skip: undefined }, true],
      ['empty', {}, false],
      ['dated', { when: new Date(0) }, false],
      // The tool of the line before is cached: the same twice, then another, then the empty name.
      ['dated', { when: new Date(1) }, true],
      ['', { a: 1 }, false],
      ['echo', { toJSON: () => undefined }, false],
      ['echo', { toJSON: () => undefined }, true],
      ['', {}, true],
    ];
    for (const [tool, args, withProgress] of cases) {
      const id = 'pm-42';
      const params = withProgress ? { name: tool, arguments: args, _meta: { progressToken: id } } : { name: tool, arguments: args };
      expect(requestLine(id, tool, args, withProgress)).toBe(serializeMessage({ jsonrpc: '2.0', id, method: 'tools/call', params }));
    }
  });
});
