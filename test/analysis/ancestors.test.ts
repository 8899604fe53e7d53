/**
 * The heuristic's ancestor rows (heuristic.ts `Ancestors`), built one at a time and packed
 * once finished, against plain sets of ancestors: after any sequence of orderings, `has` and
 * `word` of the row being built say exactly which earlier steps come before it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ancestors } from '../../src/analysis/heuristic.js';

/** Per step, what happens to its row: `all` (follows every earlier step) after some of the orderings, or not. */
interface RowOps {
  /** Earlier steps it follows, as fractions of its position (mapped to 0 <= i < j). */
  before: number[];
  /** Where among `before` it comes to follow every earlier step, if it does. */
  allAt: number | undefined;
}

function check(rows: RowOps[]): void {
  const n = rows.length;
  const ancestors = new Ancestors(n);
  const model: Set<number>[] = [];
  for (let j = 0; j < n; j++) {
    const mine = new Set<number>();
    const { before, allAt } = rows[j]!;
    const expectRow = () => {
      for (let i = 0; i < j; i++) expect(ancestors.has(j, i)).toBe(mine.has(i));
      for (let w = 0; w <= (j - 1) >>> 5 && j > 0; w++) {
        let bits = 0;
        for (let b = 0; b < 32; b++) if (mine.has((w << 5) + b)) bits |= 1 << b;
        expect(ancestors.word(j, w)).toBe(bits);
      }
    };
    for (let x = 0; x <= before.length; x++) {
      if (allAt === x && j > 0) {
        ancestors.addAllBefore(j);
        for (let i = 0; i < j; i++) mine.add(i);
      }
      if (x === before.length || j === 0) break;
      const i = Math.min(j - 1, Math.floor(before[x]! * j));
      ancestors.addBefore(j, i);
      mine.add(i);
      for (const a of model[i]!) mine.add(a);
      expectRow();
    }
    expectRow();
    ancestors.finish(j);
    model.push(mine);
  }
}

const rowOps = fc.record({
  before: fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { maxLength: 4 }),
  allAt: fc.option(fc.nat(4), { nil: undefined }),
});

describe('Ancestors', () => {
  it('holds exactly the transitive predecessors of each row (random orderings, up to 140 steps)', () => {
    fc.assert(fc.property(fc.array(rowOps, { minLength: 1, maxLength: 140 }), (rows) => check(rows)), { numRuns: 150 });
  });

  it('packs rows that follow only recent steps, and rows that follow the whole plan', () => {
    // Each step after the latest of a few recent ones (short packed rows), every tenth after all.
    const rows: RowOps[] = [];
    for (let j = 0; j < 300; j++) rows.push({ before: [0.99, 0.95], allAt: j % 10 === 9 ? 2 : undefined });
    check(rows);
    // Independent steps: rows with a single early bit (long, mostly zero packed rows).
    check(Array.from({ length: 200 }, () => ({ before: [0], allAt: undefined })));
  });
});
