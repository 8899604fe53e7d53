/**
 * callToolsResponse measures the response it will send and, when it fits, renders it once;
 * otherwise fitResponse decides. Both ways must answer the same for any results and limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallResult, CallSummary } from '../../src/tools/call-tools-parallel.js';
import { callToolsResponse, fittedCallToolsResponse, renderCallResults } from '../../src/tools/call-tools-response.js';
import { previousRenderCallResults } from '../helpers/previous-render-call-results.js';
import { anyOverlap, anyTimingOverlap } from '../../src/tools/render.js';

const resultArb = fc.oneof(
  fc.record({ content: fc.array(fc.record({ type: fc.constant('text'), text: fc.string({ maxLength: 400 }) }), { maxLength: 3 }) }),
  fc.record({ content: fc.constant([]), structuredContent: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) }),
);

const callArb = fc.record({
  ok: fc.boolean(),
  result: resultArb,
  started_ms: fc.integer({ min: 0, max: 100 }),
  duration_ms: fc.integer({ min: 0, max: 100 }),
  unicode: fc.boolean(),
});

type CallCase = typeof callArb extends fc.Arbitrary<infer T> ? T : never;

function resultsOf(calls: CallCase[]): { results: CallResult[]; summary: CallSummary } {
  const results = calls.map((c, index): CallResult => {
    const r: CallResult = { index, server: c.unicode ? 'sérveur' : 'srv', tool: 'echo', attempts: 1, started_ms: c.started_ms, duration_ms: c.duration_ms, ok: c.ok };
    if (c.ok) r.result = c.result;
    else r.error = { code: 'tool_error', message: `no "${index}"\n` };
    return r;
  });
  const succeeded = results.filter((r) => r.ok).length;
  return { results, summary: { total: results.length, succeeded, failed: results.length - succeeded, cancelled: 0, wall_ms: 100, sum_ms: 300, speedup: 3 } };
}

describe('callToolsResponse', () => {
  it('answers what fitResponse decides, for any results and limits (property)', () => {
    fc.assert(
      fc.property(fc.array(callArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1024, max: 4096 }), fc.integer({ min: -400, max: 400 }), (calls, maxResultBytes, offset) => {
        const { results, summary } = resultsOf(calls);
        // Limits around the size of the whole response, where the two ways could disagree.
        const whole = callToolsResponse(results, summary, { maxResultBytes, maxResponseBytes: 1 << 30 });
        const sent = 512 + Buffer.byteLength(JSON.stringify(whole.structuredContent)) + Buffer.byteLength(JSON.stringify(whole.content[0]!.text));
        const limits = { maxResultBytes, maxResponseBytes: Math.max(1024, sent + offset) };
        expect(callToolsResponse(results, summary, limits)).toEqual(fittedCallToolsResponse(results, summary, limits));
      }),
      { numRuns: 400 },
    );
  });

  it('returns every result, rendered once, when the response fits', () => {
    const { results, summary } = resultsOf([{ ok: true, result: { content: [{ type: 'text', text: 'Echo: hi' }] }, started_ms: 0, duration_ms: 2, unicode: false }]);
    const response = callToolsResponse(results, summary, { maxResultBytes: 4096, maxResponseBytes: 8192 });
    expect(response.structuredContent.results).toBe(results);
    expect(response.content[0]!.text).toBe('1/1 calls succeeded in 100 ms (sequential 300 ms, speedup n/a, no two calls ran at once)\n\n[0] ok srv/echo (2 ms)\nEcho: hi');
  });
});

describe('anyOverlap', () => {
  it('returns the same as a sort-and-scan for intervals in any order (property)', () => {
    const interval = fc.record({ start: fc.integer({ min: 0, max: 50 }), end: fc.integer({ min: 0, max: 60 }) });
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 8 }), (intervals) => {
        const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
        const expected = sorted.some((i, k) => sorted.slice(0, k).some((j) => j.end > i.start));
        expect(anyOverlap(intervals)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same for records as for the intervals built from them (property)', () => {
    const timing = fc.record({ started_ms: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 50, noNaN: true })), duration_ms: fc.double({ min: 0, max: 20, noNaN: true }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(timing, { maxLength: 8 }), (timings) => {
        const intervals = timings.map((t) => ({ start: t.started_ms ?? 0, end: (t.started_ms ?? 0) + (t.duration_ms ?? 0) }));
        expect(anyTimingOverlap(timings)).toBe(anyOverlap(intervals));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('renderCallResults', () => {
  it('writes the same text as the previous rendering, for calls to mixed servers and tools, prompts, failures and late answers (property)', () => {
    const record = fc.record({
      server: fc.constantFrom(undefined, 'a', 'b', 'sérveur'),
      tool: fc.constantFrom('echo', 'add', 'a__echo'),
      prompt: fc.boolean(),
      provider: fc.constantFrom(undefined, 'gemini'),
      ok: fc.boolean(),
      text: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
      code: fc.constantFrom('tool_error', 'cancelled', 'timeout'),
      late: fc.boolean(),
      started_ms: fc.integer({ min: 0, max: 50 }),
      duration_ms: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.double({ min: 0, max: 20_000, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 10 }), fc.nat(5), (calls, succeeded) => {
        const results = calls.map((c, index): CallResult => {
          const r: CallResult = c.prompt
            ? { index, kind: 'prompt', attempts: 1, started_ms: c.started_ms, duration_ms: c.duration_ms, ok: c.ok }
            : c.server === undefined
              ? { index, tool: c.tool, attempts: 1, started_ms: c.started_ms, duration_ms: c.duration_ms, ok: c.ok }
              : { index, server: c.server, tool: c.tool, attempts: 1, started_ms: c.started_ms, duration_ms: c.duration_ms, ok: c.ok };
          if (c.prompt && c.provider) r.usage = { provider: c.provider, model: 'm', input_tokens: 1, output_tokens: 2 } as CallResult['usage'];
          if (!c.ok) r.error = { code: c.code, message: `m${index}` };
          if (!c.ok && c.late) r.late = { ok: true, after_ms: 12 };
          return r;
        });
        const texts = calls.map((c) => c.text);
        const summary: CallSummary = { total: calls.length, succeeded, failed: 1, cancelled: 1, wall_ms: 10.5, sum_ms: 1234, speedup: 2.5 };
        expect(renderCallResults(results, summary, texts)).toBe(previousRenderCallResults(results, summary, texts));
      }),
      { numRuns: 1000 },
    );
  });
});
