/**
 * The order in which ready steps start, one rule for both runners (engine/scheduler.ts and
 * execution/flat-batch-order.ts): steps known to fail at once first (they cost nothing and
 * free their place), then the longest remaining work (`rank`: the step's estimate, else the
 * duration learned for its call shape or tool, else 1; in a DAG the longest path from it),
 * then the higher priority, then input order. Pure.
 */
import type { DurationStats } from './duration-stats.js';

/**
 * Negative when step a starts before step b. Each step is given by its keys: `first` 1 when
 * it fails at once (else 0), its rank, its priority, its input index.
 */
export function compareStarts(
  firstA: number, rankA: number, priorityA: number, indexA: number,
  firstB: number, rankB: number, priorityB: number, indexB: number,
): number {
  return firstB - firstA || rankB - rankA || priorityB - priorityA || indexA - indexB;
}

/** A step's own rank: its estimate, else what was learned under its keys, else 1. */
export function ownRank(estimatedMs: number | undefined, durations: DurationStats | undefined, key: string | undefined, detailKey: string | undefined): number {
  return estimatedMs ?? (durations === undefined || key === undefined ? undefined : durations.estimate(key, detailKey)) ?? 1;
}
