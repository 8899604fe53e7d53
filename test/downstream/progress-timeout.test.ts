/**
 * Progress-reset timeouts: progress from the server restarts a call's timeout (the SDK's
 * resetTimeoutOnProgress and our own report timer alike), bounded by a total.
 */
import * as z from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { silentLogger } from '../../src/log.js';
import { Downstream, serverConfig } from './in-memory-servers.js';

/** `ticker { ticks, every_ms }`: one progress notification every every_ms, then "done". */
function tickerServer(): Downstream {
  return new Downstream((server) => {
    server.registerTool('ticker', { inputSchema: { ticks: z.number(), every_ms: z.number() } }, async ({ ticks, every_ms }, extra) => {
      const token = extra._meta?.progressToken;
      for (let i = 1; i <= ticks; i++) {
        await new Promise((r) => setTimeout(r, every_ms));
        if (token !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: i, total: ticks } });
      }
      return { content: [{ type: 'text', text: 'done' }] };
    });
  });
}

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

async function ticker(config: Partial<ServerConfig>) {
  const downstream = tickerServer();
  const pool = new DownstreamPool([serverConfig('t', { cancelGraceMs: 0, ...config })], { log: silentLogger, transportFactory: () => downstream.transport() });
  pools.push(pool);
  const resolved = await pool.resolveTool('t', 'ticker');
  if (!('definition' in resolved)) throw new Error(resolved.message);
  return { pool, resolved };
}

// Ten ticks 40 ms apart: 400 ms in all, never 150 ms without progress.
const args = { ticks: 10, every_ms: 40 };

describe('progress-reset timeouts', () => {
  it('returns timeout at 150 ms when the server does not reset timeouts on progress', async () => {
    const { pool, resolved } = await ticker({});
    const outcome = await pool.callTool(resolved, args, { timeoutMs: 150 });
    expect(outcome.ok ? 'ok' : outcome.error.code).toBe('timeout');
  });

  it('returns the result when the server config resets the timeout on progress', async () => {
    const { pool, resolved } = await ticker({ resetTimeoutOnProgress: true });
    const outcome = await pool.callTool(resolved, args, { timeoutMs: 150 });
    expect(outcome).toEqual({ ok: true, result: { content: [{ type: 'text', text: 'done' }] } });
  });

  it('returns the result when the call itself asks for the reset', async () => {
    const { pool, resolved } = await ticker({});
    const outcome = await pool.callTool(resolved, args, { timeoutMs: 150, resetTimeoutOnProgress: true });
    expect(outcome.ok).toBe(true);
  });

  it('returns timeout at the total however often progress comes, and says so', async () => {
    const { pool, resolved } = await ticker({ resetTimeoutOnProgress: true, maxTotalTimeoutMs: 200 });
    const outcome = await pool.callTool(resolved, args, { timeoutMs: 150 });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('timeout');
      expect(outcome.error.message).toContain('of its last progress (or 200 ms in all)');
    }
  });

  it('passes progress on to the caller while resetting the timeout', async () => {
    const { pool, resolved } = await ticker({ resetTimeoutOnProgress: true });
    const seen: number[] = [];
    const outcome = await pool.callTool(resolved, { ticks: 3, every_ms: 20 }, { timeoutMs: 150, onProgress: (p) => seen.push(p.progress) });
    expect(outcome.ok).toBe(true);
    expect(seen).toEqual([1, 2, 3]);
  });
});
