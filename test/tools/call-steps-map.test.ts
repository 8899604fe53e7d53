/**
 * The batch's steps array keeps one hidden class (map) whether toolStepsOf runs in the
 * interpreter or as TurboFan code. With `calls.map(...)` it did not: the builtin made a packed
 * array, the inlined map of optimized code a holey one, so optimizing the function that builds
 * the steps deoptimized the ~12 optimized functions that read them (the flat batch,
 * resolveKnownTools, isFlatBatch, prepareFlatBatch) and had them compiled again.
 * V8's natives syntax is switched on at run time for the check.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { CallToolsParallelInputSchema, toolStepsOf } from '../../src/tools/call-tools-parallel.js';

setFlagsFromString('--allow-natives-syntax');
type Natives = (f: (...args: never[]) => unknown, arg: unknown) => { before: unknown; after: unknown; optimized: boolean; sameMap: boolean; holey: [boolean, boolean] };
// Parsed after the flag is set: %-calls are V8 intrinsics, not JavaScript.
const optimizeAndCompare = new Function(
  'f',
  'arg',
  `const before = f(arg);
   %PrepareFunctionForOptimization(f);
   f(arg);
   f(arg);
   %OptimizeFunctionOnNextCall(f);
   const after = f(arg);
   return { before, after, optimized: (%GetOptimizationStatus(f) & 16) !== 0, sameMap: %HaveSameMap(before, after), holey: [%HasHoleyElements(before), %HasHoleyElements(after)] };`,
) as Natives;

describe('toolStepsOf', () => {
  it('returns steps with the same map from the interpreter and from TurboFan code', () => {
    const input = CallToolsParallelInputSchema.parse({
      calls: Array.from({ length: 40 }, (_, i) => ({ server: 'everything', tool: 'echo', arguments: { message: `m${i}` } })),
    });
    const { before, after, optimized, sameMap, holey } = optimizeAndCompare(toolStepsOf as never, input);
    expect(optimized).toBe(true);
    expect(after).toEqual(before);
    expect({ sameMap, holey }).toEqual({ sameMap: true, holey: [false, false] });
  });
});
