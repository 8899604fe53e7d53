import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finishedAnswer } from '../../src/runs/run-answer.js';
import { RUN_STATUSES, type RunEnd } from '../../src/runs/run-types.js';
import { checkedToolResult } from '../../src/server/lean-tool-result.js';
import { runAnswerLine } from '../../src/server/run-answer-line.js';

/** What the lean path writes for a run's end without the line builder: the answer object, checked, in its message. */
function objectLine(end: RunEnd, id: string | number): string {
  const checked = checkedToolResult(finishedAnswer(end));
  if (!checked.ok) throw new Error(`Expected finishedAnswer's result to pass the check, got ${checked.message}`);
  return `${JSON.stringify({ result: checked.result, jsonrpc: '2.0', id })}\n`;
}

const key = fc.oneof(fc.constantFrom('results', 'summary', 'steps', 'run_id', 'status', 'toJSON', '0', '12', '1a', '', 'é"\\'), fc.string({ maxLength: 5 }));
const structured = fc.oneof(
  fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  fc.record({ results: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 2 }), summary: fc.dictionary(fc.string({ maxLength: 4 }), fc.double()) }),
  fc.constant(Object.create(null) as Record<string, unknown>),
  fc.constant({ results: [], summary: { wall_ms: 0.1, speedup: Number.NaN, neg: -0, big: 1e21, missing: undefined } } as Record<string, unknown>),
);
const report = fc.record(
  { text: fc.string({ unit: 'binary', maxLength: 30 }), structured, isError: fc.oneof(fc.boolean(), fc.constant(undefined as unknown as boolean)), runFailed: fc.boolean() },
  { requiredKeys: ['text', 'isError'] },
);
const end: fc.Arbitrary<RunEnd> = fc.record(
  { run_id: fc.oneof(fc.uuid(), fc.string({ unit: 'binary', maxLength: 8 })), status: fc.constantFrom(...RUN_STATUSES), status_message: fc.string({ maxLength: 12 }), report },
  { requiredKeys: ['run_id', 'status'] },
);
const requestId = fc.oneof(fc.integer(), fc.string({ unit: 'binary', maxLength: 6 }));

describe('runAnswerLine', () => {
  it('writes the bytes the answer object gives, for any run end and request id, or leaves the end to it (property)', () => {
    let written = 0;
    fc.assert(
      fc.property(end, requestId, (e, id) => {
        const line = runAnswerLine(e, id);
        if (line === undefined) return;
        written += 1;
        expect(line).toBe(objectLine(e, id));
      }),
      { numRuns: 2000 },
    );
    // A good share of the generated ends is written here, not left to the object path.
    expect(written).toBeGreaterThan(500);
  });

  it('writes a one-call answer as the object path does, and leaves the shapes it does not write exactly', () => {
    const oneCall: RunEnd = {
      run_id: 'efbb5951-7eeb-4b9a-a8cd-9899b95538d4',
      status: 'completed',
      report: {
        text: '1/1 calls succeeded in 0.4 ms\n\n[0] ok everything/echo (0.2 ms)\nEcho: "m0"',
        structured: {
          results: [{ index: 0, server: 'everything', tool: 'echo', attempts: 1, started_ms: 0.1, duration_ms: 0.2, ok: true, result: { content: [{ type: 'text', text: 'Echo: "m0"' }] } }],
          summary: { total: 1, succeeded: 1, failed: 0, cancelled: 0, wall_ms: 0.4, sum_ms: 0.2, speedup: 0.5 },
        },
        isError: false,
      },
    };
    expect(runAnswerLine(oneCall, 5)).toBe(objectLine(oneCall, 5));
    expect(runAnswerLine({ run_id: 'r', status: 'cancelled', status_message: 'the client cancelled the request' }, 'a"b')).toBe(
      objectLine({ run_id: 'r', status: 'cancelled', status_message: 'the client cancelled the request' }, 'a"b'),
    );
    // A member the spread would replace or move first, another prototype, an isError that is not a boolean.
    for (const structured of [{ status: 'x' }, { 3: 'x' }, { toJSON: () => 1 }, new Map() as unknown as Record<string, unknown>]) {
      expect(runAnswerLine({ run_id: 'r', status: 'completed', report: { text: 't', structured, isError: false } }, 1)).toBeUndefined();
    }
    expect(runAnswerLine({ run_id: 'r', status: 'completed', report: { text: 't', isError: undefined as unknown as boolean } }, 1)).toBeUndefined();
    // A large answer (a batch's) is the object path's: one stringify of the whole is cheaper there.
    expect(runAnswerLine({ run_id: 'r', status: 'completed', report: { text: 'x'.repeat(513), isError: false } }, 1)).toBeUndefined();
    expect(runAnswerLine({ run_id: 'r', status: 'completed', report: { text: 'x'.repeat(512), isError: false } }, 1)).toBe(
      objectLine({ run_id: 'r', status: 'completed', report: { text: 'x'.repeat(512), isError: false } }, 1),
    );
  });
});
