import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certainEdges } from '../../src/analysis/certain-edges.js';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';
import { ancestors, graphFromEdges, type Edge } from '../../src/engine/graph.js';
import { naiveHeuristicEdges } from './heuristic-naive.js';

/** Every ordering (a before b, transitively) of the certain edges plus `edges`, as "a->b". */
function closure(steps: readonly AnalysisStep[], edges: readonly Edge[]): string[] {
  const anc = ancestors(graphFromEdges(steps.map((s) => s.id), [...certainEdges(steps).edges, ...edges]));
  return [...anc].flatMap(([to, froms]) => [...froms].map((from) => `${from}->${to}`)).sort();
}

const TITLES = [
  'Research Paris', 'Research Rome', 'Compare the cities', 'Summarize', 'Draft the article', 'Proofread the drafted article',
  'Check all translations', 'Translate the notes', 'Download the dataset', 'Clean the dataset', 'Fetch the results above',
  'Tabulate the previous step', 'Use step 2', 'Publish the episode', 'Write the report', 'Research Paris again', '',
  'Translate it into French', 'Translate it into German', 'Clean the data', 'Train the model', 'Evaluate the model',
  'Write up the evaluation', 'Transcribe the recording', 'Record the episode', 'Tag the output of step 1',
];
const TOOLS = ['write_file', 'read_file', 'create_entities', 'search_nodes', 'echo', 'delete_row', 'get_row'];
const PATHS = ['/a', '/a/x', '/a/x/y', '/b', '/', 'k1'];

/** Random plans mixing every rule; certain edges point backward in plan order (acyclic). */
const planArb = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record(
        {
          title: fc.constantFrom(...TITLES, `Use s${Math.max(0, i - 2)}`),
          step_type: fc.constantFrom('research', 'processing', 'other'),
          tool: fc.constantFrom(...TOOLS),
          server: fc.constantFrom('fs', 'memory', 'db'),
          arguments: fc.record({ path: fc.constantFrom(...PATHS) }, { requiredKeys: [] }),
          depends_on: fc.subarray(Array.from({ length: i }, (_, j) => `s${j}`), { maxLength: Math.min(2, i) }),
        },
        { requiredKeys: [] },
      ),
    ),
  ).map((records) => records.map((r, i): AnalysisStep => ({ id: `s${i}`, ...r }))),
);

describe('heuristicEdges at scale', () => {
  it('returns the same orderings as the all-pairs rules when emitting only unimplied edges', () => {
    fc.assert(
      fc.property(planArb, (steps) => {
        const fast = heuristicEdges(steps);
        const naive = naiveHeuristicEdges(steps);
        expect(closure(steps, fast.edges)).toEqual(closure(steps, naive.edges));
        expect(fast.warnings).toEqual(naive.warnings);
        // Never an edge the rules do not give (only fewer of them).
        const naivePairs = new Set(naive.edges.map((e) => `${e.from}->${e.to}`));
        for (const e of fast.edges) expect(naivePairs.has(`${e.from}->${e.to}`)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('returns one edge per aggregation step when aggregations follow each other', () => {
    const steps: AnalysisStep[] = [];
    for (let i = 0; i < 2000; i++) steps.push({ id: `s${i}`, title: i % 2 === 0 ? `Gather source <${i}>` : 'Summarize everything so far' });
    const edges = heuristicEdges(steps).edges;
    // s1 follows s0; each later summary follows the previous summary and the gathering step between.
    expect(edges.length).toBe(1 + 2 * 999);
    expect(edges.slice(0, 3)).toEqual([
      { from: 's0', to: 's1', source: 'heuristic', reason: '"s1" aggregates the earlier results' },
      { from: 's1', to: 's3', source: 'heuristic', reason: '"s3" mentions "Summarize everything so far"' },
      { from: 's2', to: 's3', source: 'heuristic', reason: '"s3" aggregates the earlier results' },
    ]);
  });

  it('orders writes to one server as a chain of consecutive edges', () => {
    const steps: AnalysisStep[] = Array.from({ length: 500 }, (_, i) => ({ id: `w${i}`, server: 'memory', tool: 'create_entities' }));
    expect(heuristicEdges(steps).edges.map((e) => `${e.from}->${e.to}`)).toEqual(steps.slice(1).map((s, i) => `w${i}->${s.id}`));
  });
});
