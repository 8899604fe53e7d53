/**
 * Runs tool-call steps through the one scheduler against the downstream pool: the shared
 * path of call_tools_parallel (steps without edges) and run_plan (a DAG).
 *
 * Each step waits only for the server it needs: what ready servers can tell is resolved up
 * front, without starting or waiting for anything (resolveKnownTools); a step whose server is
 * not ready resolves when it runs, within its own timeout. Ordering, per-server slots (owned
 * by the pool, see engine/server-slots.ts) and retries come from engine/scheduler.ts; each
 * call's timeout is the SDK request's own timer (one owner); data flow from
 * engine/references.ts. No SDK import here.
 */
import { setMaxListeners } from 'node:events';
import type { CallOptions, DownstreamPool, ResolvedTool, ToolDefinition } from '../downstream/pool.js';
import { RETRYABLE_ERROR_CODES, type CallError, type CallOutcome, type LateAnswer, type ToolResult } from '../engine/outcome.js';
import { resolveArguments } from '../engine/references.js';
import {
  runSchedule,
  type ExecuteContext,
  type FailureMode,
  type RetryPolicy,
  type ScheduleResult,
  type ScheduledStep,
  type SchedulerEvent,
  type SchedulerOptions,
} from '../engine/scheduler.js';
import type { DurationStats } from '../engine/duration-stats.js';
import { callShapeKey, toolDurationKey } from './duration-keys.js';
import { isKindStep, type KindStep } from './kinds/step-kind.js';
import { callsAsTask, isOneAttemptRun, runOneToolStep, type OneToolStep, type OneToolStepOptions } from './one-tool-step.js';
import { lookupValue } from './step-values.js';
import { runFlatBatch } from './flat-batch.js';
import { isFlatBatch } from './flat-batch-check.js';
import { isResolved, mayHoldReferences, SMALL_RUN_STEPS } from './step-checks.js';

export { isResolved, mayHoldReferences, SMALL_RUN_STEPS } from './step-checks.js';

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
  /** Call the tool as an MCP task when it supports that (downstream/task-call.ts). */
  asTask?: boolean;
  resetTimeoutOnProgress?: boolean;
  maxTotalTimeoutMs?: number;
  /** resume_run: the step succeeded in an earlier run; it answers this result and calls nothing. */
  reuse?: ToolResult;
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
  /** Retries the caller asked for (a step's own `retries` wins): every retryable failure is retried. */
  retries?: number;
  /**
   * Retries from a default (a preset) for steps without their own: a timeout or transport
   * error of a tool not annotated readOnlyHint or idempotentHint is not retried (it may have run).
   */
  defaultRetries?: number;
  retry?: Partial<RetryPolicy>;
  maxCallsPerSecond?: number;
  signal?: AbortSignal;
  durations?: DurationStats;
  onEvent?: (event: SchedulerEvent) => void;
}

export type Resolution = ResolvedTool | CallError;

/** A tool step, or a step of another kind that runs itself (kinds/step-kind.ts). */
export type AnyStep = RunnableStep | KindStep;

/** A step whose failure was not retried by default, and why. */
export interface NotRetried {
  id: string;
  reason: string;
}

export interface RunStepsResult extends ScheduleResult {
  /** By position: each step's tool as resolved (or why not); undefined for a step that never ran. */
  resolutions: Array<Resolution | undefined>;
  notRetried: NotRetried[];
}

/** Failures after which the call may have run on the server: repeating it is safe only for some tools. */
const MAY_HAVE_RUN: ReadonlySet<string> = new Set(['timeout', 'transport_error']);


/**
 * What servers that are ready now can tell about each step's tool, by position in `steps`:
 * resolved, a definite error, or undefined (its server is not ready: the step resolves when
 * it runs). Starts nothing and waits for no server. Each distinct (server, tool) once.
 */
export async function resolveKnownTools<S extends { server?: string | undefined; tool?: string | undefined }>(
  pool: DownstreamPool,
  steps: readonly S[],
): Promise<Array<Resolution | undefined>> {
  // One step (a one-call request): nothing to share.
  if (steps.length === 1) {
    const step = steps[0]!;
    return step.tool === undefined ? [undefined] : [await pool.resolveIfReady(step.server, step.tool)];
  }
  // One resolution per distinct (server, tool), asked in the order they first come; the calls
  // of a batch mostly repeat their neighbour's, which then costs no key string.
  const byKey = new Map<string, number>();
  const asked: Array<Promise<Resolution | undefined>> = [];
  const groupOf = new Int32Array(steps.length);
  let lastServer: string | undefined;
  let lastTool: string | undefined;
  let lastGroup = -1;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    // Steps without a tool (other kinds) have no resolution.
    if (step.tool === undefined) {
      groupOf[i] = -1;
      continue;
    }
    if (lastGroup < 0 || step.server !== lastServer || step.tool !== lastTool) {
      const key = `${step.server ?? ''}\u0000${step.tool}`;
      let group = byKey.get(key);
      if (group === undefined) {
        group = asked.length;
        byKey.set(key, group);
        asked.push(pool.resolveIfReady(step.server, step.tool));
      }
      lastServer = step.server;
      lastTool = step.tool;
      lastGroup = group;
    }
    groupOf[i] = lastGroup;
  }
  const settled = await Promise.all(asked);
  const known: Array<Resolution | undefined> = [];
  for (let i = 0; i < steps.length; i++) {
    const group = groupOf[i]!;
    known.push(group < 0 ? undefined : settled[group]);
  }
  return known;
}

/**
 * Schedules the steps. A step with a definite resolution error fails with it at once; a step
 * whose tool is not known yet, or whose server was unavailable (a retryable failure), resolves
 * when its attempt runs. Late answers of timed-out calls that come while the run goes on are
 * put on their records (`late`).
 */
export function runSteps(
  pool: DownstreamPool,
  steps: readonly AnyStep[],
  /** By position in `steps` (see resolveKnownTools); step ids must be unique. */
  known: ReadonlyArray<Resolution | undefined>,
  options: RunStepsOptions,
): Promise<RunStepsResult> {
  // One step that needs one attempt and nothing else (a one-call request): no scheduler.
  if (steps.length === 1) {
    const one = oneAttemptStepOf(pool, steps[0]!, known[0], options);
    if (one) return runOneAttempt(pool, one, known, options);
  }
  // Independent calls with one attempt each (a plain batch): no scheduler either.
  if (isFlatBatch(steps, known, options)) return runFlatBatch(pool, steps, known, options);
  return scheduleSteps(pool, steps, known, options);
}

/** runSteps through the scheduler, whatever the steps (exported for the test that compares both ways). */
export async function scheduleSteps(
  pool: DownstreamPool,
  steps: readonly AnyStep[],
  known: ReadonlyArray<Resolution | undefined>,
  options: RunStepsOptions,
): Promise<RunStepsResult> {
  const resolutions: Array<Resolution | undefined> = [...known];
  const positionOf = new Map(steps.map((step, index) => [step.id, index]));
  // Arguments without a "{{" anywhere resolve to an equal copy of themselves: send them as they are.
  const withReferences = new Set(steps.filter((step) => !isKindStep(step) && mayHoldReferences(step.arguments)).map((step) => step.id));
  // Arguments that cannot change (no references) are checked once, here: a call known to fail
  // before it is sent is dispatched first, so fail_fast sees it before slow calls start.
  const invalidArguments = new Map<number, CallError>();
  /** Positions whose (fixed) arguments passed that check: not checked again per attempt. */
  const validArguments = new Set<number>();
  const queued = steps.length > options.maxConcurrency;
  const lateAnswers = new Map<string, LateAnswer>();
  const notRetried = new Map<string, string>();
  let running = true;

  const scheduled: ScheduledStep[] = steps.map((step, index) => {
    if (isKindStep(step)) {
      const retries = step.retries ?? options.retries ?? options.defaultRetries;
      return {
        id: step.id,
        dependsOn: step.dependsOn,
        timeoutMs: step.timeoutMs ?? options.defaultTimeoutMs,
        ...(retries === undefined ? {} : { retries }),
        ...(step.durationKey === undefined ? {} : { durationKey: step.durationKey }),
        ...(step.estimatedMs === undefined ? {} : { estimatedMs: step.estimatedMs }),
        ...(step.priority === undefined ? {} : { priority: step.priority }),
        ...(step.settlesAtOnce ? { settlesAtOnce: true } : {}),
      };
    }
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
    const server = resolution && isResolved(resolution) ? resolution.server : pool.serverNamed(step.server, step.tool);
    const timeoutMs = step.timeoutMs ?? (server === undefined ? undefined : options.serverTimeoutOf?.(server)) ?? options.defaultTimeoutMs;
    const retries = step.retries ?? options.retries ?? options.defaultRetries;
    const toolKey = toolDurationKey(server, step.tool);
    // A call shape's own duration is learned only where ranks can matter (calls wait for a
    // slot) and the arguments are fixed; the digest costs a hash per step.
    // And only for tools whose calls differ in duration (DurationStats.shapesMatter).
    const durations = options.durations;
    const capped = server !== undefined && pool.maxConcurrencyOf(server) !== undefined;
    const detailKey =
      durations && step.estimatedMs === undefined && (queued || capped) && !withReferences.has(step.id) && durations.shapesMatter(toolKey)
        ? callShapeKey(toolKey, step.arguments)
        : undefined;
    const scheduledStep: ScheduledStep = { id: step.id, dependsOn: step.dependsOn, durationKey: toolKey, timeoutMs };
    if (server !== undefined) scheduledStep.server = server;
    if (detailKey !== undefined) scheduledStep.durationDetailKey = detailKey;
    if (retries !== undefined) scheduledStep.retries = retries;
    if (step.estimatedMs !== undefined) scheduledStep.estimatedMs = step.estimatedMs;
    if (step.priority !== undefined) scheduledStep.priority = step.priority;
    if (failsAtOnce || step.reuse) scheduledStep.settlesAtOnce = true;
    return scheduledStep;
  });

  // Not async: the pool's promise goes straight back to the scheduler, with no extra hops.
  const execute = (step: ScheduledStep, context: ExecuteContext): CallOutcome | Promise<CallOutcome> => {
    const position = positionOf.get(step.id)!;
    const resolution = resolutions[position];
    const source = steps[position]!;
    if ('reuse' in source && source.reuse) return { ok: true, result: source.reuse };
    // Another kind runs itself, and enforces its own timeout (executorEnforcesTimeouts below).
    if (isKindStep(source)) return source.run(context);
    if (resolution && isResolved(resolution)) {
      const invalid = invalidArguments.get(position);
      if (invalid) return { ok: false, error: invalid };
      return call(step, position, resolution, context, 0);
    }
    if (resolution && !RETRYABLE_ERROR_CODES.has(resolution.code)) return { ok: false, error: resolution };
    // Not known yet, or its server was unavailable (it may be back): resolve now, waiting only
    // for the server(s) this step needs, within its own timeout.
    const begun = performance.now();
    const wait = { signal: callSignal(context), ...(context.timeoutMs === undefined ? {} : { timeoutMs: context.timeoutMs }) };
    return pool.resolveTool(source.server, source.tool, wait).then((again) => {
      resolutions[position] = again;
      return isResolved(again) ? call(step, position, again, context, performance.now() - begun) : { ok: false, error: again };
    });
  };

  const call = (step: ScheduledStep, position: number, resolution: ResolvedTool, context: ExecuteContext, waitedMs: number): CallOutcome | Promise<CallOutcome> => {
    const source = steps[position] as RunnableStep;
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
    const callOptions: CallOptions = {
      signal: callSignal(context),
      onLateAnswer: (answer) => {
        if (running) lateAnswers.set(step.id, answer);
      },
    };
    if (context.timeoutMs !== undefined) callOptions.timeoutMs = context.timeoutMs;
    if (waitedMs > 0) callOptions.waitedMs = waitedMs;
    if (context.slot) callOptions.slot = context.slot;
    if (context.sent) callOptions.onSent = context.sent;
    if (source.asTask) callOptions.asTask = true;
    if (source.resetTimeoutOnProgress !== undefined) callOptions.resetTimeoutOnProgress = source.resetTimeoutOnProgress;
    if (source.maxTotalTimeoutMs !== undefined) callOptions.maxTotalTimeoutMs = source.maxTotalTimeoutMs;
    // A downstream task's status (downstream/task-call.ts) is news of the step; other calls ask for no progress.
    const onEvent = options.onEvent;
    if (onEvent && callsAsTask(resolution.definition, source.asTask)) {
      callOptions.onProgress = (progress) => {
        if (progress.message !== undefined) onEvent({ type: 'progress', id: step.id, message: progress.message });
      };
    }
    return pool.callTool(resolution, args, callOptions);
  };

  // A tool call's timeout is its downstream request's own (executorEnforcesTimeouts below), so
  // the only abort it needs is the run's stop: it listens to the run's one signal, and no
  // AbortController is made per call. Many calls listen to it at once: no leak warning.
  // A small run cannot come near Node's warning threshold (10 listeners): each step listens
  // once at a time (a server wait, then its call), beside the scheduler's one listener; so
  // the signal is left as it is (setMaxListeners per run costs more than the rest of its set-up).
  let listenedRunSignal: AbortSignal | undefined = steps.length <= SMALL_RUN_STEPS ? NO_SIGNAL : undefined;
  const callSignal = (context: ExecuteContext): AbortSignal => {
    const runSignal = context.runSignal;
    if (!runSignal) return context.signal;
    if (listenedRunSignal !== NO_SIGNAL && runSignal !== listenedRunSignal) {
      setMaxListeners(0, runSignal);
      listenedRunSignal = runSignal;
    }
    return runSignal;
  };

  const mayRetry = (step: ScheduledStep, error: CallError): boolean => {
    if (!MAY_HAVE_RUN.has(error.code)) return true;
    const position = positionOf.get(step.id)!;
    // A model request changes nothing anywhere: repeating it is always safe.
    if (isKindStep(steps[position]!)) return true;
    if (steps[position]!.retries !== undefined || options.retries !== undefined) return true;
    const resolution = resolutions[position];
    if (resolution && isResolved(resolution) && isSafeToRepeat(resolution.definition)) return true;
    const what = resolution && isResolved(resolution) ? `${resolution.server}.${resolution.tool}` : (steps[position] as RunnableStep).tool;
    notRetried.set(
      step.id,
      `${error.code} not retried: ${what} is not annotated readOnlyHint or idempotentHint, so it may have run; set "retries" on the step to retry it anyway`,
    );
    return false;
  };

  // Set field by field, no conditional spreads: this runs once per run (a one-call request is a run).
  const scheduleOptions: SchedulerOptions = {
    steps: scheduled,
    execute,
    maxConcurrency: options.maxConcurrency,
    slots: pool.serverSlots,
    executorEnforcesTimeouts: true,
    mayRetry,
    failureMode: options.failureMode,
  };
  if (options.timeoutMs !== undefined) scheduleOptions.timeoutMs = options.timeoutMs;
  if (options.retry !== undefined) scheduleOptions.retry = options.retry;
  if (options.maxCallsPerSecond !== undefined) scheduleOptions.maxCallsPerSecond = options.maxCallsPerSecond;
  if (options.signal !== undefined) scheduleOptions.signal = options.signal;
  if (options.durations !== undefined) scheduleOptions.durations = options.durations;
  if (options.onEvent !== undefined) scheduleOptions.onEvent = options.onEvent;
  const { records, makespan_ms } = await runSchedule(scheduleOptions);
  running = false;
  if (lateAnswers.size > 0) {
    for (const record of records) {
      const late = lateAnswers.get(record.id);
      if (late && record.status !== 'ok') record.late = late;
    }
  }
  const skipped: NotRetried[] = [];
  if (notRetried.size > 0) {
    for (const record of records) {
      const reason = record.status === 'failed' ? notRetried.get(record.id) : undefined;
      if (reason !== undefined) skipped.push({ id: record.id, reason });
    }
  }
  return { records, makespan_ms, resolutions, notRetried: skipped };
}

/**
 * The one step of a run, when the scheduler would do nothing for it but one attempt
 * (execution/one-tool-step.ts): worked out as the scheduled step below would be.
 */
export function oneAttemptStepOf(pool: DownstreamPool, step: AnyStep, known: Resolution | undefined, options: RunStepsOptions): OneToolStep | undefined {
  if (isKindStep(step) || step.reuse || step.dependsOn.length > 0) return undefined;
  if (options.failureMode === 'fail_fast' || options.timeoutMs !== undefined || options.maxCallsPerSecond !== undefined) return undefined;
  const retries = step.retries ?? options.retries ?? options.defaultRetries;
  if ((retries !== undefined && retries > 0) || mayHoldReferences(step.arguments)) return undefined;
  let resolution = known;
  const args = step.arguments ?? {};
  if (resolution && isResolved(resolution)) resolution = pool.validateArguments(resolution, args) ?? resolution;
  const server = known && isResolved(known) ? known.server : pool.serverNamed(step.server, step.tool);
  if (!isOneAttemptRun(pool, server, resolution, step.asTask)) return undefined;
  const one: OneToolStep = {
    id: step.id,
    tool: step.tool,
    server,
    arguments: args,
    timeoutMs: step.timeoutMs ?? (server === undefined ? undefined : options.serverTimeoutOf?.(server)) ?? options.defaultTimeoutMs,
    resolution,
  };
  if (step.resetTimeoutOnProgress !== undefined) one.resetTimeoutOnProgress = step.resetTimeoutOnProgress;
  if (step.maxTotalTimeoutMs !== undefined) one.maxTotalTimeoutMs = step.maxTotalTimeoutMs;
  return one;
}

/** runSteps for a one-attempt step: the same result, late answers kept the same way. */
async function runOneAttempt(pool: DownstreamPool, one: OneToolStep, known: ReadonlyArray<Resolution | undefined>, options: RunStepsOptions): Promise<RunStepsResult> {
  let running = true;
  let late: LateAnswer | undefined;
  const oneOptions: OneToolStepOptions = {
    onLateAnswer: (answer) => {
      if (running) late = answer;
    },
  };
  if (options.signal !== undefined) oneOptions.signal = options.signal;
  if (options.durations !== undefined) oneOptions.durations = options.durations;
  if (options.onEvent !== undefined) oneOptions.onEvent = options.onEvent;
  const { records, makespan_ms } = await runOneToolStep(pool, one, oneOptions);
  running = false;
  const record = records[0]!;
  if (late && record.status !== 'ok') record.late = late;
  return { records, makespan_ms, resolutions: [...known], notRetried: [] };
}

/** callSignal's marker for "never change the limit" (a small run). */
const NO_SIGNAL = {} as AbortSignal;

/** MCP's annotations: a read-only or idempotent tool may run twice without harm. */
function isSafeToRepeat(definition: ToolDefinition): boolean {
  return definition.annotations?.readOnlyHint === true || definition.annotations?.idempotentHint === true;
}
