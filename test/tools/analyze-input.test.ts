/**
 * analyze_dependencies' registered input schema has a hand check in front of the zod schema
 * (tools/analyze-input.ts). For any input — valid or not, keys in any order, prompt fields,
 * wrong types — it must answer exactly what the plain schema answers: the same data (same
 * JSON, key order included) when valid, the same issues when not. And tools/list shows the
 * same JSON Schema as before.
 */
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AnalysisResultSchema, AnalysisStepSchema, AnalyzeInputSchema } from '../../src/analysis/schema.js';
import { strictObject } from '../../src/engine/strict-object.js';
import { FAST_ANALYZE_KEYS, FAST_STEP_KEYS, fastAnalyzeInput } from '../../src/tools/analyze-input.js';
import { AnalyzeToolInputSchema, AnalyzeToolOutputSchema } from '../../src/tools/analyze-dependencies.js';
import { generatePlan } from '../../bench/generate-plan.js';

const plain = strictObject(AnalyzeInputSchema.shape);

const number = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, -1, -0.5, 0.5, 2, 3, 1e9, -0, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY) },
  { weight: 1, arbitrary: fc.double({ min: -10, max: 1e6, noNaN: true }) },
);
const anyValue = fc.oneof(number, fc.boolean(), fc.constantFrom('', 'x', 'step_1', null, 'auto'), fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }));
const text = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('', 'Research Paris', 'then compare "it"', 'a\nb') }, { weight: 1, arbitrary: anyValue });
const ids = fc.oneof({ weight: 4, arbitrary: fc.array(fc.constantFrom('a', 'b', ''), { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(anyValue, { maxLength: 2 }) }, { weight: 1, arbitrary: anyValue });
const stepField: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('a', 'b', 'step_1') }, { weight: 1, arbitrary: anyValue }),
  title: text,
  description: text,
  step_type: fc.oneof(fc.constantFrom('research', 'processing'), text),
  server: fc.oneof(fc.constantFrom('everything'), text),
  tool: fc.oneof(fc.constantFrom('echo'), text),
  arguments: fc.oneof(
    fc.dictionary(fc.constantFrom('message', 'a', '__proto__', '{{a}}'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "message": "m"}') as unknown),
    anyValue,
  ),
  depends_on: ids,
  needs: ids,
  provides: ids,
  estimated_ms: number,
  timeout_ms: number,
  retries: number,
  priority: number,
  as_task: fc.oneof(fc.boolean(), anyValue),
  reset_timeout_on_progress: fc.oneof(fc.boolean(), anyValue),
  max_total_timeout_ms: number,
  prompt: fc.oneof(fc.constantFrom('say hi', ''), anyValue),
  model: fc.constantFrom('m', ''),
  temperature: number,
  dependson: fc.constant(['a']),
};
const stepOrder = Object.keys(AnalysisStepSchema.shape);
const rank = (key: string, order: readonly string[]) => (order.includes(key) ? order.indexOf(key) : order.length);

/** Some of `fields` (with the required ones), in the schema's order or shuffled. */
function objectOf(fields: Record<string, fc.Arbitrary<unknown>>, required: readonly string[], order: readonly string[]): fc.Arbitrary<unknown> {
  const entry = fc.constantFrom(...Object.keys(fields)).chain((key) => fields[key]!.map((value) => [key, value] as const));
  const must = fc.tuple(...required.map((key) => fields[key]!.map((value) => [key, value] as const)));
  return fc.tuple(must, fc.array(entry, { maxLength: 5 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 8 })).map(([a, b, inOrder, swaps]) => {
    const entries = [...new Map([...a, ...b]).entries()];
    if (inOrder) entries.sort(([x], [y]) => rank(x, order) - rank(y, order));
    else for (const s of swaps) entries.push(...entries.splice(s % Math.max(1, entries.length), 1));
    return Object.fromEntries(entries);
  });
}

const validStep = fc.record(
  { id: fc.constantFrom('a', 'b', 'c'), title: fc.constantFrom('Research Paris', 'Compare'), server: fc.constant('everything'), tool: fc.constant('echo'), arguments: fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }), depends_on: fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }), estimated_ms: fc.nat(1000) },
  { requiredKeys: ['id'] },
);
const step = fc.oneof({ weight: 4, arbitrary: objectOf(stepField, ['id'], stepOrder) }, { weight: 4, arbitrary: validStep }, { weight: 1, arbitrary: anyValue });
const topField: Record<string, fc.Arbitrary<unknown>> = {
  steps: fc.oneof({ weight: 6, arbitrary: fc.array(step, { maxLength: 4 }) }, { weight: 3, arbitrary: fc.array(validStep, { minLength: 1, maxLength: 4 }) }, { weight: 1, arbitrary: anyValue }),
  strategy: fc.oneof(fc.constantFrom('auto', 'llm', 'heuristic', 'Heuristic'), anyValue),
  stratgy: fc.constant('auto'),
};
const input = fc.oneof({ weight: 6, arbitrary: objectOf(topField, ['steps'], Object.keys(AnalyzeInputSchema.shape)) }, { weight: 1, arbitrary: anyValue });

/** A parse's outcome as plain data: the value and its JSON (key order), or the issues. */
async function outcomeOf(schema: z.ZodType, value: unknown): Promise<unknown> {
  // Through JSON and back, as the SDK gets it.
  const wire = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
  const parsed = await schema.safeParseAsync(wire);
  return parsed.success ? { data: parsed.data, json: JSON.stringify(parsed.data) } : { issues: parsed.error.issues.map(({ path, message, code }) => ({ path, message, code })) };
}

describe('analyze_dependencies input: the hand check in front of the schema', () => {
  it('answers what the plain zod schema answers, for any input (property)', async () => {
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        expect(await outcomeOf(AnalyzeToolInputSchema, value)).toStrictEqual(await outcomeOf(plain, value));
      }),
      { numRuns: 3000 },
    );
  });

  it('returns only inputs the plain schema accepts, as it returns them, and leaves the rest to it (property)', () => {
    let taken = 0;
    fc.assert(
      fc.property(input, (value) => {
        const wire = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
        const fast = fastAnalyzeInput(wire);
        if (fast === undefined) return;
        taken++;
        const parsed = plain.safeParse(wire);
        expect(parsed.success).toBe(true);
        expect(fast).toStrictEqual(parsed.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(parsed.data));
      }),
      { numRuns: 3000 },
    );
    // The property is about the inputs the fast path takes: it must take many.
    expect(taken).toBeGreaterThan(300);
  });

  it('takes a generated 1,000-step plan itself, without a copy', () => {
    const value = JSON.parse(JSON.stringify({ steps: generatePlan(1000, 1), strategy: 'heuristic' })) as unknown;
    expect(fastAnalyzeInput(value)).toBe(value);
  });

  it('copies steps whose keys are out of the schema order into that order, as the schema does', () => {
    const value = { steps: [{ tool: 'echo', id: 'a' }, { id: 'b' }], strategy: 'auto' };
    const fast = fastAnalyzeInput(value);
    expect(JSON.stringify(fast)).toBe('{"steps":[{"id":"a","tool":"echo"},{"id":"b"}],"strategy":"auto"}');
    expect(fast!.steps[1]).toBe(value.steps[1]);
  });

  it('leaves prompt steps, misspelled fields and invalid values to the schema', () => {
    for (const value of [
      { steps: [{ id: 'a', prompt: 'say hi' }] },
      { steps: [{ id: 'a', dependson: ['b'] }] },
      { steps: [{ id: '' }] },
      { steps: [{ id: 'a', estimated_ms: -1 }] },
      { steps: [{ id: 'a', depends_on: ['b', 1] }] },
      { steps: [] },
      { steps: [{ id: 'a' }], strategy: 'fast' },
      { steps: [{ id: 'a', arguments: JSON.parse('{"__proto__": 1}') as unknown }] },
    ]) {
      expect(fastAnalyzeInput(value)).toBeUndefined();
    }
  });

  it('knows fields in the order of the schema shapes', () => {
    expect(FAST_ANALYZE_KEYS).toStrictEqual(Object.keys(AnalyzeInputSchema.shape));
    const positions = FAST_STEP_KEYS.map((key) => stepOrder.indexOf(key));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('leaves the JSON Schemas tools/list shows as they were', () => {
    expect(toJsonSchemaCompat(AnalyzeToolInputSchema, { strictUnions: true, pipeStrategy: 'input' })).toStrictEqual(
      toJsonSchemaCompat(AnalyzeInputSchema, { strictUnions: true, pipeStrategy: 'input' }),
    );
    expect(toJsonSchemaCompat(AnalyzeToolOutputSchema, { strictUnions: true, pipeStrategy: 'output' })).toStrictEqual(
      toJsonSchemaCompat(z.object(AnalysisResultSchema.shape), { strictUnions: true, pipeStrategy: 'output' }),
    );
  });
});
