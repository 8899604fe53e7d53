/**
 * analyze_dependencies' registered output schema has a hand check in front of the zod schema
 * (tools/analysis-output.ts). For real analysis results and for any mutation of one (a key
 * dropped, added, moved; a value of another type, NaN, undefined) it must answer what the
 * plain schema answers; and it takes every result the analysis gives on the seed and
 * corpus plans and on a generated 1,000-step plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { analyzeDependencies, type AnalysisResult } from '../../src/analysis/analyze.js';
import { AnalysisResultSchema } from '../../src/analysis/schema.js';
import { fastAnalysisResult } from '../../src/tools/analysis-output.js';
import { AnalyzeToolOutputSchema } from '../../src/tools/analyze-dependencies.js';
import { loadSeedPlans } from '../../bench/corpus/seeds.js';
import { loadCorpus } from '../../bench/corpus/corpus.js';
import { generatePlan } from '../../bench/generate-plan.js';

const plain = z.object(AnalysisResultSchema.shape);

const seeds = loadSeedPlans();
const results: AnalysisResult[] = await Promise.all([
  ...seeds.map((plan) => analyzeDependencies(plan.steps, { strategy: 'heuristic' })),
  ...loadCorpus().slice(0, 40).map((plan) => analyzeDependencies(plan.steps, { strategy: 'heuristic' })),
  analyzeDependencies(generatePlan(1000, 1), { strategy: 'heuristic' }),
]);

const odd = fc.constantFrom<unknown>(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1.5, '', 'x', 'llm', 'default', true, [], {}, ['a'], [1], { steps: [], ms: 0 });

/** Every path to a value inside a result (objects and arrays), at most `limit` of them. */
function pathsOf(value: unknown, limit = 400): PropertyKey[][] {
  const out: PropertyKey[][] = [];
  const walk = (v: unknown, path: PropertyKey[]) => {
    if (out.length >= limit) return;
    if (path.length > 0) out.push(path);
    if (Array.isArray(v)) v.slice(0, 6).forEach((item, i) => walk(item, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
  };
  walk(value, []);
  return out;
}

type Mutation = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'extra'; value: unknown } | { kind: 'move' };

/** A deep copy of `result` with one mutation at `path` (its last key: set, deleted, moved last, or a key added beside it). */
function mutated(result: AnalysisResult, path: PropertyKey[], mutation: Mutation): unknown {
  const copy = structuredClone(result) as unknown as Record<PropertyKey, unknown>;
  let parent: Record<PropertyKey, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<PropertyKey, unknown>;
  const last = path[path.length - 1]!;
  if (mutation.kind === 'set') parent[last] = mutation.value;
  else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (mutation.kind === 'move' && !Array.isArray(parent)) {
    const value = parent[last];
    delete parent[last];
    parent[last] = value;
  } else if (mutation.kind === 'extra' && !Array.isArray(parent)) parent.extra_key = mutation.value;
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  odd.map((value) => ({ kind: 'set' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.constant({ kind: 'move' as const }),
  odd.map((value) => ({ kind: 'extra' as const, value })),
);
const candidate = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...results) as fc.Arbitrary<unknown> },
  { weight: 6, arbitrary: fc.constantFrom(...results).chain((r) => fc.tuple(fc.constantFrom(...pathsOf(r)), mutation).map(([path, m]) => mutated(r, path, m))) },
  { weight: 1, arbitrary: odd },
);

async function outcomeOf(schema: z.ZodType, value: unknown): Promise<unknown> {
  const parsed = await schema.safeParseAsync(value);
  return parsed.success ? { data: parsed.data, json: JSON.stringify(parsed.data) } : { issues: parsed.error.issues.map(({ path, message, code }) => ({ path, message, code })) };
}

describe('analyze_dependencies output: the hand check in front of the output schema', () => {
  it('answers what the plain zod schema answers, for results and mutations of them (property)', async () => {
    await fc.assert(
      fc.asyncProperty(candidate, async (value) => {
        expect(await outcomeOf(AnalyzeToolOutputSchema, value)).toStrictEqual(await outcomeOf(plain, value));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns only values the plain schema accepts, as it returns them (property)', () => {
    fc.assert(
      fc.property(candidate, (value) => {
        const fast = fastAnalysisResult(value);
        if (fast === undefined) return;
        const parsed = plain.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(fast).toStrictEqual(parsed.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(parsed.data));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes every result of the analysis itself', () => {
    for (const result of results) expect(fastAnalysisResult(result)).toBe(result);
  });
});
