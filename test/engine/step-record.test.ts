import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callError, type CallError, type ToolResult } from '../../src/engine/outcome.js';
import type { StepRecord, StepStatus } from '../../src/engine/schedule-types.js';
import { finishedRecord } from '../../src/engine/step-record.js';

/** finishedRecord before its one-literal case for the usual record (key by key, as the general case still builds it). */
function previousFinishedRecord(
  id: string, status: StepStatus, attempts: number, attemptAt: number | undefined, sentAt: number | undefined, endedAt: number,
  result: ToolResult | undefined, error: CallError | undefined, reason: string | undefined,
): StepRecord {
  const record: StepRecord = { id, status, attempts };
  if (attemptAt !== undefined) {
    const started = sentAt ?? attemptAt;
    record.started_ms = started;
    if (started - attemptAt >= 1) record.wait_ms = started - attemptAt;
    record.ended_ms = endedAt;
    record.duration_ms = endedAt - started;
  }
  if (result !== undefined) record.result = result;
  if (error !== undefined) record.error = error;
  if (reason !== undefined) record.reason = reason;
  return record;
}

describe('finishedRecord', () => {
  it('gives a started step its times from when it was sent, and the wait before that', () => {
    const record = finishedRecord('a', 'ok', 1, 10, 25, 40, { content: [] }, undefined, undefined);
    expect(JSON.stringify(record)).toBe(
      '{"id":"a","status":"ok","attempts":1,"started_ms":25,"wait_ms":15,"ended_ms":40,"duration_ms":15,"result":{"content":[]}}',
    );
  });

  it('times a step that never said when it was sent from its attempt, with no wait under a millisecond', () => {
    expect(finishedRecord('a', 'ok', 1, 10, undefined, 30, undefined, undefined, undefined)).toEqual({
      id: 'a', status: 'ok', attempts: 1, started_ms: 10, ended_ms: 30, duration_ms: 20,
    });
    expect(finishedRecord('a', 'ok', 1, 10, 10.5, 30, undefined, undefined, undefined)).not.toHaveProperty('wait_ms');
  });

  it('gives a step that never started no times, and keeps its error and reason in that order', () => {
    const error = callError('cancelled', 'the run was cancelled');
    const record = finishedRecord('b', 'cancelled', 0, undefined, undefined, 99, undefined, error, 'cancelled before it started');
    expect(Object.keys(record)).toEqual(['id', 'status', 'attempts', 'error', 'reason']);
  });

  it('gives the same record, keys in the same order, as building it key by key (property)', () => {
    const time = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        fc.constantFrom<StepStatus>('ok', 'failed', 'cancelled'),
        fc.integer({ min: 0, max: 3 }),
        fc.option(time, { nil: undefined }),
        fc.option(fc.oneof(time, fc.double({ min: 0, max: 2, noNaN: true })), { nil: undefined }),
        time,
        fc.option(fc.constant<ToolResult>({ content: [{ type: 'text', text: 'x' }] }), { nil: undefined }),
        fc.option(fc.constant(callError('tool_error', 'no')), { nil: undefined }),
        fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
        (status, attempts, attemptAt, sentOffset, endedAt, result, error, reason) => {
          const sentAt = attemptAt === undefined || sentOffset === undefined ? undefined : attemptAt + sentOffset;
          const record = finishedRecord('s', status, attempts, attemptAt, sentAt, endedAt, result, error, reason);
          const previous = previousFinishedRecord('s', status, attempts, attemptAt, sentAt, endedAt, result, error, reason);
          expect(Object.keys(record)).toEqual(Object.keys(previous));
          expect(JSON.stringify(record)).toBe(JSON.stringify(previous));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
