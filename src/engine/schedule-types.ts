/**
 * The scheduler's vocabulary: steps, records, the clock, the executor and the options.
 * Re-exported by scheduler.ts, which is where callers import them from.
 */

import type { DurationStats } from './duration-stats.js';
import type { CallError, CallOutcome, ToolResult } from './outcome.js';
import type { RetryPolicy } from './retry-policy.js';

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
  started_ms?: number;
  ended_ms?: number;
  duration_ms?: number;
  result?: ToolResult;
  error?: CallError;
  reason?: string;
}

export interface ExecuteContext {
  /** 1-based. */
  attempt: number;
  /** This attempt's own signal: aborted on its timeout, on fail_fast, run timeout or cancellation. */
  signal: AbortSignal;
  timeoutMs?: number;
  /** Records of finished steps (for reference resolution). */
  records: ReadonlyMap<string, StepRecord>;
}

/** May answer synchronously (a check that failed before any I/O) or with a promise. */
export type ExecuteStep = (step: ScheduledStep, context: ExecuteContext) => CallOutcome | Promise<CallOutcome>;

export type SchedulerEvent =
  | { type: 'started'; id: string; attempt: number; at_ms: number }
  | { type: 'retrying'; id: string; attempt: number; delay_ms: number; error: CallError }
  | { type: 'finished'; record: StepRecord };

export interface SchedulerOptions {
  steps: readonly ScheduledStep[];
  execute: ExecuteStep;
  /** Default Infinity. */
  maxConcurrency?: number;
  /** Per-server max in flight. */
  serverCaps?: ReadonlyMap<string, number>;
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
