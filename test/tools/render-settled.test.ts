/**
 * call_tools_parallel's answer made as its calls settle (tools/render-settled.ts) is the answer
 * made at the end of the batch, byte for byte: the results (callResultOf over the final
 * records), the response (callToolsResponse), and the answer line the lean path writes from it
 * (server/prepared-answer-line.ts) against `JSON.stringify({ result, jsonrpc, id })` of
 * finishedAnswer's object, as the lean path sent it before. Generated batches mix successes,
 * failures, timeouts with late answers put on their records after they settled (as the run does
 * when it ends), cancellations in flight and before the start, prompt calls, calls whose tool
 * was not known before the run, records replaced after their event (a retry), calls settling
 * in any order with turns between some of them, and limits small enough for the response
 * budget to refuse results. callResultJson is JSON.stringify on generated results.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallError, ToolResult } from '../../src/engine/outcome.js';
import type { StepRecord } from '../../src/engine/scheduler.js';
import type { PromptStepUsage } from '../../src/execution/kinds/prompt-step.js';
import type { Resolution } from '../../src/execution/run-steps.js';
import { finishedAnswer, reportOf } from '../../src/runs/run-answer.js';
import type { RunEnd } from '../../src/runs/run-types.js';
import { checkedToolResult } from '../../src/server/lean-tool-result.js';
import { preparedAnswerLine } from '../../src/server/prepared-answer-line.js';
import { callResultJson, callResultOf, summaryOf } from '../../src/tools/call-records.js';
import type { Call, CallResult } from '../../src/tools/call-tools-parallel.js';
import { callToolsResponse } from '../../src/tools/call-tools-response.js';
import { SettledRender, takeStructuredMembers } from '../../src/tools/render-settled.js';

const texts = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('Echo: hi', 'a "quote" and a \\ backslash', 'line\nbreak\ttab\u0001', 'lone \ud800 surrogate', 'pair \ud83d\ude00', 'é ü 中文', '\u2028\u2029'),
);

const results: fc.Arbitrary<ToolResult> = fc.oneof(
  { weight: 5, arbitrary: texts.map((text) => ({ content: [{ type: 'text', text }] })) },
  { weight: 1, arbitrary: fc.record({ content: fc.array(fc.record({ type: fc.constant('text'), text: texts }), { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ content: fc.constant([] as unknown[]), structuredContent: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) }) },
  { weight: 1, arbitrary: fc.constantFrom<ToolResult>(
    { content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }] },
    { content: [{ text: 'text first', type: 'text' }] },
    { content: [{ type: 'text', text: 'more', _meta: { a: 1 } }] },
    { content: [{ type: 'text', text: 'x' }], isError: false },
    { content: [{ type: 'text', text: 'with toJSON', toJSON: () => ({ replaced: true }) }] },
    { content: [{ type: 'text', text: 'undefined member', extra: undefined }] },
  ) },
);

const errors: fc.Arbitrary<CallError> = fc.oneof(
  fc.record({ code: fc.constantFrom('timeout', 'tool_error', 'cancelled', 'unknown_tool', 'invalid_arguments', 'transport_error'), message: texts }),
  fc.record({ code: fc.constant('tool_error'), message: texts, details: fc.jsonValue({ maxDepth: 2 }) }),
) as fc.Arbitrary<CallError>;

const times = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 90_000, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }));

/** One call of a batch: what it is, how it ended, how its end reaches the render. */
const calls = fc.record({
  kind: fc.constantFrom('tool', 'tool', 'tool', 'prompt'),
  server: fc.constantFrom(undefined, 'alpha', 'béta', 'a"b'),
  tool: fc.constantFrom('echo', 'add', 'alpha__echo'),
  /** Resolved before the run (most), not known then, or known to fail. */
  known: fc.constantFrom('resolved', 'resolved', 'resolved', 'unknown', 'error'),
  status: fc.constantFrom('ok', 'ok', 'ok', 'failed', 'cancelled', 'skipped'),
  started: fc.boolean(),
  start: times,
  duration: times,
  wait: fc.option(fc.double({ min: 1, max: 500, noNaN: true }), { nil: undefined }),
  attempts: fc.integer({ min: 1, max: 3 }),
  result: fc.option(results, { freq: 8, nil: undefined }),
  error: fc.option(errors, { nil: undefined }),
  reason: fc.option(texts, { nil: undefined }),
  late: fc.option(fc.oneof(results.map((result) => ({ ok: true as const, result, after_ms: 12.5 })), errors.map((error) => ({ ok: false as const, error, after_ms: 3 }))), { nil: undefined }),
  /** Whether the run reports it finished (an event), and whether its final record is another object. */
  event: fc.constantFrom(true, true, true, false),
  replaced: fc.constantFrom(false, false, false, false, true),
});

type Gen = typeof calls extends fc.Arbitrary<infer T> ? T : never;

const RESOLVED = (server: string, tool: string): Resolution => ({ server, tool, definition: { name: tool, inputSchema: { type: 'object' } } }) as unknown as Resolution;

function batchOf(gens: Gen[]) {
  const input: Call[] = gens.map((g) => (g.kind === 'prompt' ? { prompt: 'p', model: 'm' } : g.server === undefined ? { tool: g.tool } : { server: g.server, tool: g.tool }) as Call);
  const known: Array<Resolution | undefined> = gens.map((g) => (g.kind === 'prompt' || g.known === 'unknown' ? undefined : g.known === 'error' ? { code: 'unknown_tool', message: 'no such tool' } : RESOLVED(g.server ?? 'alpha', g.tool)));
  const records: StepRecord[] = gens.map((g, index) => {
    const record: StepRecord = { id: String(index), status: g.status as StepRecord['status'], attempts: g.status === 'skipped' ? 0 : g.attempts };
    if (g.started) {
      record.started_ms = g.start;
      if (g.wait !== undefined) record.wait_ms = g.wait;
      record.ended_ms = g.start + g.duration;
      record.duration_ms = g.duration;
    }
    if (g.status === 'ok') {
      if (g.result !== undefined) record.result = g.result;
    } else {
      if (g.error !== undefined) record.error = g.error;
      if (g.reason !== undefined) record.reason = g.reason;
    }
    return record;
  });
  // A call resolved during the run (its resolution in the run's answer, not in `known`).
  const resolutions = known.map((k, index) => (k === undefined && gens[index]!.kind === 'tool' && gens[index]!.status === 'ok' ? RESOLVED('late', gens[index]!.tool) : k));
  const usage: ReadonlyMap<string, PromptStepUsage> = new Map(gens.flatMap((g, index) => (g.kind === 'prompt' ? [[String(index), { provider: 'gemini', model: 'm', input_tokens: 3, output_tokens: 4 } as unknown as PromptStepUsage]] : [])));
  return { input, known, records, resolutions, usage };
}

/** The answer as it was made at the end of the batch: results, summary, response, and the line the lean path sent for it. */
function endOfBatch(batch: ReturnType<typeof batchOf>, limits: { maxResultBytes: number; maxResponseBytes: number }) {
  const results = batch.records.map((record, index) => callResultOf(batch.input[index]!, index, record, batch.resolutions[index], batch.usage));
  const summary = summaryOf(results, batch.records, 321.7);
  const response = callToolsResponse(results, summary, limits);
  return { results, summary, response, line: answerLineOf(response) };
}

function answerLineOf(response: ReturnType<typeof callToolsResponse>): string {
  const end: RunEnd = { run_id: 'run-1', status: 'completed', report: reportOf(response) } as RunEnd;
  const checked = checkedToolResult(finishedAnswer(end));
  if (!checked.ok) throw new Error(checked.message);
  return `${JSON.stringify({ result: checked.result, jsonrpc: '2.0', id: 7 })}\n`;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('callResultJson', () => {
  it('writes what JSON.stringify writes, for the results callResultOf makes (property)', () => {
    fc.assert(
      fc.property(fc.array(calls, { minLength: 1, maxLength: 6 }), (gens) => {
        const batch = batchOf(gens);
        batch.records.forEach((record, index) => {
          if (gens[index]!.late && record.status !== 'ok') record.late = gens[index]!.late;
          const result = callResultOf(batch.input[index]!, index, record, batch.resolutions[index], batch.usage);
          expect(callResultJson(result)).toBe(JSON.stringify(result));
        });
      }),
      { numRuns: 1500 },
    );
  });

  it('writes numbers as JSON does: fractions, large and small ones, and those it cannot write', () => {
    for (const ms of [0, -0, 0.1, 0.30000000000000004, 1e21, 1.5e-7, 123456789.123, Number.NaN, Infinity, -Infinity]) {
      const result: CallResult = { index: 0, server: 's', tool: 't', attempts: 1, started_ms: ms, duration_ms: -ms, ok: true, wait_ms: ms };
      expect(callResultJson(result)).toBe(JSON.stringify(result));
      // The usual call's shape (sent at once, one text block), written from its own template.
      const usual: CallResult = { index: 3, server: 's', tool: 't', attempts: 1, started_ms: ms, duration_ms: -ms, ok: true, result: { content: [{ type: 'text', text: `t "${ms}"` }] } };
      expect(callResultJson(usual)).toBe(JSON.stringify(usual));
    }
  });
});

describe('SettledRender', () => {
  it('answers the bytes the end of the batch answered, however the calls settle (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(calls, { minLength: 2, maxLength: 14 }),
        fc.array(fc.nat(), { maxLength: 14 }),
        fc.constantFrom('roomy', 'roomy', 'one result', 'tight'),
        async (gens, order, room) => {
          const batch = batchOf(gens);
          const limits = room === 'roomy' ? { maxResultBytes: 4 << 20, maxResponseBytes: 8 << 20 } : room === 'one result' ? { maxResultBytes: 40, maxResponseBytes: 8 << 20 } : { maxResultBytes: 4 << 20, maxResponseBytes: 1500 };
          const settled = new SettledRender(batch.input, batch.known);
          const seen: string[] = [];
          const onEvent = settled.follow((event) => seen.push(event.type));
          // The events in a generated order, with turns (when the render makes what settled) between some.
          const positions = gens.map((_g, index) => index).sort((a, b) => (order[a] ?? a) - (order[b] ?? b));
          for (const index of positions) {
            onEvent({ type: 'started', id: String(index), attempt: 1, at_ms: 0 });
            if (gens[index]!.event) onEvent({ type: 'finished', record: batch.records[index]! });
            if ((order[index] ?? 0) % 3 === 0) await turn();
          }
          expect(seen.length).toBeGreaterThan(0);
          // What the run does once every call ended: late answers onto failed records, and a retried call's final record.
          const records = batch.records.map((record, index) => {
            const g = gens[index]!;
            if (g.late && record.status !== 'ok') record.late = g.late;
            // A retried call's last attempt: another record, its own count and times, another result.
            if (!g.replaced) return record;
            const again: StepRecord = { ...record, attempts: record.attempts + 1 };
            if (again.duration_ms !== undefined) again.duration_ms += 1.5;
            if (again.status === 'ok') again.result = { content: [{ type: 'text', text: 'the retry' }] };
            return again;
          });
          const final = { ...batch, records };
          const expected = endOfBatch(final, limits);
          const made = settled.results(records, batch.resolutions, batch.usage);
          expect(JSON.stringify(made)).toBe(JSON.stringify(expected.results));
          const summary = summaryOf(made, records, 321.7);
          const response = settled.response(made, summary, limits);
          expect(JSON.stringify(response)).toBe(JSON.stringify(expected.response));
          // The line written around the structured content's JSON made as the calls settled (when there is one).
          const end: RunEnd = { run_id: 'run-1', status: 'completed', report: reportOf(response) } as RunEnd;
          const line = preparedAnswerLine(end, 7);
          if (line !== undefined) expect(line).toBe(expected.line);
          // Roomy limits: the budget refuses nothing, and the line is written from the pieces.
          if (room === 'roomy') expect(line).toBeDefined();
          // Taken once.
          expect(preparedAnswerLine(end, 7)).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the structured content JSON for the turn it was made in only', async () => {
    const batch = batchOf([
      { kind: 'tool', server: 'alpha', tool: 'echo', known: 'resolved', status: 'ok', started: true, start: 1, duration: 2, wait: undefined, attempts: 1, result: { content: [{ type: 'text', text: 'a' }] }, error: undefined, reason: undefined, late: undefined, event: true, replaced: false },
      { kind: 'tool', server: 'alpha', tool: 'echo', known: 'resolved', status: 'failed', started: true, start: 1, duration: 2, wait: undefined, attempts: 1, result: undefined, error: { code: 'timeout', message: 'timed out' }, reason: undefined, late: undefined, event: true, replaced: false },
    ]);
    const settled = new SettledRender(batch.input, batch.known);
    const results = settled.results(batch.records, batch.resolutions, batch.usage);
    const response = settled.response(results, summaryOf(results, batch.records, 3), { maxResultBytes: 4 << 20, maxResponseBytes: 8 << 20 });
    await turn();
    expect(takeStructuredMembers(response.structuredContent)).toBeUndefined();
  });
});
