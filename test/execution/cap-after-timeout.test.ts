import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { silentLogger } from '../../src/log.js';
import { callToolsParallel } from '../../src/tools/call-tools-parallel.js';
import { maxOverlap } from '../downstream/in-memory-servers.js';

const COUNTER = resolve('test/fixtures/servers/slow-counter-server.mjs');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function counterDeps(server: Record<string, unknown>) {
  const dir = await mkdtemp(join(tmpdir(), 'cap-after-timeout-'));
  const file = join(dir, 'counter.json');
  const config = parseConfig(
    { mcpServers: { counter: { command: process.execPath, args: [COUNTER], env: { COUNTER_FILE: file }, maxConcurrency: 1, ...server } } },
    { path: join(dir, 'mcp.json'), env: {} },
  );
  const pool = new DownstreamPool(config.servers, { log: silentLogger, onStderrLine: () => undefined });
  cleanups.push(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });
  const runs = async () =>
    (await readFile(`${file}.log`, 'utf8').catch(() => ''))
      .trim()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [start, end, pid] = line.split(' ').map(Number) as [number, number, number];
        return { start, end, pid };
      });
  const stored = async () => JSON.parse(await readFile(file, 'utf8')).value as number;
  return { deps: { pool, config, log: silentLogger, env: {}, durations: new DurationStats() }, runs, stored };
}

const text = (result: unknown) => ((result as { content?: Array<{ text?: string }> }).content?.[0]?.text ?? '');

describe('a server cap after timeouts', () => {
  it('never lets calls overlap on a capped server whose tool ignores cancellation, and keeps the late answers', async () => {
    const { deps, runs, stored } = await counterDeps({});
    await deps.pool.startAll();
    const calls = Array.from({ length: 5 }, () => ({ server: 'counter', tool: 'increment' }));
    const { results } = await callToolsParallel(deps, { calls, timeout_ms: 200 }, {});
    expect(results.map((r) => r.error?.code)).toEqual(['timeout', 'timeout', 'timeout', 'timeout', 'timeout']);
    // Each call ran, one at a time; the first four answered while the batch still ran.
    expect(results.slice(0, 4).map((r) => [r.late?.ok, text(r.late?.result)])).toEqual([
      [true, '1'],
      [true, '2'],
      [true, '3'],
      [true, '4'],
    ]);
    expect(results[0]!.late!.after_ms).toBeGreaterThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 400)); // the last one finishes
    const intervals = await runs();
    expect(intervals).toHaveLength(5);
    expect(maxOverlap(intervals)).toBe(1);
    expect(await stored()).toBe(5);
  });

  it('restarts a capped stdio server whose cancelled call runs past the grace, before the next call', async () => {
    const { deps, runs } = await counterDeps({ cancelGraceMs: 200 });
    const first = await callToolsParallel(deps, { calls: [{ server: 'counter', tool: 'pid' }] }, {});
    const firstPid = Number(text(first.results[0]!.result));
    const { results } = await callToolsParallel(
      deps,
      {
        calls: [
          { server: 'counter', tool: 'increment', arguments: { ms: 3000 }, timeout_ms: 100 },
          { server: 'counter', tool: 'increment', arguments: { ms: 10 }, timeout_ms: 10_000 },
        ],
      },
      {},
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(['timeout', 'ok']);
    // The second call waited for the slot (timeout + grace), then ran on a new process.
    expect(results[1]!.started_ms).toBeGreaterThanOrEqual(300);
    const intervals = await runs();
    expect(intervals).toHaveLength(1);
    expect(intervals[0]!.pid).not.toBe(firstPid);
    expect(() => process.kill(firstPid, 0)).toThrow();
  });
});
