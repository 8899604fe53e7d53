/**
 * The heuristic computes the facts of each distinct title and description once per analysis
 * (`factsOf` with a `TextFactsCache`): the facts of every step are those computed without the
 * cache, ids included, on the corpus, the seed plans, generated plans, a long plan of real
 * steps (which repeats its steps' words) and random titles and descriptions made to collide.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realPlan } from '../../bench/analysis-real-plan.js';
import { loadCorpus } from '../../bench/corpus/corpus.js';
import { loadSeedPlans } from '../../bench/corpus/seeds.js';
import { generatePlan } from '../../bench/generate-plan.js';
import { StemIds } from '../../src/analysis/heuristic-text.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';
import { factsOf, type AccessKinds, type TextFactsCache } from '../../src/analysis/step-facts.js';

/** The facts of every step in order, with one StemIds and (optionally) one cache, as the heuristic builds them. */
function allFacts(steps: readonly AnalysisStep[], cached: boolean) {
  const kinds: AccessKinds = new Map();
  const ids = new StemIds();
  const texts: TextFactsCache | undefined = cached ? new Map() : undefined;
  return steps.map((s) => factsOf(s, kinds, ids, undefined, undefined, texts));
}

const plans: Array<{ name: string; steps: AnalysisStep[] }> = [
  ...loadSeedPlans().map((p) => ({ name: `seed/${p.name}`, steps: p.steps })),
  ...loadCorpus().map((p) => ({ name: `corpus/${p.name}`, steps: p.steps })),
  ...[1, 2].map((seed) => ({ name: `generated/2000/${seed}`, steps: generatePlan(2000, seed) as AnalysisStep[] })),
  { name: 'real/6000', steps: realPlan(6000) },
];

describe('factsOf with the analysis text cache', () => {
  it('gives the facts computed without it, on every corpus, seed, generated and real plan', () => {
    let repeated = 0;
    for (const plan of plans) {
      const plain = allFacts(plan.steps, false);
      const cached = allFacts(plan.steps, true);
      expect(cached, plan.name).toEqual(plain);
      repeated += plan.steps.length - new Set(plan.steps.map((s) => `${s.title}\u0001${s.description}`)).size;
    }
    // The cache is exercised: many steps repeat an earlier step's words.
    expect(repeated).toBeGreaterThan(1000);
  });

  it('tells apart titles and descriptions whose joined text or key could collide', () => {
    // Parts that are blank, numbering only ("Step 2:" cleans to ""), or hold the key's own characters.
    const part = fc.oneof(fc.constant(undefined), fc.constantFrom('', ' ', 'Step 2:', '2.', '+', '1:', 'a+b', 'Draft it. Then', 'it', 'Draft', 'Draft. it', 'it. Then', 'Then'), fc.string({ maxLength: 6 }));
    const step = fc.record({ title: part, description: part }).map(({ title, description }) => {
      const s: AnalysisStep = { id: 'x' };
      if (title !== undefined) s.title = title;
      if (description !== undefined) s.description = description;
      return s;
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const named = steps.map((s, i) => ({ ...s, id: `s${i}` }));
        expect(allFacts(named, true)).toEqual(allFacts(named, false));
      }),
      { numRuns: 500 },
    );
  });
});
