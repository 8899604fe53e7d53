import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { depsOf, graphFromEdges, redundantDependencies, transitiveReduction } from '../../src/engine/graph.js';

/** Random DAGs: edges only from a lower to a higher index, ids listed in shuffled order. */
const dagArb = fc.integer({ min: 1, max: 80 }).chain((n) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 4 * n }),
      fc.shuffledSubarray(Array.from({ length: n }, (_, i) => `n${i}`), { minLength: n }),
    )
    .map(([pairs, ids]) => graphFromEdges(ids, pairs.filter(([a, b]) => a < b).map(([a, b]) => ({ from: `n${a}`, to: `n${b}` })))),
);

describe('redundantDependencies', () => {
  it('returns exactly the dependencies transitiveReduction removes, over one block or many', () => {
    fc.assert(
      fc.property(dagArb, fc.constantFrom(1 << 22, 1, 64), (graph, maxWords) => {
        const reduced = transitiveReduction(graph);
        const expected = new Map<string, Set<string>>();
        for (const id of graph.ids) {
          const gone = depsOf(graph, id).filter((d) => !depsOf(reduced, id).includes(d));
          if (gone.length > 0) expected.set(id, new Set(gone));
        }
        expect(redundantDependencies(graph, maxWords)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('returns the implied edge of a triangle and nothing for a chain', () => {
    const edges = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'a', to: 'c' },
    ];
    expect(redundantDependencies(graphFromEdges(['a', 'b', 'c'], edges))).toEqual(new Map([['c', new Set(['a'])]]));
    expect(redundantDependencies(graphFromEdges(['a', 'b', 'c'], edges.slice(0, 2)))).toEqual(new Map());
  });
});
