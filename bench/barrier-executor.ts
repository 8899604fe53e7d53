/**
 * Baseline: level-by-level execution with a barrier after each level — how the seed systems
 * and most agent frameworks run plans (asyncio.gather per batch). Inside a level at most
 * `maxConcurrency` steps run at once; when durations are given the level is dispatched
 * longest-first (LPT), which is kinder to the baseline than the seeds' plan order.
 * Bench only — never shipped.
 */

import { levels } from '../src/engine/graph.js';
import type { BaselineRun } from './fifo-executor.js';

export interface BarrierRun extends BaselineRun {
  /** id -> expected duration; when present each level runs longest-first. */
  durations?: ReadonlyMap<string, number>;
}

export async function runBarrier({ graph, runStep, maxConcurrency, durations }: BarrierRun): Promise<void> {
  for (const level of levels(graph)) {
    const order = durations
      ? [...level].sort((a, b) => (durations.get(b) ?? 0) - (durations.get(a) ?? 0))
      : level;
    await runPool(order, maxConcurrency, runStep);
  }
}

/** Runs every item with at most `limit` in flight, starting them in the given order. */
export async function runPool(items: readonly string[], limit: number, run: (item: string) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]!);
  };
  const workers = Math.min(items.length, limit === Infinity ? items.length : limit);
  await Promise.all(Array.from({ length: workers }, worker));
}
