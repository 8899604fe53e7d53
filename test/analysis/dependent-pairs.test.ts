/**
 * A pair rule's `dependent` lists are exactly the earlier steps its `pair` gives no reason for,
 * and the analysis that reads only those steps once it lists no more independent pairs gives
 * the result of the one that asks about every earlier step (the rules without `dependent`).
 */
import { describe, expect, it } from 'vitest';
import { realPlan } from '../../bench/analysis-real-plan.js';
import { loadCorpus } from '../../bench/corpus/corpus.js';
import { generatePlan } from '../../bench/generate-plan.js';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import { INDEPENDENCE_RULES } from '../../src/analysis/rules/index.js';
import type { IndependenceRule, RuleContext } from '../../src/analysis/rules/rule.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';

const withDependent = INDEPENDENCE_RULES.filter((r) => r.dependent !== undefined);

/** Runs `body` with every rule's `dependent` removed (the analysis asks pair by pair then). */
function withoutDependent<T>(body: () => T): T {
  const saved = withDependent.map((r) => r.dependent);
  for (const r of withDependent) delete (r as IndependenceRule).dependent;
  try {
    return body();
  } finally {
    withDependent.forEach((r, x) => ((r as IndependenceRule).dependent = saved[x]));
  }
}

/** The rule contexts of analyses of `plans`, captured from the first independence rule's call. */
function contextsOf(plans: readonly AnalysisStep[][]): RuleContext[] {
  const contexts: RuleContext[] = [];
  const first = INDEPENDENCE_RULES[0]! as IndependenceRule;
  const groups = first.groups!;
  first.groups = (ctx) => (contexts.push(ctx), groups(ctx));
  try {
    for (const plan of plans) heuristicEdges(plan);
  } finally {
    first.groups = groups;
  }
  return contexts;
}

describe('dependent, where a pair rule gives it', () => {
  it('lists exactly the earlier steps pair gives no reason for', () => {
    expect(withDependent.map((r) => r.name).sort()).toEqual(['gathers-own-input', 'participle-inputs']);
    let judged = 0;
    let listed = 0;
    for (const ctx of contextsOf([...loadCorpus().slice(0, 600).map((p) => p.steps), realPlan(400)])) {
      for (const rule of withDependent) {
        const candidates = rule.candidates!(ctx);
        for (let j = 0; j < candidates.length; j++) {
          if (!candidates[j]) continue;
          const lists = rule.dependent!(ctx, j);
          for (const list of lists) for (let x = 1; x < list.length; x++) expect(list[x]!).toBeGreaterThan(list[x - 1]!);
          const dependent = new Set(lists.flat().filter((i) => i < j));
          listed += dependent.size;
          for (let i = 0; i < j; i++, judged++) expect(dependent.has(i)).toBe(rule.pair!(ctx, i, j) === undefined);
        }
      }
    }
    expect(judged).toBeGreaterThan(5000);
    expect(listed).toBeGreaterThan(50);
  });
});

describe('the analysis reading only the dependent steps', () => {
  it('gives the result of asking about every earlier step, on long plans past the listed pairs', () => {
    const plans: AnalysisStep[][] = [realPlan(10_000), realPlan(3000), generatePlan(3000, 1) as AnalysisStep[], loadCorpus().flatMap((p, k) => p.steps.map((s) => ({ ...s, id: `p${k}-${s.id}`, depends_on: s.depends_on?.map((d) => `p${k}-${d}`) }))).slice(0, 4000)];
    for (const plan of plans) {
      const fast = heuristicEdges(plan);
      const slow = withoutDependent(() => heuristicEdges(plan));
      expect(fast).toEqual(slow);
      // The model path's mode lists every evidence edge (a million on the longest plan: not that one).
      if (plan.length <= 4000) expect(heuristicEdges(plan, undefined, undefined, { listImplied: true })).toEqual(withoutDependent(() => heuristicEdges(plan, undefined, undefined, { listImplied: true })));
    }
    // The shortcut is taken: the real plan lists more independent pairs than it reports.
    expect(heuristicEdges(realPlan(10_000)).warnings.some((w) => w.includes('independent pairs'))).toBe(true);
  });
});
