/**
 * shared-words reads its related lists merged, latest first, stopping each at followedBelow as
 * edges are added: the heuristic's whole result is the one the previous gather-and-sort read
 * gives (test/helpers/previous-shared-words.ts), on plans of few words (so that a word is shared
 * by more than MAX_SHARING steps, and template siblings are skipped) with and without
 * listImplied.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import { DEPENDENCE_RULES } from '../../src/analysis/rules/index.js';
import type { DependenceRule } from '../../src/analysis/rules/rule.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';
import { previousSharedWords } from '../helpers/previous-shared-words.js';

const verbs = ['Clean', 'Download', 'Research', 'Summarize', 'Translate', 'Plot', 'Check'];
const nouns = ['dataset', 'housing data', 'report', 'Paris', 'London', 'prices', 'records', 'weather', 'chart', 'notes'];
const stepArb = fc.record({
  verb: fc.constantFrom(...verbs),
  objects: fc.array(fc.constantFrom(...nouns), { minLength: 1, maxLength: 3 }),
  needs: fc.boolean(),
});

function planOf(specs: Array<{ verb: string; objects: string[]; needs: boolean }>): AnalysisStep[] {
  return specs.map((s, k) => ({
    id: `s${k}`,
    title: `${s.verb} the ${s.objects.join(' and ')}`,
    ...(s.needs && k % 5 === 0 ? { needs: [s.objects[0]!] } : {}),
  }));
}

/** heuristicEdges with the previous shared-words in place of today's. */
function withPrevious<T>(run: () => T): T {
  const rules = DEPENDENCE_RULES as DependenceRule[];
  const at = rules.findIndex((r) => r.name === 'shared-words');
  const current = rules[at]!;
  rules[at] = previousSharedWords;
  try {
    return run();
  } finally {
    rules[at] = current;
  }
}

describe('shared-words, merged read', () => {
  it('gives the result the previous gather-and-sort read gives', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 2, maxLength: 200, size: 'max' }), fc.boolean(), (specs, listImplied) => {
        const plan = planOf(specs);
        const now = heuristicEdges(plan, undefined, undefined, { listImplied });
        const before = withPrevious(() => heuristicEdges(plan, undefined, undefined, { listImplied }));
        expect(now).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });
});
