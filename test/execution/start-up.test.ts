import { getEventListeners, getMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { SMALL_RUN_STEPS } from '../../src/execution/run-steps.js';
import { silentLogger } from '../../src/log.js';
import { callToolsParallel } from '../../src/tools/call-tools-parallel.js';
import { runPlan } from '../../src/tools/run-plan.js';

const FAST = resolve('test/fixtures/servers/crashing-server.mjs');
const SLOW = resolve('test/fixtures/servers/slow-start-server.mjs');

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function deps(servers: Record<string, Record<string, unknown>>, settings: Record<string, unknown> = {}) {
  const config = parseConfig({ mcpServers: servers, parallelMcp: settings }, { path: resolve('test.json'), env: {} });
  const pool = new DownstreamPool(config.servers, {
    log: silentLogger,
    onStderrLine: () => undefined,
    startTimeoutMs: config.settings.startTimeoutMs,
    cancelGraceMs: config.settings.cancelGraceMs,
  });
  pools.push(pool);
  return { pool, config, log: silentLogger, env: {}, durations: new DurationStats() };
}

const fast = { command: process.execPath, args: [FAST] };
const slow = (ms: number, extra: Record<string, unknown> = {}) => ({ command: process.execPath, args: [SLOW], env: { START_DELAY_MS: String(ms) }, ...extra });

describe('one slow server does not hold the others', () => {
  it("answers a ready server's call before a slow server has started, and reports when each call was sent", async () => {
    const d = deps({ fast, slow: slow(1500) });
    const { results } = await callToolsParallel(
      d,
      { calls: [{ server: 'fast', tool: 'whoami' }, { server: 'slow', tool: 'slow_echo', arguments: { message: 'late' } }] },
      {},
    );
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const [quick, waited] = results as [(typeof results)[0], (typeof results)[0]];
    // fast's interval ends before slow's call was even sent (slow was not ready before that).
    expect(quick.started_ms + quick.duration_ms).toBeLessThan(waited.started_ms);
    expect(waited.wait_ms).toBeGreaterThanOrEqual(1000);
    expect(waited.duration_ms).toBeLessThan(waited.wait_ms!);
  });

  it('waits for a starting server when no ready server offers a bare tool name', async () => {
    const d = deps({ fast, slow: slow(800) });
    await d.pool.resolveTool('fast', 'whoami'); // fast is ready, slow is not started
    const { results } = await callToolsParallel(d, { calls: [{ tool: 'slow_echo', arguments: { message: 'found' } }] }, {});
    expect(results[0]).toMatchObject({ ok: true, server: 'slow', tool: 'slow_echo', result: { content: [{ type: 'text', text: 'found' }] } });
  });

  it('gives server_unavailable, not unknown_tool, for a bare name when a server cannot start', async () => {
    const d = deps({ fast, broken: { command: process.execPath, args: [resolve('test/fixtures/servers/no-such-file.mjs')] } });
    const { results } = await callToolsParallel(d, { calls: [{ tool: 'only_on_broken' }] }, {});
    expect(results[0]!.error!.code).toBe('server_unavailable');
    expect(results[0]!.error!.message).toMatch(/^no ready server offers tool "only_on_broken", and server "broken" is unavailable: /);
  });

  it('applies startTimeoutMs from mcp.json (per server, then parallelMcp)', async () => {
    const d = deps({ slow: slow(3000, { startTimeoutMs: 300 }), other: slow(3000) }, { startTimeoutMs: 400 });
    const { results } = await callToolsParallel(d, { calls: [{ server: 'slow', tool: 'slow_echo', arguments: { message: 'x' } }, { server: 'other', tool: 'slow_echo', arguments: { message: 'x' } }] }, {});
    expect(results.map((r) => r.error?.message)).toEqual([
      expect.stringMatching(/^server "slow" is unavailable: it did not finish starting \(initialize and tools\/list\) within 300 ms/),
      expect.stringMatching(/^server "other" is unavailable: it did not finish starting \(initialize and tools\/list\) within 400 ms/),
    ]);
  });

  it('emits no MaxListenersExceededWarning when 50 calls wait for one starting server under one request signal', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const d = deps({ slow: slow(500) });
      const request = new AbortController();
      const calls = Array.from({ length: 50 }, (_, i) => ({ server: 'slow', tool: `t${i}` }));
      const { results } = await callToolsParallel(d, { calls, max_concurrency: 64 }, { signal: request.signal });
      expect(results.every((r) => r.ok)).toBe(true);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });

  it('leaves the listener limit of a small run\'s signal alone and still warns of nothing (3 calls waiting for a starting server)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const request = new AbortController();
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, getEventListeners(request.signal, 'abort').length)), 5);
    try {
      const d = deps({ slow: slow(400) });
      const calls = Array.from({ length: SMALL_RUN_STEPS }, (_, i) => ({ server: 'slow', tool: `t${i}` }));
      const { results } = await callToolsParallel(d, { calls, max_concurrency: 64 }, { signal: request.signal });
      expect(results.every((r) => r.ok)).toBe(true);
      await new Promise((r) => setImmediate(r));
    } finally {
      clearInterval(watch);
      process.off('warning', onWarning);
    }
    expect(getMaxListeners(request.signal)).toBe(10);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(10);
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });
});

describe('run_plan and servers not ready', () => {
  it('starts with the steps of ready servers while a slow server starts, and rejects a tool unknown to a ready server before running', async () => {
    const d = deps({ fast, slow: slow(1200) });
    await d.pool.resolveTool('fast', 'whoami');
    const rejected = await runPlan(d, { steps: [{ id: 'a', server: 'fast', tool: 'nope' }, { id: 'b', server: 'slow', tool: 'slow_echo', arguments: { message: 'x' } }] }, {});
    expect(rejected).toMatchObject({ ok: false, message: expect.stringContaining('steps[0].tool (unknown_tool)') });
    const ran = await runPlan(d, { steps: [{ id: 'a', server: 'fast', tool: 'whoami' }, { id: 'b', server: 'slow', tool: 'slow_echo', arguments: { message: 'x' } }] }, {});
    if (!ran.ok) throw new Error(ran.message);
    const [a, b] = ran.output.steps;
    expect([a!.status, b!.status]).toEqual(['ok', 'ok']);
    expect(a!.started_ms! + a!.duration_ms!).toBeLessThan(b!.started_ms!);
  });
});
