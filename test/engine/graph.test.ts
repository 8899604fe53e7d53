import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyTopologicalOrder, criticalPath, depsOf, graphFromEdges, levels, redundantDependencies, topologicalOrder, transitiveReduction, type DependencyGraph } from '../../src/engine/graph.js';
import { previousCriticalPath, previousLevels } from '../helpers/previous-graph.js';

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

/** A topological order other than Kahn's in plan order: the ready node picked by `picks`. */
function someTopologicalOrder(graph: DependencyGraph, picks: readonly number[]): string[] {
  const known = new Set(graph.ids);
  const remaining = new Map(graph.ids.map((id) => [id, depsOf(graph, id).filter((d) => known.has(d)).length]));
  const ready = graph.ids.filter((id) => remaining.get(id) === 0);
  const order: string[] = [];
  for (let k = 0; ready.length > 0; k++) {
    const [id] = ready.splice((picks[k % Math.max(1, picks.length)] ?? 0) % ready.length, 1);
    order.push(id!);
    for (const other of graph.ids) {
      if (!depsOf(graph, other).includes(id!)) continue;
      const left = remaining.get(other)! - 1;
      remaining.set(other, left);
      if (left === 0) ready.push(other);
    }
  }
  return order;
}

describe('levels and criticalPath', () => {
  it('answer what they answered before (one shared order, no unshift), for any topological order given (property)', () => {
    fc.assert(
      fc.property(dagArb, fc.array(fc.constantFrom(0, 1, 2, 5, 0.5), { minLength: 1, maxLength: 80 }), fc.array(fc.nat(100), { maxLength: 20 }), (graph, ws, picks) => {
        const weight = (id: string) => ws[Number(id.slice(1)) % ws.length]!;
        const expectedStages = previousLevels(graph);
        const expectedPath = previousCriticalPath(graph, weight);
        expect(levels(graph)).toStrictEqual(expectedStages);
        expect(criticalPath(graph, weight)).toStrictEqual(expectedPath);
        for (const order of [topologicalOrder(graph), anyTopologicalOrder(graph), someTopologicalOrder(graph, picks)]) {
          expect(levels(graph, order)).toStrictEqual(expectedStages);
          expect(criticalPath(graph, weight, order)).toStrictEqual(expectedPath);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('walks a 20,000-step chain in one pass', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `n${i}`);
    const graph = graphFromEdges(ids, ids.slice(1).map((to, i) => ({ from: ids[i]!, to })));
    const path = criticalPath(graph, () => 1);
    expect(path.ms).toBe(20_000);
    expect(path.steps).toStrictEqual(ids);
    expect(path).toStrictEqual(previousCriticalPath(graph, () => 1));
  });
});

describe('anyTopologicalOrder', () => {
  it('lists every id once, each after the ids it depends on (property)', () => {
    fc.assert(
      fc.property(dagArb, (graph) => {
        const order = anyTopologicalOrder(graph);
        expect([...order].sort()).toStrictEqual([...graph.ids].sort());
        const at = new Map(order.map((id, k) => [id, k]));
        for (const id of graph.ids) for (const dep of depsOf(graph, id)) expect(at.get(dep)!).toBeLessThan(at.get(id)!);
      }),
      { numRuns: 400 },
    );
  });

  it('throws on a cycle, as topologicalOrder does', () => {
    const graph = graphFromEdges(['a', 'b', 'c'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'b' }]);
    expect(() => anyTopologicalOrder(graph)).toThrow('graph has a cycle');
    expect(() => topologicalOrder(graph)).toThrow('graph has a cycle');
  });
});
