/**
 * runSteps sends arguments without "{{" anywhere as they are; mayHoldReferences decides. Its
 * array-free walk must answer what the previous walk answered, for any arguments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHoldReferences } from '../../src/execution/run-steps.js';
import { previousMayHoldReferences } from '../helpers/previous-may-hold-references.js';

describe('mayHoldReferences', () => {
  it('answers what the previous walk answered, for any value (property)', () => {
    const text = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('{{a}}', 'x {{b.c}}', '\\{{', '{', '}}'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(text, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(mayHoldReferences(v)).toBe(previousMayHoldReferences(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a reference deep down, and none in inherited or non-string members', () => {
    let deep: unknown = { at: 'the {{bottom}}' };
    for (let i = 0; i < 10_000; i++) deep = i % 2 ? [deep] : { next: deep };
    expect(mayHoldReferences(deep)).toBe(true);
    expect(mayHoldReferences(Object.create({ inherited: '{{a}}' }) as object)).toBe(false);
    expect(mayHoldReferences({ n: 1, b: true, z: null, list: [1, [2, { s: 'plain' }]] })).toBe(false);
  });
});
