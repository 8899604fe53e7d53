import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { membersJson, numberJson, stringJson } from '../../src/server/answer-json.js';

/** What membersJson stands for: JSON.stringify without the opening brace. */
const members = (object: Record<string, unknown>) => JSON.stringify(object).slice(1);

/** Rounded as the answers round their timings and ratios (tools/render.ts round). */
const rounded = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

const number = fc.oneof(
  fc.double(),
  fc.double({ min: 0, max: 1e9 }).map((v) => rounded(v, 1)),
  fc.double({ min: 0, max: 1e9 }).map((v) => rounded(v, 2)),
  fc.double({ min: -1e3, max: 1e3 }).map((v) => rounded(v, 2)),
  fc.integer(),
  fc.constantFrom(0, -0, 0.05, 0.1, 0.3, 1.15, 2.675, 1e8 - 0.1, 99999999.99, 1e9, 1e21, 5e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER),
);
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('Echo: m0', 'a"b', 'a\\b', '\u2028', '\ud83d', '\ud83d\ude00', '\u007f', 'line\nbreak'));
const oneTextBlock = text.map((t) => ({ content: [{ type: 'text', text: t }] }));
const leaf = fc.oneof(number, text, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }));
/** A call record as call-records.ts builds it, and the odd members a hand-made one may have. */
const record = fc.record(
  {
    index: fc.nat(),
    server: text,
    tool: text,
    attempts: fc.nat(),
    started_ms: number,
    duration_ms: number,
    wait_ms: number,
    ok: fc.boolean(),
    result: fc.oneof(oneTextBlock, fc.jsonValue({ maxDepth: 3 }), fc.constant({ content: [{ text: 'x', type: 'text' }] }), fc.constant({ content: [{ type: 'text', text: 'x' }], isError: true })),
    error: fc.record({ code: text, message: text }),
    late: fc.dictionary(text, leaf, { maxKeys: 3 }),
  },
  { requiredKeys: ['index', 'attempts', 'ok'] },
);
const summary = fc.record({ total: fc.nat(), succeeded: fc.nat(), failed: fc.nat(), cancelled: fc.nat(), wall_ms: number, sum_ms: number, speedup: number });
const structured = fc.oneof(
  fc.record({ results: fc.array(record, { maxLength: 3 }), summary }),
  fc.dictionary(fc.oneof(text, fc.constantFrom('results', 'summary', '0', '7', 'result')), fc.oneof(leaf, fc.array(fc.oneof(record, leaf), { maxLength: 3 }), summary), { maxKeys: 4 }),
);

describe('answer-json', () => {
  it('numberJson writes what JSON.stringify writes (property)', () => {
    fc.assert(fc.property(number, (value) => {
      expect(numberJson(value)).toBe(JSON.stringify(value));
    }), { numRuns: 20_000 });
    // Every tenth and hundredth below 1,000, and some far above.
    for (let k = 0; k < 30_000; k++) {
      for (const value of [k / 10, k / 100, (k * 997) / 10, (k * 99_991) / 100]) expect(numberJson(value)).toBe(JSON.stringify(value));
    }
  });

  it('stringJson writes what JSON.stringify writes (property)', () => {
    fc.assert(fc.property(fc.oneof(text, fc.string({ unit: 'grapheme', maxLength: 10 })), (value) => {
      expect(stringJson(value)).toBe(JSON.stringify(value));
    }), { numRuns: 5000 });
  });

  it('membersJson writes JSON.stringify of a plain object without its brace (property)', () => {
    fc.assert(fc.property(structured, (object) => {
      expect(membersJson(object)).toBe(members(object));
    }), { numRuns: 5000 });
  });

  it('membersJson follows JSON.stringify for holes, toJSON, other prototypes and depth', () => {
    class Point {
      x = 1;
    }
    const holes: unknown[] = [1, , 3]; // eslint-disable-line no-sparse-arrays
    const cases: Array<Record<string, unknown>> = [
      { results: holes, summary: { a: undefined, b: () => 1, c: Symbol('s') } },
      { results: [undefined, () => 1], summary: { toJSON: 1 } },
      { results: [{ result: { content: [{ type: 'text', text: 'x' }], toJSON: () => 'replaced' } }] },
      { results: [{ result: { toJSON: () => ({ content: [] }) } }], when: new Date(0), point: new Point() },
      { results: Object.assign([1, 2], { toJSON: () => 'array' }), summary: Object.create(null) as Record<string, unknown> },
      { results: [{ deep: { deeper: { deepest: [1.5, { x: 0.25 }] } } }] },
      { 2: 'index first', results: [], 1: 'then this' },
      { results: [{ ok: true, result: { content: [{ type: 'image', text: 'x' }] } }, { result: { content: [] } }, { result: { content: [{ type: 'text', text: 1 }] } }] },
    ];
    for (const object of cases) expect(membersJson(object)).toBe(members(object));
    // Not a plain object: left to the caller.
    expect(membersJson(new Point() as unknown as Record<string, unknown>)).toBeUndefined();
    expect(membersJson({ toJSON: () => 1 })).toBeUndefined();
    expect(() => membersJson({ results: [{ n: 1n }] })).toThrow(TypeError);
  });
});
