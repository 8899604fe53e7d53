/**
 * Runs tool-call steps through the one scheduler against the downstream pool: the shared
 * path of call_tools_parallel (steps without edges) and run_plan (a DAG).
 *
 * This is composition, not logic: tool resolution and argument checks come from the pool,
 * ordering, caps, retries and timeouts from engine/scheduler.ts, data flow from
 * engine/references.ts. No SDK import here.
 */
import type { CallOptions, DownstreamPool, ResolvedTool } from '../downstream/pool.js';
import { RETRYABLE_ERROR_CODES, callError, valueOfResult, type CallError, type CallOutcome } from '../engine/outcome.js';
import { resolveArguments } from '../engine/references.js';
import {
  runSchedule,
  type FailureMode,
  type RetryPolicy,
  type ScheduleResult,
  type ScheduledStep,
  type SchedulerEvent,
  type StepRecord,
} from '../engine/scheduler.js';
import type { DurationStats } from '../engine/duration-stats.js';

export interface RunnableStep {
  id: string;
  server?: string;
  tool: string;
  arguments?: Record<string, unknown>;
  dependsOn: readonly string[];
  timeoutMs?: number;
  retries?: number;
  estimatedMs?: number;
  priority?: number;
}

export interface RunStepsOptions {
  maxConcurrency: number;
  failureMode: FailureMode;
  /** Per-call timeout when neither the step nor its server sets one. */
  defaultTimeoutMs: number;
  /** A server's own timeoutMs from mcp.json, if any. */
  serverTimeoutOf?: (server: string) => number | undefined;
  /** Whole-run timeout. */
  timeoutMs?: number;
  retries?: number;
  retry?: Partial<RetryPolicy>;
  maxCallsPerSecond?: number;
  signal?: AbortSignal;
  durations?: DurationStats;
  onEvent?: (event: SchedulerEvent) => void;
}

export type Resolution = ResolvedTool | CallError;

/** A failed resolution older than this is tried again even on a step's first attempt. */
const STALE_RESOLUTION_MS = 1000;

export function isResolved(resolution: Resolution): resolution is ResolvedTool {
  return 'definition' in resolution;
}

/**
 * Resolves every distinct (server, tool) once, concurrently. The answer is by position in
 * `steps`, not by id: a plan with a duplicate id is rejected, but its other problems must
 * still be reported against the right step.
 */
export async function resolveSteps<S extends Pick<RunnableStep, 'server' | 'tool'>>(
  pool: DownstreamPool,
  steps: readonly S[],
  options: {
    signal?: AbortSignal;
    /** How long a step may wait for its server to start: its own timeout, usually. */
    timeoutOf: (step: S) => number;
  },
): Promise<Resolution[]> {
  // A server that never finishes starting must not hold a call past its timeout. Steps that
  // share a tool share one resolution, which waits as long as the most patient of them.
  const waitByKey = new Map<string, number>();
  const keys: string[] = [];
  for (const step of steps) {
    const key = `${step.server ?? ''}\u0000${step.tool}`;
    keys.push(key);
    waitByKey.set(key, Math.max(waitByKey.get(key) ?? 0, options.timeoutOf(step)));
  }
  const byKey = new Map<string, Promise<Resolution>>();
  steps.forEach((step, i) => {
    const key = keys[i]!;
    if (byKey.has(key)) return;
    const wait = { timeoutMs: waitByKey.get(key)!, ...(options.signal ? { signal: options.signal } : {}) };
    byKey.set(key, pool.resolveTool(step.server, step.tool, wait));
  });
  // One await for all distinct tools, not one per step.
  const distinct = [...byKey.keys()];
  const settled = await Promise.all(byKey.values());
  const byDistinct = new Map(distinct.map((key, i) => [key, settled[i]!]));
  return keys.map((key) => byDistinct.get(key)!);
}

/**
 * Schedules the steps. A step whose tool did not resolve fails with the resolution error
 * (call_tools_parallel keeps it to that call; run_plan rejects unknown servers and tools
 * before this). When that error is retryable (the server was unavailable), each attempt
 * resolves again, so a server that comes back is used; `resolutions` is updated in place.
 */
export function runSteps(
  pool: DownstreamPool,
  steps: readonly RunnableStep[],
  /** By position in `steps` (see resolveSteps); step ids must be unique. */
  resolutions: Resolution[],
  options: RunStepsOptions,
): Promise<ScheduleResult> {
  const positionOf = new Map(steps.map((step, index) => [step.id, index]));
  /** When `resolutions` were made (by resolveSteps, just before this). */
  const resolvedAt = performance.now();
  // Arguments without a "{{" anywhere resolve to an equal copy of themselves: send them as they are.
  const withReferences = new Set(steps.filter((step) => mayHoldReferences(step.arguments)).map((step) => step.id));
  const serverCaps = new Map<string, number>();
  // Arguments that cannot change (no references) are checked once, here: a call known to fail
  // before it is sent is dispatched first, so fail_fast sees it before slow calls start.
  const invalidArguments = new Map<number, CallError>();
  /** Positions whose (fixed) arguments passed that check: not checked again per attempt. */
  const validArguments = new Set<number>();
  const scheduled: ScheduledStep[] = steps.map((step, index) => {
    const resolution = resolutions[index];
    let failsAtOnce = resolution !== undefined && !isResolved(resolution) && !RETRYABLE_ERROR_CODES.has(resolution.code);
    if (resolution && isResolved(resolution) && !withReferences.has(step.id)) {
      const invalid = pool.validateArguments(resolution, step.arguments ?? {});
      if (invalid) {
        invalidArguments.set(index, invalid);
        failsAtOnce = true;
      } else {
        validArguments.add(index);
      }
    }
    const server = resolution && isResolved(resolution) ? resolution.server : step.server;
    const cap = server === undefined ? undefined : pool.maxConcurrencyOf(server);
    if (server !== undefined && cap !== undefined) serverCaps.set(server, cap);
    const timeoutMs =
      step.timeoutMs ?? (server === undefined ? undefined : options.serverTimeoutOf?.(server)) ?? options.defaultTimeoutMs;
    return {
      id: step.id,
      dependsOn: step.dependsOn,
      ...(server === undefined ? {} : { server }),
      durationKey: `${server ?? '?'}/${step.tool}`,
      timeoutMs,
      ...(step.retries ?? options.retries) !== undefined ? { retries: step.retries ?? options.retries } : {},
      ...(step.estimatedMs === undefined ? {} : { estimatedMs: step.estimatedMs }),
      ...(step.priority === undefined ? {} : { priority: step.priority }),
      ...(failsAtOnce ? { settlesAtOnce: true } : {}),
    };
  });

  // Not async: the pool's promise goes straight back to the scheduler, with no extra hops.
  const execute = (
    step: ScheduledStep,
    context: { attempt: number; signal: AbortSignal; timeoutMs?: number; records: ReadonlyMap<string, StepRecord> },
  ): CallOutcome | Promise<CallOutcome> => {
    const position = positionOf.get(step.id)!;
    const resolution = resolutions[position];
    const source = steps[position]!;
    if (!resolution) return { ok: false, error: callError('internal_error', `step "${step.id}" was not resolved`) };
    if (!isResolved(resolution)) {
      // A server that was down when the plan started may be back for a retry, or for a step
      // that became ready later; a first attempt right after the failure just reports it.
      const fresh = context.attempt === 1 && performance.now() - resolvedAt < STALE_RESOLUTION_MS;
      if (!RETRYABLE_ERROR_CODES.has(resolution.code) || context.signal.aborted || fresh) return { ok: false, error: resolution };
      const wait = { signal: context.signal, ...(context.timeoutMs === undefined ? {} : { timeoutMs: context.timeoutMs }) };
      return pool.resolveTool(source.server, source.tool, wait).then((again) => {
        resolutions[position] = again;
        return isResolved(again) ? call(step, position, again, context) : { ok: false, error: again };
      });
    }
    const invalid = invalidArguments.get(position);
    if (invalid) return { ok: false, error: invalid };
    return call(step, position, resolution, context);
  };

  const call = (
    step: ScheduledStep,
    position: number,
    resolution: ResolvedTool,
    context: { signal: AbortSignal; timeoutMs?: number; records: ReadonlyMap<string, StepRecord> },
  ): CallOutcome | Promise<CallOutcome> => {
    const source = steps[position]!;
    let args = source.arguments ?? {};
    if (withReferences.has(step.id)) {
      const resolved = resolveArguments(source.arguments, (id) => lookupValue(context.records, id));
      if (!resolved.ok) return { ok: false, error: resolved.error };
      args = resolved.value;
    }
    if (!validArguments.has(position)) {
      const invalid = pool.validateArguments(resolution, args);
      if (invalid) return { ok: false, error: invalid };
    }
    const callOptions: CallOptions = { signal: context.signal };
    if (context.timeoutMs !== undefined) callOptions.timeoutMs = context.timeoutMs;
    return pool.callTool(resolution, args, callOptions);
  };

  return runSchedule({
    steps: scheduled,
    execute,
    maxConcurrency: options.maxConcurrency,
    serverCaps,
    failureMode: options.failureMode,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.maxCallsPerSecond === undefined ? {} : { maxCallsPerSecond: options.maxCallsPerSecond }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.durations === undefined ? {} : { durations: options.durations }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
}

/** True when some string inside `value` contains "{{" (a reference, or an escaped "\\{{"). Iterative: arguments may nest deep. */
function mayHoldReferences(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (item.includes('{{')) return true;
    } else if (item !== null && typeof item === 'object') {
      for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push(child);
    }
  }
  return false;
}

/** A finished step's value for references: its result's value, or (under `continue`) its error. */
function lookupValue(
  records: ReadonlyMap<string, StepRecord>,
  id: string,
): { found: true; value: unknown } | { found: false } {
  const record = records.get(id);
  if (!record) return { found: false };
  if (record.status === 'ok' && record.result) return { found: true, value: valueOfResult(record.result) };
  if (record.error) return { found: true, value: { error: record.error } };
  return { found: false };
}
