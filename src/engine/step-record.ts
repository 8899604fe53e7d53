/**
 * A finished step's record, as every runner gives it (engine/scheduler.ts, and beside it
 * execution/one-tool-step.ts and execution/flat-batch.ts, which must answer field by field what
 * the scheduler would): keys in one order — id, status, attempts, times, result / error, reason —
 * and the times measured one way. Pure.
 */
import type { CallError, ToolResult } from './outcome.js';
import type { StepRecord, StepStatus } from './schedule-types.js';

/**
 * `attemptAt`: when its first attempt began (undefined: it never started, and the record has no
 * times); `sentAt`: when that attempt was sent, if it said so; `endedAt`: now, on the run's clock.
 */
export function finishedRecord(
  id: string,
  status: StepStatus,
  attempts: number,
  attemptAt: number | undefined,
  sentAt: number | undefined,
  endedAt: number,
  result: ToolResult | undefined,
  error: CallError | undefined,
  reason: string | undefined,
): StepRecord {
  // The usual record (it ran, was sent at once, has a result and nothing else) in one literal:
  // the same keys in the same order as the general case below, with no property store added.
  if (attemptAt !== undefined && result !== undefined && error === undefined && reason === undefined) {
    const started = sentAt ?? attemptAt;
    if (started - attemptAt < 1) return { id, status, attempts, started_ms: started, ended_ms: endedAt, duration_ms: endedAt - started, result };
  }
  const record: StepRecord = { id, status, attempts };
  if (attemptAt !== undefined) {
    const started = sentAt ?? attemptAt;
    record.started_ms = started;
    // Under a millisecond is dispatch overhead, not a wait worth reporting.
    if (started - attemptAt >= 1) record.wait_ms = started - attemptAt;
    record.ended_ms = endedAt;
    record.duration_ms = endedAt - started;
  }
  if (result !== undefined) record.result = result;
  if (error !== undefined) record.error = error;
  if (reason !== undefined) record.reason = reason;
  return record;
}
