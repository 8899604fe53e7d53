import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../src/engine/min-heap.js';
import { ReadyQueue } from '../../src/engine/ready-queue.js';

interface Item {
  rank: number;
  index: number;
}
const byRankThenIndex = (a: Item, b: Item): number => b.rank - a.rank || a.index - b.index;

type Op = { kind: 'pushAll'; ranks: number[] } | { kind: 'push'; rank: number } | { kind: 'pop' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('pushAll' as const), ranks: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 20 }) }),
  fc.record({ kind: fc.constant('push' as const), rank: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('pop' as const) }),
);

describe('ReadyQueue', () => {
  it('returns items in the order of one heap with the same comparison when pushes, bulk pushes and pops interleave', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const queue = new ReadyQueue(byRankThenIndex);
        const heap = new MinHeap(byRankThenIndex);
        let next = 0;
        const fromQueue: Array<Item | undefined> = [];
        const fromHeap: Array<Item | undefined> = [];
        const sizes: Array<[number, number]> = [];
        for (const op of ops) {
          if (op.kind === 'pushAll') {
            const items = op.ranks.map((rank) => ({ rank, index: next++ }));
            queue.pushAll([...items]);
            for (const item of items) heap.push(item);
          } else if (op.kind === 'push') {
            const item = { rank: op.rank, index: next++ };
            queue.push(item);
            heap.push(item);
          } else {
            fromQueue.push(queue.pop());
            fromHeap.push(heap.pop());
          }
          sizes.push([queue.size, heap.size]);
        }
        while (heap.size > 0) {
          fromQueue.push(queue.pop());
          fromHeap.push(heap.pop());
        }
        expect(fromQueue).toEqual(fromHeap);
        expect(sizes.map(([q]) => q)).toEqual(sizes.map(([, h]) => h));
        expect(queue.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('returns undefined when it is empty', () => {
    const queue = new ReadyQueue(byRankThenIndex);
    queue.pushAll([]);
    expect([queue.size, queue.pop()]).toEqual([0, undefined]);
  });
});
