import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberJson, oneCallStructuredJson, stringJson } from '../../src/server/one-call-json.js';

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

/** A one-call answer's structured part as call-records.ts makes it, with generated values. */
const oneCall = fc
  .record({ index: fc.nat(), server: text, tool: text, attempts: fc.nat(), started_ms: number, duration_ms: number, text, total: fc.nat(), succeeded: fc.nat(), failed: fc.nat(), cancelled: fc.nat(), wall_ms: number, sum_ms: number, speedup: number })
  .map((v) => ({
    results: [{ index: v.index, server: v.server, tool: v.tool, attempts: v.attempts, started_ms: v.started_ms, duration_ms: v.duration_ms, ok: true, result: { content: [{ type: 'text', text: v.text }] } }],
    summary: { total: v.total, succeeded: v.succeeded, failed: v.failed, cancelled: v.cancelled, wall_ms: v.wall_ms, sum_ms: v.sum_ms, speedup: v.speedup },
  }));

/** One change to a one-call shape: a member added, dropped, moved or of another type, another prototype, a toJSON. */
type Mutation = (structured: { results: Array<Record<string, unknown>>; summary: Record<string, unknown> }) => void;
const mutations: Mutation[] = [
  (s) => {
    s.results[0]!.wait_ms = 1.5;
  },
  (s) => {
    delete s.results[0]!.server;
  },
  (s) => {
    s.results[0]!.ok = false;
  },
  (s) => {
    s.results[0]!.error = { code: 'x', message: 'y' };
  },
  (s) => {
    const { index, ...rest } = s.results[0]!;
    s.results[0] = { ...rest, index };
  },
  (s) => {
    s.results[0]!.index = '0';
  },
  (s) => {
    s.results[0]!.started_ms = undefined;
  },
  (s) => {
    s.results[0]!.result = { content: [{ type: 'text', text: 'a' }], isError: false };
  },
  (s) => {
    s.results[0]!.result = { content: [{ text: 'a', type: 'text' }] };
  },
  (s) => {
    s.results[0]!.result = { content: [{ type: 'image', text: 'a' }] };
  },
  (s) => {
    s.results[0]!.result = { content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] };
  },
  (s) => {
    s.results[0]!.result = { content: [{ type: 'text', text: 'a', toJSON: () => 'x' }] };
  },
  (s) => {
    s.results[0]!.result = { toJSON: () => ({ content: [] }) };
  },
  (s) => {
    s.results.push({ ...s.results[0]! });
  },
  (s) => {
    s.results.length = 0;
  },
  (s) => {
    s.summary.usage = { input_tokens: 1, output_tokens: 2 };
  },
  (s) => {
    s.summary.speedup = Number.NaN;
  },
  (s) => {
    s.summary = Object.assign(Object.create(null) as Record<string, unknown>, s.summary);
  },
  (s) => {
    (s as Record<string, unknown>).extra = 1;
  },
  (s) => {
    Object.defineProperty(s.results, 'toJSON', { value: () => 'array', enumerable: false });
  },
  (s) => {
    s.results[0] = new (class Record {
      index = 0;
    })() as unknown as Record<string, unknown>;
  },
];

describe('one-call-json', () => {
  it('numberJson writes what JSON.stringify writes (property)', () => {
    fc.assert(
      fc.property(number, (value) => {
        expect(numberJson(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 20_000 },
    );
    // Every tenth and hundredth below 300, and some far above.
    for (let k = 0; k < 30_000; k++) {
      for (const value of [k / 10, k / 100, (k * 997) / 10, (k * 99_991) / 100]) expect(numberJson(value)).toBe(JSON.stringify(value));
    }
  });

  it('stringJson writes what JSON.stringify writes (property)', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'grapheme', maxLength: 10 })), (value) => {
        expect(stringJson(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes a one-call structured part as JSON.stringify does, without its brace (property)', () => {
    fc.assert(
      fc.property(oneCall, (structured) => {
        expect(oneCallStructuredJson(structured)).toBe(JSON.stringify(structured).slice(1));
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves every other shape to JSON.stringify, or writes it the same', () => {
    fc.assert(
      fc.property(oneCall, fc.constantFrom(...mutations.keys()), (structured, m) => {
        mutations[m]!(structured);
        const written = oneCallStructuredJson(structured);
        if (written !== undefined) expect(written).toBe(JSON.stringify(structured).slice(1));
      }),
      { numRuns: 2000 },
    );
    // The mutations that change the shape are all left (NaN and a non-enumerable toJSON aside, whose bytes it may write).
    const base = fc.sample(oneCall, { numRuns: 1, seed: 7 })[0]!;
    const left = mutations.filter((mutate) => {
      const structured = structuredClone(base);
      mutate(structured);
      return oneCallStructuredJson(structured) === undefined;
    });
    expect(left.length).toBe(mutations.length - 1);
  });
});
