/**
 * An evidence edge the edges found before already imply is not listed (unless `listImplied`,
 * the model path's mode, asks for every one): the orderings are exactly the same, and every
 * edge listed is one `listImplied` lists too, with its source and reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../bench/corpus/corpus.js';
import { loadSeedPlans } from '../../bench/corpus/seeds.js';
import { realPlan } from '../../bench/analysis-real-plan.js';
import { certainEdges } from '../../src/analysis/certain-edges.js';
import { heuristicEdges, type HeuristicResult } from '../../src/analysis/heuristic.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';

/** The ordered pairs "from->to" of the certain and heuristic edges, transitively closed. */
function orderings(steps: AnalysisStep[], result: HeuristicResult): Set<string> {
  const before = new Map<string, Set<string>>(result.order.map((id) => [id, new Set<string>()]));
  const preds = new Map<string, string[]>(result.order.map((id) => [id, []]));
  for (const e of [...certainEdges(steps).edges, ...result.edges]) preds.get(e.to)!.push(e.from);
  const pairs = new Set<string>();
  for (const id of result.order) {
    const mine = before.get(id)!;
    for (const p of preds.get(id)!) {
      mine.add(p);
      for (const q of before.get(p)!) mine.add(q);
    }
    for (const p of mine) pairs.add(`${p}->${id}`);
  }
  return pairs;
}

const edgeText = (r: HeuristicResult) => r.edges.map((e) => `${e.from}->${e.to} [${e.source}] ${e.reason}`);

function expectSameOrderings(steps: AnalysisStep[]): { listed: number; all: number } {
  const reduced = heuristicEdges(steps);
  const all = heuristicEdges(steps, undefined, undefined, { listImplied: true });
  expect(orderings(steps, reduced)).toEqual(orderings(steps, all));
  const listed = new Set(edgeText(all));
  expect(edgeText(reduced).filter((e) => !listed.has(e))).toEqual([]);
  expect({ ...reduced, edges: [] }).toEqual({ ...all, edges: [] });
  return { listed: reduced.edges.length, all: all.edges.length };
}

describe('evidence edges already implied', () => {
  it('are not listed, and listed with listImplied', () => {
    const steps: AnalysisStep[] = [
      { id: 'a', title: 'Download the housing dataset' },
      { id: 'b', title: 'Clean the housing dataset' },
      { id: 'c', title: 'Plot the housing dataset' },
    ];
    expect(edgeText(heuristicEdges(steps))).toEqual([
      'a->b [heuristic] "b" works on "hous", which "a" handles first',
      'b->c [heuristic] "c" works on "hous", which "b" handles first',
    ]);
    expect(edgeText(heuristicEdges(steps, undefined, undefined, { listImplied: true }))).toEqual([
      'a->b [heuristic] "b" works on "hous", which "a" handles first',
      'a->c [heuristic] "c" works on "hous", which "a" handles first',
      'b->c [heuristic] "c" works on "hous", which "b" handles first',
    ]);
  });

  it('leave the orderings, the independence and the rest unchanged on the seed and corpus plans', () => {
    for (const plan of [...loadSeedPlans(), ...loadCorpus()]) expectSameOrderings(plan.steps);
  });

  it('leave the orderings unchanged on a long plan of real steps, listing far fewer edges', () => {
    const { listed, all } = expectSameOrderings(realPlan(600));
    expect(listed).toBeLessThan(all / 2);
  });

  it('leave the orderings unchanged on plans of random words', () => {
    const words = ['download', 'dataset', 'clean', 'cleaned', 'summarize', 'summary', 'all', 'results', 'report', 'translate', 'the', 'it', 'then', 'image', 'generated', 'record', 'recording', 'finally', 'recorded', 'summarized', 'downloaded'];
    const step = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 7 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(step, { minLength: 2, maxLength: 14 }), (titles) => {
        expectSameOrderings(titles.map((title, i) => ({ id: `s${i + 1}`, title })));
      }),
      { numRuns: 300 },
    );
  });
});
