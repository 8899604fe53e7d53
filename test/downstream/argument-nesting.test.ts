/** nestingBeyond (the depth guard before a call's arguments are sent) against its previous version. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestingBeyond } from '../../src/downstream/argument-validator.js';
import { previousNestingBeyond } from '../helpers/previous-nesting-beyond.js';

describe('nestingBeyond', () => {
  it('answers as the previous version for generated arguments and limits', () => {
    const args = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 5 })) as fc.Arbitrary<Record<string, unknown>>;
    fc.assert(
      fc.property(args, fc.integer({ min: 0, max: 6 }), (value, limit) => {
        expect(nestingBeyond(value, limit)).toBe(previousNestingBeyond(value, limit));
      }),
      { numRuns: 3000 },
    );
  });

  it('treats flat arguments, inherited members and null as not nested, and finds the first deep one', () => {
    const inherited = Object.create({ deep: { a: { b: 1 } } }) as Record<string, unknown>;
    inherited.own = 1;
    expect(nestingBeyond(inherited, 1)).toBeUndefined();
    expect(nestingBeyond({ a: 1, b: 'x', c: null, d: true }, 1)).toBeUndefined();
    expect(nestingBeyond({ a: 1 }, 0)).toBe('arguments');
    expect(nestingBeyond({ a: 1, b: { c: [1, [2]] } }, 1)).toBe('arguments.b');
    expect(nestingBeyond({ a: 1, b: { c: [1, [2]] } }, 2)).toBe('arguments.b.c');
    expect(nestingBeyond({ a: 1, b: { c: [1, [2]] } }, 3)).toBe('arguments.b.c[1]');
    expect(nestingBeyond({ a: 1, b: { c: [1, [2]] } }, 4)).toBeUndefined();
  });
});
