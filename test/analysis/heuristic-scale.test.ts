import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certainEdges } from '../../src/analysis/certain-edges.js';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';
import { ancestors, graphFromEdges, type Edge } from '../../src/engine/graph.js';

/** Every ordering (a before b, transitively) of the certain edges plus `edges`, as "a->b". */
function closure(steps: readonly AnalysisStep[], edges: readonly Edge[]): string[] {
  const anc = ancestors(graphFromEdges(steps.map((s) => s.id), [...certainEdges(steps).edges, ...edges]));
  return [...anc].flatMap(([to, froms]) => [...froms].map((from) => `${from}->${to}`)).sort();
}

/**
 * The definition, pair by pair: j waits for an earlier i when a certain or evidence edge says so,
 * when j depends on every earlier step, or when no independence entry holds both.
 */
function naiveOrderings(steps: readonly AnalysisStep[]): string[] {
  const result = heuristicEdges(steps);
  const evidence = result.edges.filter((e) => e.source === 'heuristic');
  const all = new Set(result.followsAll);
  const together = (a: string, b: string) => result.independence.some((e) => e.steps.includes(a) && e.steps.includes(b));
  const edges: Edge[] = [...evidence];
  result.order.forEach((to, j) => {
    for (let i = 0; i < j; i++) {
      const from = result.order[i]!;
      if (all.has(to) || !together(from, to)) edges.push({ from, to });
    }
  });
  return closure(steps, edges);
}

const TITLES = [
  'Research Paris', 'Research Rome', 'Compare the cities', 'Draft the article', 'Proofread the drafted article',
  'Translate the notes into French', 'Translate the notes into German', 'Download the dataset', 'Clean the dataset',
  'Fetch the results above', 'Use step 2', 'Publish the episode', 'Then walk the dog', 'Meanwhile, feed the cat',
  'Translate it into Spanish', 'Record the episode', 'Transcribe the recording', 'Book the flight found in step 1', '',
];
const TOOLS = ['write_file', 'read_file', 'create_entities', 'search_nodes', 'echo', 'join'];
const PATHS = ['/a', '/a/x', '/b', 'k1'];

/** Random plans mixing every rule; certain edges point backward in plan order (acyclic). */
const planArb = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record(
        {
          title: fc.constantFrom(...TITLES, `Use s${Math.max(0, i - 2)}`),
          step_type: fc.constantFrom('research', 'processing', 'other'),
          tool: fc.constantFrom(...TOOLS),
          server: fc.constantFrom('fs', 'memory'),
          arguments: fc.record({ path: fc.constantFrom(...PATHS) }, { requiredKeys: [] }),
          depends_on: fc.subarray(Array.from({ length: i }, (_, j) => `s${j}`), { maxLength: Math.min(2, i) }),
          provides: fc.constantFrom(undefined, ['k1'], ['k2']),
        },
        { requiredKeys: [] },
      ),
    ),
  ).map((records) => records.map((r, i): AnalysisStep => {
    const step: AnalysisStep = { id: `s${i}` };
    for (const [key, value] of Object.entries(r)) if (value !== undefined) (step as Record<string, unknown>)[key] = value;
    return step;
  })),
);

describe('heuristicEdges at scale', () => {
  it('returns exactly the orderings of the pairwise definition while emitting only unimplied default edges', () => {
    fc.assert(
      fc.property(planArb, (steps) => {
        const result = heuristicEdges(steps);
        expect(closure(steps, result.edges)).toEqual(naiveOrderings(steps));
        // Every pair left unordered has evidence of independence.
        const ordered = new Set(closure(steps, result.edges));
        for (let i = 0; i < result.order.length; i++) {
          for (let j = i + 1; j < result.order.length; j++) {
            const [a, b] = [result.order[i]!, result.order[j]!];
            if (ordered.has(`${a}->${b}`) || ordered.has(`${b}->${a}`)) continue;
            expect(result.independence.some((e) => e.steps.includes(a) && e.steps.includes(b)), `${a} | ${b}`).toBe(true);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('returns one or two edges per aggregation step when aggregations follow each other', () => {
    const steps: AnalysisStep[] = [];
    for (let i = 0; i < 2000; i++) steps.push({ id: `s${i}`, title: i % 2 === 0 ? `Gather source <${i}>` : 'Summarize everything so far' });
    const edges = heuristicEdges(steps).edges;
    expect(edges.length).toBeLessThanOrEqual(1 + 2 * 999 + 1000);
    expect(edges.slice(0, 2)).toEqual([
      { from: 's0', to: 's1', source: 'heuristic', reason: '"s1" aggregates the earlier results' },
      { from: 's1', to: 's2', source: 'default', reason: 'no evidence that "s2" is independent of "s1": kept in plan order' },
    ]);
  });

  it('orders writes to one server as a chain of consecutive edges', () => {
    const steps: AnalysisStep[] = Array.from({ length: 500 }, (_, i) => ({ id: `w${i}`, server: 'memory', tool: 'create_entities' }));
    expect(heuristicEdges(steps).edges.map((e) => `${e.from}->${e.to}`)).toEqual(steps.slice(1).map((s, i) => `w${i}->${s.id}`));
  });

  it('leaves 10,000 read-only tool calls with literal arguments independent, with no edge', () => {
    const steps: AnalysisStep[] = Array.from({ length: 10_000 }, (_, i) => ({ id: `e${i}`, server: 'everything', tool: 'echo', arguments: { message: `m${i}` } }));
    const result = heuristicEdges(steps);
    expect(result.edges).toEqual([]);
    expect(result.independence).toEqual([{ steps: steps.map((s) => s.id), reason: 'tool calls that only read, with all their inputs in their arguments' }]);
  });
});
