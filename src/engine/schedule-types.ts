/**
 * The scheduler's vocabulary: steps, records, the clock, the executor and the options.
 * Re-exported by scheduler.ts, which is where callers import them from.
 */

import type { DurationStats } from './duration-stats.js';
import type { CallError, CallOutcome, LateAnswer, ToolResult } from './outcome.js';
import type { RetryPolicy } from './retry-policy.js';
import type { ServerSlots, SlotLease } from './server-slots.js';

export type FailureMode = 'partial_completion' | 'fail_fast' | 'continue';
export type StepStatus = 'ok' | 'failed' | 'skipped' | 'cancelled';

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export interface ScheduledStep {
  id: string;
  dependsOn: readonly string[];
  server?: string;
  /** Key of the running duration average (e.g. `server/tool`). */
  durationKey?: string;
  /** A finer key of the learned durations (this call's shape: tool + argument digest). */
  durationDetailKey?: string;
  estimatedMs?: number;
  timeoutMs?: number;
  retries?: number;
  priority?: number;
  /**
   * The executor settles this step without waiting on anything (e.g. a call known to fail
   * before it is sent). Such steps go before every other ready step, so the failure is seen
   * (and `fail_fast` stops) before slow steps take the slots.
   */
  settlesAtOnce?: boolean;
}

export interface StepRecord {
  id: string;
  status: StepStatus;
  attempts: number;
  /** When it was sent (ExecuteContext.sent), else when its first attempt began. */
  started_ms?: number;
  /** Time its first attempt spent before it was sent (e.g. waiting for its server to start). */
  wait_ms?: number;
  ended_ms?: number;
  duration_ms?: number;
  result?: ToolResult;
  error?: CallError;
  reason?: string;
  /** A timed-out or cancelled attempt's answer that came anyway while the run went on (set by the executor's owner). */
  late?: LateAnswer;
}

export interface ExecuteContext {
  /** 1-based. */
  attempt: number;
  /**
   * This attempt's own signal: aborted on its timeout, on fail_fast, run timeout or
   * cancellation. Made when first read (an AbortController per call is costly): an executor
   * that enforces its own timeouts and needs no other per-attempt abort may use `runSignal`.
   */
  readonly signal: AbortSignal;
  /**
   * The run's one signal: aborted when the whole run stops (fail_fast, run timeout,
   * cancellation), when every running attempt's `signal` aborts too. Not aborted by one
   * attempt's timeout. Always set by the scheduler.
   */
  readonly runSignal?: AbortSignal;
  /** True once this attempt has been aborted (its signal, if read, is aborted). */
  readonly aborted?: boolean;
  timeoutMs?: number;
  /** Records of finished steps (for reference resolution). */
  records: ReadonlyMap<string, StepRecord>;
  /** The step's server slot (see ServerSlots), when it has a server. */
  slot?: SlotLease;
  /** Tells the scheduler the attempt's work was sent now (after any wait for its server). */
  sent?: () => void;
}

/** May answer synchronously (a check that failed before any I/O) or with a promise. */
export type ExecuteStep = (step: ScheduledStep, context: ExecuteContext) => CallOutcome | Promise<CallOutcome>;

export type SchedulerEvent =
  | { type: 'started'; id: string; attempt: number; at_ms: number }
  | { type: 'retrying'; id: string; attempt: number; delay_ms: number; error: CallError }
  | { type: 'finished'; record: StepRecord }
  /** News of a running step from its executor (a downstream task's status), not from the scheduler. */
  | { type: 'progress'; id: string; message: string };

export interface SchedulerOptions {
  steps: readonly ScheduledStep[];
  execute: ExecuteStep;
  /** Default Infinity. */
  maxConcurrency?: number;
  /** The owner of per-server limits: a step with a server runs only with a slot of it. */
  slots?: ServerSlots;
  /**
   * The executor enforces each attempt's `timeoutMs` itself (a downstream call's own request
   * timer) and answers with a `timeout` failure: the scheduler then keeps no deadline of its own.
   */
  executorEnforcesTimeouts?: boolean;
  /** Asked before retrying a retryable failure that has retries left; false: the step fails now. */
  mayRetry?: (step: ScheduledStep, error: CallError, attempt: number) => boolean;
  /** Optional limit on dispatches per second. */
  maxCallsPerSecond?: number;
  /** Default partial_completion. */
  failureMode?: FailureMode;
  /** Whole run: when it fires, in-flight steps are cancelled and the rest skipped. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  clock?: Clock;
  signal?: AbortSignal;
  /** Running averages per durationKey: read for priorities, updated on success. */
  durations?: DurationStats;
  onEvent?: (event: SchedulerEvent) => void;
}

export interface ScheduleResult {
  /** Plan order, exactly one per step. */
  records: StepRecord[];
  makespan_ms: number;
}
