/** redundantPairs marks exactly the edges engine/graph.ts's redundantDependencies finds, in one block or many. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redundantDependencies } from '../../src/engine/graph.js';
import { redundantPairs } from '../../src/analysis/redundant-pairs.js';

/** Distinct pairs (from < to in a shuffled numbering, so acyclic) over n positions. */
const dagArb = fc.integer({ min: 1, max: 90 }).chain((n) =>
  fc.tuple(fc.constant(n), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 300 })),
);

describe('redundantPairs', () => {
  it('agrees with redundantDependencies on random DAGs, whatever the block width', () => {
    fc.assert(
      fc.property(dagArb, fc.constantFrom(1 << 22, 100, 0), ([n, label, raw], maxWords) => {
        const seen = new Set<string>();
        const froms: number[] = [];
        const tos: number[] = [];
        for (const [a, b] of raw) {
          if (a === b) continue;
          const [from, to] = a < b ? [label[a]!, label[b]!] : [label[b]!, label[a]!];
          if (seen.has(`${from},${to}`)) continue;
          seen.add(`${from},${to}`);
          froms.push(from);
          tos.push(to);
        }
        const ids = [...Array(n).keys()].map(String);
        const dependsOn = new Map(ids.map((id) => [id, [] as string[]]));
        froms.forEach((f, x) => dependsOn.get(String(tos[x]))!.push(String(f)));
        const expected = redundantDependencies({ ids, dependsOn });
        const got = redundantPairs(n, Int32Array.from(froms), Int32Array.from(tos), maxWords);
        const flags = froms.map((f, x) => (expected.get(String(tos[x]))?.has(String(f)) ? 1 : 0));
        expect([...got]).toEqual(flags);
      }),
      { numRuns: 300 },
    );
  });

  it('marks the shortcut of a chain and keeps the chain', () => {
    // 0 -> 1 -> 2, and 0 -> 2 implied.
    expect([...redundantPairs(3, Int32Array.from([0, 1, 0]), Int32Array.from([1, 2, 2]))]).toEqual([0, 0, 1]);
  });
});
