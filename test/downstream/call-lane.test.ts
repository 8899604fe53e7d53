/**
 * The call lane (src/downstream/call-lane.ts): plain tools/call requests to a stdio server
 * bypass the SDK Client. Against a real stdio fixture server (lane-server.mjs) that records
 * the ids it is sent and rewrites some answers into what real servers get wrong.
 */
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
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
    return outcome.result.structuredContent as { ids: unknown[]; tokens: unknown[]; cancelled: unknown[] };
  };
  return { pool, call, seen, logged };
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
    const pending = call('sleep', { ms: 150, text: 'late' }, { signal: controller.signal, onLateAnswer: (answer: unknown) => late.push(answer) });
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
    const outcome = await call('sleep', { ms: 200, text: 'late' }, { timeoutMs: 50, onLateAnswer: (answer: unknown) => late.push(answer) });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'timeout' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(late).toEqual([{ ok: true, result: { content: [{ type: 'text', text: 'late' }] }, after_ms: expect.any(Number) }]);
    expect((await seen()).cancelled).toEqual([]);
  });

  it('sends one notifications/cancelled when the grace after a timeout passes with no answer', async () => {
    const { call, seen } = await start({ cancelGraceMs: 50 });
    const outcome = await call('sleep', { ms: 400, text: 'never' }, { timeoutMs: 50 });
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
      const pending = Array.from({ length: 20 }, (_, i) => call('sleep', { ms: 300, text: `t${i}` }, { signal: controller.signal }));
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
});
