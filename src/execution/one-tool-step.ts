/**
 * A run of one tool step that needs nothing of the scheduler (issue 13: a one-call request):
 * no dependencies, no retries, no run timeout or rate limit, no fail_fast, an uncapped server,
 * a tool that is not called as a task, arguments without references, its tool resolved (or
 * a failure that no retry could change). Such a run is one attempt: the scheduler's queue,
 * ranks, deadline heap, attempt context and abort listener do nothing for it but cost CPU.
 *
 * It answers what runSteps answers through engine/scheduler.ts for the same step, field by
 * field: the same record (status, attempts, started_ms / wait_ms / ended_ms / duration_ms
 * measured the same way, result or error, the cancellation's error and reason), the same
 * events (started, then finished) and the same learned duration. test/execution/one-tool-step.test.ts
 * runs each case both ways and compares. The run's stop is watched through abort-watch.ts,
 * whose one listener per signal the downstream call shares, not an addEventListener per run.
 */
import { unwatchAbort, watchAbort, type AbortWatcher, type WatcherList } from '../downstream/abort-watch.js';
import type { CallReceiver } from '../downstream/call-receiver.js';
import type { CallOptions, DownstreamPool, ResolvedTool, ToolDefinition } from '../downstream/pool.js';
import { callError, RETRYABLE_ERROR_CODES, type CallError, type CallOutcome, type LateAnswer } from '../engine/outcome.js';
import { describeStepError, normalizeOutcome, type ScheduleResult, type SchedulerEvent, type StepRecord, type StepStatus } from '../engine/scheduler.js';
import type { DurationStats } from '../engine/duration-stats.js';
import { finishedRecord } from '../engine/step-record.js';
import { toolDurationKey } from './duration-keys.js';

/** What the one step needs, as runSteps has worked it out. */
export interface OneToolStep {
  id: string;
  tool: string;
  /** Where the call goes (its resolution's server, else the named one). */
  server: string | undefined;
  arguments: Record<string, unknown>;
  timeoutMs: number;
  /** Its tool, or why it fails at once (invalid arguments, unknown tool...). */
  resolution: ResolvedTool | CallError;
  resetTimeoutOnProgress?: boolean;
  maxTotalTimeoutMs?: number;
}

export interface OneToolStepOptions {
  signal?: AbortSignal;
  durations?: DurationStats;
  onEvent?: (event: SchedulerEvent) => void;
  /** A timed-out or cancelled call's answer that came anyway (runSteps keeps it while the run goes on). */
  onLateAnswer: (answer: LateAnswer) => void;
}

/** Whether the scheduler would do anything for this step beyond one attempt (see the file comment). */
export function isOneAttemptRun(
  pool: DownstreamPool,
  server: string | undefined,
  resolution: ResolvedTool | CallError | undefined,
  asTask: boolean | undefined,
): resolution is ResolvedTool | CallError {
  if (resolution === undefined) return false;
  // A capped server's slot may have to be waited for (the scheduler parks the step).
  if (server !== undefined && pool.serverSlots.capOf(server) !== undefined) return false;
  if (!('definition' in resolution)) return !RETRYABLE_ERROR_CODES.has(resolution.code);
  return !callsAsTask(resolution.definition, asTask);
}

/** The connection calls it as an MCP task (downstream/connection.ts decides the same way). */
export function callsAsTask(definition: ToolDefinition, asTask: boolean | undefined): boolean {
  const support = definition.execution?.taskSupport;
  return support === 'required' || (support === 'optional' && asTask === true);
}

/** runSchedule's answer for the one step: its record, and the run's makespan. */
export function runOneToolStep(pool: DownstreamPool, step: OneToolStep, options: OneToolStepOptions): Promise<ScheduleResult> {
  return new Promise((resolve) => new OneToolStepRun(pool, step, options, (record, makespanMs) => resolve({ records: [record], makespan_ms: makespanMs })).start());
}

/**
 * runOneToolStep without a promise of its own: `done` gets the record and the makespan when
 * the step ends (after its finished event), once. For a caller that answers from the record
 * at once (tools/one-call.ts: a one-call request).
 */
export function startOneToolStep(pool: DownstreamPool, step: OneToolStep, options: OneToolStepOptions, done: (record: StepRecord, makespanMs: number) => void): void {
  new OneToolStepRun(pool, step, options, done).start();
}

const ACTIVE = 0;
const DONE = 1;

class OneToolStepRun implements AbortWatcher, CallReceiver {
  abortPrev: AbortWatcher | undefined = undefined;
  abortNext: AbortWatcher | undefined = undefined;
  abortList: WatcherList | undefined = undefined;
  #state = ACTIVE;
  #startedAt = 0;
  /** When the attempt began, relative to the run's start (the scheduler's startedAt). */
  #attemptAt: number | undefined;
  #sentAt: number | undefined;

  constructor(
    private readonly pool: DownstreamPool,
    private readonly step: OneToolStep,
    private readonly options: OneToolStepOptions,
    private readonly done: (record: StepRecord, makespanMs: number) => void,
  ) {}

  start(): void {
    this.#startedAt = performance.now();
    const signal = this.options.signal;
    if (signal?.aborted) {
      const reason = 'not started: the run was cancelled before it started';
      this.#finish('cancelled', 0, undefined, callError('cancelled', reason), reason);
      return;
    }
    if (signal) watchAbort(signal, this);
    const now = this.#now();
    this.#attemptAt = now;
    this.#emit({ type: 'started', id: this.step.id, attempt: 1, at_ms: now });
    try {
      // The call's news comes back by callback (callSent, callReported, callLate): no promise of its own.
      const atOnce = this.#execute(signal);
      // What Promise.resolve(outcome).then did with an outcome known at once: a microtask later.
      if (atOnce !== undefined) void Promise.resolve(atOnce).then((outcome) => this.#settle(normalizeOutcome(outcome, this.step.id)));
    } catch (error) {
      void Promise.resolve().then(() => this.#settle({ ok: false, error: callError('internal_error', `step "${this.step.id}" threw: ${describeStepError(error)}`) }));
    }
  }

  /** CallReceiver: the call's outcome, when its promise's reaction would have run (call-receiver.ts). */
  callReported(_key: number, outcome: CallOutcome): void {
    this.#settle(normalizeOutcome(outcome, this.step.id));
  }

  /** CallReceiver: the request is being sent now. */
  callSent(): void {
    if (this.#sentAt === undefined && this.#state === ACTIVE) this.#sentAt = this.#now();
  }

  /** CallReceiver: a timed-out or cancelled call's answer that came anyway. */
  callLate(_key: number, answer: LateAnswer): void {
    this.options.onLateAnswer(answer);
  }

  /** The run stopped (abort-watch.ts): the attempt in flight is cancelled, as the scheduler's #stop does. */
  aborted(): void {
    if (this.#state !== ACTIVE) return;
    const reason = 'the run was cancelled';
    this.#finish('cancelled', 1, undefined, callError('cancelled', `stopped in flight: ${reason}`), reason);
  }

  /** Starts the call (undefined), or its outcome when known at once (why its tool fails). */
  #execute(signal: AbortSignal | undefined): CallOutcome | undefined {
    const { step } = this;
    const resolution = step.resolution;
    if (!('definition' in resolution)) return { ok: false, error: resolution };
    const callOptions: CallOptions = {
      // A caller without a signal: the scheduler's run signal would be one nobody aborts.
      signal: signal ?? new AbortController().signal,
      timeoutMs: step.timeoutMs,
      // An uncapped server's lease (the scheduler takes it the same way).
      slot: this.pool.serverSlots.tryAcquire(resolution.server)!,
    };
    if (step.resetTimeoutOnProgress !== undefined) callOptions.resetTimeoutOnProgress = step.resetTimeoutOnProgress;
    if (step.maxTotalTimeoutMs !== undefined) callOptions.maxTotalTimeoutMs = step.maxTotalTimeoutMs;
    this.pool.startCall(resolution, step.arguments, callOptions, this, 0);
    return undefined;
  }

  #settle(outcome: CallOutcome): void {
    if (this.#state !== ACTIVE) return;
    if (outcome.ok) {
      this.options.durations?.record(toolDurationKey(this.step.server, this.step.tool), this.#now() - this.#attemptAt!);
      this.#finish('ok', 1, outcome, undefined, undefined);
    } else {
      this.#finish('failed', 1, undefined, outcome.error, undefined);
    }
  }

  #finish(status: StepStatus, attempts: number, ok: { result: StepRecord['result'] } | undefined, error: CallError | undefined, reason: string | undefined): void {
    this.#state = DONE;
    if (this.options.signal) unwatchAbort(this.options.signal, this);
    const record = finishedRecord(this.step.id, status, attempts, this.#attemptAt, this.#sentAt, this.#now(), ok?.result, error, reason);
    this.#emit({ type: 'finished', record });
    this.done(record, this.#now());
  }

  #now(): number {
    return performance.now() - this.#startedAt;
  }

  #emit(event: SchedulerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's fault must not break the run.
    }
  }
}
