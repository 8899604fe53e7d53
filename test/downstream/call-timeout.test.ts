/**
 * One owner of downstream call timeouts (src/downstream/call-timeout.ts): the call lane and
 * the SDK Client path get the same deadline, grace, progress reset and messages, because
 * both are timed by it. Each case runs on both paths against the same real McpServer
 * (over InMemoryTransport): a "stdio" server takes the lane, an "http" one the SDK Client.
 */
import * as z from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { DownstreamPool, type CallOptions } from '../../src/downstream/pool.js';
import type { LateAnswer } from '../../src/engine/outcome.js';
import { silentLogger } from '../../src/log.js';
import { Downstream, serverConfig } from './in-memory-servers.js';
import { timeoutRulesOf } from '../../src/downstream/call-timeout.js';

interface Seen {
  /** The JSON-RPC id type of each tools/call: "string" on the lane, "number" from the SDK Client. */
  idTypes: string[];
  /** When each cancellation reached the server (performance.now(): the server runs in this process). */
  cancelledAt: number[];
}

/** `slow { ms, every_ms? }`: ignores cancellation, sends progress every every_ms (when asked), answers "done" after ms. */
function slowServer(seen: Seen): Downstream {
  return new Downstream((server) => {
    server.registerTool('slow', { inputSchema: { ms: z.number(), every_ms: z.number().optional() } }, async ({ ms, every_ms }, extra) => {
      seen.idTypes.push(typeof extra.requestId);
      extra.signal.addEventListener('abort', () => void seen.cancelledAt.push(performance.now()));
      const token = extra._meta?.progressToken;
      let progress = 0;
      const ticker = every_ms !== undefined && token !== undefined ? setInterval(() => void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: ++progress } }).catch(() => undefined), every_ms) : undefined;
      await new Promise((resolve) => setTimeout(resolve, ms));
      clearInterval(ticker);
      return { content: [{ type: 'text', text: 'done' }] };
    });
  });
}

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

const PATHS: Array<{ path: string; config: Partial<ServerConfig>; idType: string }> = [
  { path: 'the call lane', config: {}, idType: 'string' },
  { path: 'the SDK Client', config: { transport: 'http', command: undefined, url: 'http://127.0.0.1:9/mcp' }, idType: 'number' },
];

describe.each(PATHS)('call timeouts on $path', ({ config, idType }) => {
  async function start(extra: Partial<ServerConfig>) {
    const seen: Seen = { idTypes: [], cancelledAt: [] };
    const downstream = slowServer(seen);
    const pool = new DownstreamPool([serverConfig('s', { ...config, ...extra })], { log: silentLogger, transportFactory: () => downstream.transport() });
    pools.push(pool);
    const resolved = await pool.resolveTool('s', 'slow');
    if (!('definition' in resolved)) throw new Error(resolved.message);
    const late: LateAnswer[] = [];
    const call = (args: Record<string, unknown>, options: CallOptions) => pool.callTool(resolved, args, { onLateAnswer: (answer) => void late.push(answer), ...options });
    return { seen, late, call };
  }

  it('reports timeout at the deadline with the one message, takes the answer within the grace as late, and cancels nothing', async () => {
    const { seen, late, call } = await start({ cancelGraceMs: 2000 });
    const outcome = await call({ ms: 150 }, { timeoutMs: 50 });
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'timeout', message: 's.slow gave no result within 50 ms; the downstream request is cancelled unless it answers within 2000 ms more' },
    });
    await waitUntil(() => late.length === 1);
    expect({ late, seen }).toEqual({
      late: [{ ok: true, result: { content: [{ type: 'text', text: 'done' }] }, after_ms: expect.any(Number) }],
      seen: { idTypes: [idType], cancelledAt: [] },
    });
  });

  it('sends one cancellation when the grace after the timeout passes with no answer', async () => {
    const { seen, late, call } = await start({ cancelGraceMs: 100 });
    const before = performance.now();
    expect(await call({ ms: 800 }, { timeoutMs: 50 })).toMatchObject({ ok: false, error: { code: 'timeout' } });
    await waitUntil(() => seen.cancelledAt.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.cancelledAt).toHaveLength(1);
    // Not before the timeout and its grace. Each of the two deadlines may fire up to 2 ms early on
    // the precise clock (libuv's millisecond loop clock, and the deadline queue's 1 ms slack).
    expect(seen.cancelledAt[0]! - before).toBeGreaterThanOrEqual(146);
    expect(late).toEqual([]);
  });

  it('keeps the grace after a progress-reset total fixed while progress goes on, then sends one cancellation', async () => {
    const { seen, call } = await start({ cancelGraceMs: 100, resetTimeoutOnProgress: true, maxTotalTimeoutMs: 100 });
    const progress: number[] = [];
    const before = performance.now();
    // A timer due well after the total and its grace (200 ms): timers fire in due order, however loaded the machine.
    let referenceFiredAt: number | undefined;
    const reference = setTimeout(() => (referenceFiredAt = performance.now()), 290);
    const outcome = await call({ ms: 1500, every_ms: 20 }, { timeoutMs: 60, onProgress: (p) => void progress.push(p.progress) });
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'timeout',
        message: 's.slow gave no result within 60 ms of its last progress (or 100 ms in all); the downstream request is cancelled unless it answers within 100 ms more',
      },
    });
    // Progress went on past the report. The SDK's own timer restarted on it and, past its total, was left
    // running (it cancelled ~150 ms later than this): the owner's grace is fixed at the report.
    await waitUntil(() => seen.cancelledAt.length === 1 && referenceFiredAt !== undefined);
    clearTimeout(reference);
    // Not before the total and its grace (each deadline up to 2 ms early, as above).
    expect(seen.cancelledAt[0]! - before).toBeGreaterThanOrEqual(196);
    expect(seen.cancelledAt[0]!).toBeLessThan(referenceFiredAt!);
    expect(progress.length).toBeGreaterThan(2);
  });

  it('cancels at once when the caller aborts, with one cancellation and the cancelled message', async () => {
    const { seen, late, call } = await start({ cancelGraceMs: 100 });
    const controller = new AbortController();
    const pending = call({ ms: 400 }, { signal: controller.signal, timeoutMs: 5000 });
    await waitUntil(() => seen.idTypes.length === 1);
    controller.abort('enough');
    expect(await pending).toEqual({ ok: false, error: { code: 'cancelled', message: 's.slow was cancelled by the caller; the downstream request was cancelled' } });
    await waitUntil(() => seen.cancelledAt.length === 1);
    await new Promise((r) => setTimeout(r, 150));
    // McpServer answers a cancelled request with nothing: no late answer, and no second cancellation.
    expect({ cancellations: seen.cancelledAt.length, late }).toEqual({ cancellations: 1, late: [] });
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('timeoutRulesOf', () => {
  const defaults = { graceMs: 50, resetTimeoutOnProgress: false, maxTotalTimeoutMs: 900 };

  it('hands the calls of a batch one frozen rules object, and a new one when any rule differs', () => {
    const first = timeoutRulesOf(defaults, {}, 1000, 1000);
    expect(first).toEqual({ timeoutMs: 1000, remainingMs: 1000, resetOnProgress: false, maxTotalMs: undefined, graceMs: 50 });
    expect(Object.isFrozen(first)).toBe(true);
    expect(timeoutRulesOf({ ...defaults }, {}, 1000, 1000)).toBe(first);
    const variants = [
      timeoutRulesOf(defaults, {}, 1000, 999),
      timeoutRulesOf(defaults, {}, 999, 999),
      timeoutRulesOf(defaults, { resetTimeoutOnProgress: true }, 999, 999),
      timeoutRulesOf(defaults, { resetTimeoutOnProgress: true, maxTotalTimeoutMs: 5000 }, 999, 999),
      timeoutRulesOf({ ...defaults, graceMs: 0 }, { resetTimeoutOnProgress: true, maxTotalTimeoutMs: 5000 }, 999, 999),
    ];
    expect(variants).toEqual([
      { timeoutMs: 1000, remainingMs: 999, resetOnProgress: false, maxTotalMs: undefined, graceMs: 50 },
      { timeoutMs: 999, remainingMs: 999, resetOnProgress: false, maxTotalMs: undefined, graceMs: 50 },
      { timeoutMs: 999, remainingMs: 999, resetOnProgress: true, maxTotalMs: 900, graceMs: 50 },
      { timeoutMs: 999, remainingMs: 999, resetOnProgress: true, maxTotalMs: 5000, graceMs: 50 },
      { timeoutMs: 999, remainingMs: 999, resetOnProgress: true, maxTotalMs: 5000, graceMs: 0 },
    ]);
    expect(new Set([first, ...variants]).size).toBe(6);
  });
});
