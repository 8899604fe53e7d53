/**
 * A pair rule's reason names the same inputs for every earlier step a step is judged against:
 * participle-inputs builds the names once per step (speed), and each pair's reason is still the
 * one it gave when it built them per pair.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../bench/corpus/corpus.js';
import { realPlan } from '../../bench/analysis-real-plan.js';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';
import { certainEdges } from '../../src/analysis/certain-edges.js';
import { INDEPENDENCE_RULES } from '../../src/analysis/rules/index.js';
import type { RuleContext } from '../../src/analysis/rules/rule.js';

describe('participle-inputs reasons, built once per step', () => {
  it('name the same inputs for each earlier step, in each analysis', () => {
    const titles = ['Draft the article', 'Record the podcast', 'Order the prints', 'Book a venue', 'Hire a photographer', 'Edit the drafted article using the recorded podcast', 'Frame the ordered prints'];
    const steps: AnalysisStep[] = titles.map((title, k) => ({ id: `s${k + 1}`, title }));
    const names = '"drafted": "s1", "recorded": "s2"';
    // s6 names two inputs where participle-inputs reads them (the verb's object and after "using");
    // s7 is judged against some of the same earlier steps, with names of its own.
    const expected = [
      ...['s3', 's4', 's5'].map((other) => ({ steps: [other, 's6'], reason: `"s6" names its input by the step that made it (${names}) and not "${other}"` })),
      ...['s4', 's5'].map((other) => ({ steps: [other, 's7'], reason: `"s7" names its input by the step that made it ("ordered": "s3") and not "${other}"` })),
    ];
    for (let run = 0; run < 2; run++) {
      const pairs = heuristicEdges(steps).independence.filter((entry) => entry.reason.includes('names its input by the step that made it'));
      expect(pairs).toEqual(expect.arrayContaining(expected));
      expect(pairs.filter((entry) => entry.steps[1] === 's6')).toHaveLength(3);
    }
  });
});

describe('independent, where a pair rule gives it', () => {
  it('is whether pair gives a reason, for every pair of steps it may judge', () => {
    // The context the rules see, captured from a real analysis (its first independence rule's call).
    const contexts: RuleContext[] = [];
    const first = INDEPENDENCE_RULES[0]!;
    const groups = first.groups!;
    first.groups = (ctx) => (contexts.push(ctx), groups(ctx));
    try {
      for (const plan of [...loadCorpus().slice(0, 400).map((p) => p.steps), realPlan(300)]) {
        certainEdges(plan);
        heuristicEdges(plan);
      }
    } finally {
      first.groups = groups;
    }
    let judged = 0;
    for (const ctx of contexts) {
      for (const rule of INDEPENDENCE_RULES) {
        if (rule.independent === undefined) continue;
        const candidates = rule.candidates!(ctx);
        for (let j = 0; j < candidates.length; j++) {
          if (!candidates[j]) continue;
          for (let i = 0; i < j; i++, judged++) expect(rule.independent(ctx, i, j)).toBe(rule.pair!(ctx, i, j) !== undefined);
        }
      }
    }
    expect(judged).toBeGreaterThan(1000);
  });
});
