/**
 * Shortcuts the heuristic takes for speed give the answer of the path they bypass: the same
 * result with certainEdges' own position map and edge sources (reused in plan order) as with a CertainEdges
 * made elsewhere (the heuristic builds its own map then), on the corpus, the seed plans and
 * generated plans.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../bench/corpus/corpus.js';
import { loadSeedPlans } from '../../bench/corpus/seeds.js';
import { generatePlan } from '../../bench/generate-plan.js';
import { certainEdges, certainPredsOf, planPositionOf } from '../../src/analysis/certain-edges.js';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import { relatedStems } from '../../src/analysis/heuristic-text.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';
import { stripNumbering } from '../../src/analysis/step-facts.js';
import { previousRelatedStems, previousStripNumbering } from '../helpers/previous-analysis-text.js';

const plans: Array<{ name: string; steps: AnalysisStep[] }> = [
  ...loadSeedPlans().map((p) => ({ name: `seed/${p.name}`, steps: p.steps })),
  ...loadCorpus().filter((p) => p.part === 'tuning').map((p) => ({ name: `corpus/${p.name}`, steps: p.steps })),
  ...[1, 2].map((seed) => ({ name: `generated/300/${seed}`, steps: generatePlan(300, seed) as AnalysisStep[] })),
];

/** certainEdges, or undefined when the plan is invalid (the heuristic's fallback then never reads the map). */
function certainOf(steps: AnalysisStep[]) {
  try {
    return certainEdges(steps);
  } catch {
    return undefined;
  }
}

describe('the plan position map certainEdges shares', () => {
  it('is the plan position of every id', () => {
    const steps = generatePlan(50, 1) as AnalysisStep[];
    const position = planPositionOf(certainEdges(steps))!;
    expect([...position]).toEqual(steps.map((s, i) => [s.id, i]));
    expect(planPositionOf({ edges: [], warnings: [], order: [] })).toBeUndefined();
  });

  it('shares, when every edge points forward, the sources of the edges into each step, in the order of the edges', () => {
    let shared = 0;
    for (const { name, steps } of plans) {
      const certain = certainOf(steps);
      if (certain === undefined) continue;
      const position = planPositionOf(certain)!;
      const forward = certain.edges.every((e) => position.get(e.from)! < position.get(e.to)!);
      const expected = steps.map((s) => certain.edges.filter((e) => e.to === s.id).map((e) => position.get(e.from)!));
      if (!forward) expect(certainPredsOf(certain), name).toBeUndefined();
      else {
        expect(certainPredsOf(certain), name).toEqual(expected);
        shared++;
      }
    }
    expect(shared).toBeGreaterThan(300);
    const backward = certainEdges([{ id: 'a', depends_on: ['b'] }, { id: 'b' }]);
    expect(certainPredsOf(backward)).toBeUndefined();
    expect(certainPredsOf({ edges: [], warnings: [], order: [] })).toBeUndefined();
  });

  it('gives the same analysis as a map the heuristic builds itself', () => {
    let compared = 0;
    for (const { name, steps } of plans) {
      const certain = certainOf(steps);
      if (certain === undefined) continue;
      const foreign = { edges: certain.edges, warnings: certain.warnings, order: certain.order };
      expect(planPositionOf(foreign), name).toBeUndefined();
      expect(heuristicEdges(steps, undefined, certain), name).toEqual(heuristicEdges(steps, undefined, foreign));
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
  });
});

describe('edges into one step come in plan order of their sources', () => {
  it('also when more than 16 are found at once, in another order (the long sort)', () => {
    const n = 24;
    const research = Array.from({ length: n }, (_, i): AnalysisStep => ({ id: `r${i}`, title: `Research city ${i}`, step_type: 'research' }));
    // Mentioned latest first, then the rest shuffled: the mentions rule adds them in this order.
    const named = Array.from({ length: n }, (_, i) => `r${(i * 7) % n}`);
    const steps = [...research, { id: 'combine', title: `Combine ${named.join(' ')}` }];
    const into = heuristicEdges(steps).edges.filter((e) => e.to === 'combine');
    expect(into.length).toBeGreaterThan(16);
    expect(into.map((e) => e.from)).toEqual(research.map((s) => s.id).filter((id) => into.some((e) => e.from === id)));
  });
});

describe('relatedStems', () => {
  it('answers as the previous version did', () => {
    // Stems of a few letters, so prefixes, equal first 7 letters and digits are all common.
    const stemArb = fc.array(fc.constantFrom('t', 'r', 'a', 'n', 's', 'c', 'i', 'b', 'p', '1'), { maxLength: 11 }).map((c) => c.join(''));
    fc.assert(fc.property(stemArb, stemArb, (a, b) => relatedStems(a, b) === previousRelatedStems(a, b)), { numRuns: 5000, seed: 4 });
    // Pairs sharing a first part of any length: prefixes, 6, 7 or more equal first letters.
    const pairArb = fc.tuple(stemArb, stemArb, stemArb).map(([common, x, y]) => [common + x, common + y] as const);
    fc.assert(fc.property(pairArb, ([a, b]) => relatedStems(a, b) === previousRelatedStems(a, b)), { numRuns: 5000, seed: 5 });
    for (const [a, b] of [['transcrib', 'transcript'], ['data', 'dataset'], ['dat', 'data'], ['batch12', 'batch1'], ['', 'x']]) expect(relatedStems(a!, b!)).toBe(previousRelatedStems(a!, b!));
  });
});

describe('stripNumbering', () => {
  it('strips what the previous version stripped, skipping the expression only for texts it cannot match', () => {
    const starts = ['Step 2: ', 'step2.', 'Subtask 3)', 'TASK 4 -', 'Stage 1', 'phase 9:', '2. ', '(3) ', '#4 - ', '#5', ' \t Step 1: ', '\u00a0Step 1: ', '2)', 'S', 'T', 'P', 's', '(', '#', '9'];
    const textArb = fc
      .tuple(fc.constantFrom('', ...starts), fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('Summarize', 'Research', 'Plan', 'Test', 'x', ' ', '')))
      .map(([a, b]) => a + b);
    fc.assert(fc.property(textArb, (text) => stripNumbering(text) === previousStripNumbering(text)), { numRuns: 5000, seed: 6 });
    fc.assert(fc.property(fc.string({ maxLength: 8 }), (text) => stripNumbering(text) === previousStripNumbering(text)), { numRuns: 3000, seed: 7 });
    for (let c = 0; c < 256; c++) {
      const text = `${String.fromCharCode(c)}1: go`;
      expect(stripNumbering(text), `code ${c}`).toBe(previousStripNumbering(text));
    }
  });
});
