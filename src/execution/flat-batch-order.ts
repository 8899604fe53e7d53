/**
 * What a flat batch (flat-batch.ts) works out before its first call, as scheduleSteps and the
 * scheduler do: each step's fixed arguments checked once, the duration keys its success is
 * learned under, and the start order, the scheduler's (engine/start-order.ts): calls known to
 * fail first, then the longest estimate (`estimated_ms`, else the learned duration of the
 * call's shape or tool, else 1), then priority, then input order.
 */
import type { DownstreamPool, ResolvedTool } from '../downstream/pool.js';
import type { CallError } from '../engine/outcome.js';
import { compareStarts, ownRank } from '../engine/start-order.js';
import { callShapeKey, toolDurationKey } from './duration-keys.js';
import type { Resolution, RunnableStep, RunStepsOptions } from './run-steps.js';
import { isResolved } from './step-checks.js';

export interface FlatBatchPlan {
  /** `order[k]` is the index of the k-th step to start; undefined when that is input order. */
  order: Int32Array | undefined;
  /** Per step, with durations: the tool's key and, where the scheduler learns it, the call shape's. */
  toolKeys: string[] | undefined;
  detailKeys: Array<string | undefined> | undefined;
  /** Steps whose fixed arguments failed the check (they fail at once). */
  invalid: Map<number, CallError> | undefined;
}

/** The server a step's call goes to (the scheduled step's `server`). */
export function serverOfStep(pool: DownstreamPool, step: RunnableStep, resolution: Resolution): string | undefined {
  return isResolved(resolution) ? resolution.server : pool.serverNamed(step.server, step.tool);
}

/** What scheduleSteps works out per step before the run: argument checks, duration keys, the start order. */
export function prepareFlatBatch(
  pool: DownstreamPool,
  steps: readonly RunnableStep[],
  known: ReadonlyArray<Resolution>,
  options: RunStepsOptions,
): FlatBatchPlan {
  const n = steps.length;
  const plan: FlatBatchPlan = { order: undefined, toolKeys: undefined, detailKeys: undefined, invalid: undefined };
  const durations = options.durations;
  const queued = n > options.maxConcurrency;
  let first: Uint8Array | undefined;
  let ranks: Float64Array | undefined;
  let priorities: Float64Array | undefined;
  let sameRank = true;
  let firstRank = NaN;
  // Consecutive calls of one tool share their key and cap (resolveKnownTools gives them one resolution).
  let lastResolution: Resolution | undefined;
  let lastTool = '';
  let lastServer: string | undefined;
  let toolKey = '';
  let capped = false;
  if (durations) plan.toolKeys = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const step = steps[i]!;
    const resolution = known[i]!;
    let failsAtOnce = !isResolved(resolution);
    if (!failsAtOnce) {
      const invalid = pool.validateArguments(resolution as ResolvedTool, step.arguments ?? {});
      if (invalid) {
        (plan.invalid ??= new Map()).set(i, invalid);
        failsAtOnce = true;
      }
    }
    if (failsAtOnce) (first ??= new Uint8Array(n))[i] = 1;
    if (step.priority !== undefined && step.priority !== 0) (priorities ??= new Float64Array(n))[i] = step.priority;
    if (i === 0 || resolution !== lastResolution || step.tool !== lastTool || step.server !== lastServer) {
      lastResolution = resolution;
      lastTool = step.tool;
      lastServer = step.server;
      const server = serverOfStep(pool, step, resolution);
      toolKey = durations ? toolDurationKey(server, step.tool) : '';
      capped = server !== undefined && pool.maxConcurrencyOf(server) !== undefined;
    }
    let detailKey: string | undefined;
    if (durations) {
      plan.toolKeys![i] = toolKey;
      if (step.estimatedMs === undefined) {
        detailKey = (queued || capped) && durations.shapesMatter(toolKey) ? callShapeKey(toolKey, step.arguments) : undefined;
        if (detailKey !== undefined) (plan.detailKeys ??= new Array<string | undefined>(n))[i] = detailKey;
      }
    }
    const rank = ownRank(step.estimatedMs, durations, toolKey, detailKey);
    if (i === 0) firstRank = rank;
    else if (rank !== firstRank) sameRank = false;
    if (!sameRank) ranks ??= new Float64Array(n).fill(firstRank, 0, i);
    if (ranks) ranks[i] = rank;
  }
  if (first === undefined && priorities === undefined && sameRank) return plan;
  // The scheduler's start order, on indices (a missing table: the same key for every step).
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) =>
    compareStarts(
      first === undefined ? 0 : first[a]!, ranks === undefined ? firstRank : ranks[a]!, priorities === undefined ? 0 : priorities[a]!, a,
      first === undefined ? 0 : first[b]!, ranks === undefined ? firstRank : ranks[b]!, priorities === undefined ? 0 : priorities[b]!, b,
    ),
  );
  plan.order = order;
  return plan;
}
