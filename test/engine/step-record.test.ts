import { describe, expect, it } from 'vitest';
import { callError } from '../../src/engine/outcome.js';
import { finishedRecord } from '../../src/engine/step-record.js';

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
});
