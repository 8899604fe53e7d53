/**
 * call_tools_parallel's input has a hand check (tools/call-tools-input.ts) that the lean
 * tools/call path (server/lean-tools-call.ts) asks before the zod schema. For any input — valid or not, keys in any order, values near
 * and past every bound — it must answer exactly what the plain schema answers: the same data
 * when valid, the same issues when not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strictObject } from '../../src/engine/strict-object.js';
import { MAX_TIMEOUT_MS } from '../../src/engine/input-bounds.js';
import { FAST_CALL_KEYS, FAST_INPUT_KEYS, fastCallToolsParallelInput } from '../../src/tools/call-tools-input.js';
import { CallSchema, CallToolsParallelInputSchema, CallToolsParallelInputShape } from '../../src/tools/call-tools-parallel.js';

const plain = strictObject(CallToolsParallelInputShape);

/** Numbers on and around every bound (0, 1, 10, 1024, a day), and some anywhere. */
const number = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 1, -1, -0.5, 0.5, 1.5, 10, 11, 1024, 1025, MAX_TIMEOUT_MS, MAX_TIMEOUT_MS + 1, MAX_TIMEOUT_MS - 0.5, -0, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 2000 }) },
  { weight: 1, arbitrary: fc.double({ min: -1, max: MAX_TIMEOUT_MS + 2, noNaN: true }) },
);
const anyValue = fc.oneof(number, fc.boolean(), fc.constantFrom('', 'x', 'everything', 'echo', null), fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }));
const argumentsValue = fc.oneof(
  fc.dictionary(fc.constantFrom('message', 'a', 'b', '__proto__', '0', '{{x}}'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "message": "m"}') as unknown),
  anyValue,
);
const callField: Record<string, fc.Arbitrary<unknown>> = {
  server: fc.oneof(fc.constantFrom('everything', 'memory', ''), anyValue),
  tool: fc.oneof(fc.constantFrom('echo', 'everything__echo', ''), anyValue),
  arguments: argumentsValue,
  timeout_ms: number,
  estimated_ms: number,
  as_task: fc.oneof(fc.boolean(), anyValue),
  reset_timeout_on_progress: fc.oneof(fc.boolean(), anyValue),
  max_total_timeout_ms: number,
  prompt: fc.oneof(fc.constantFrom('say hi', ''), anyValue),
  model: fc.constantFrom('m', ''),
  system: fc.constant('s'),
  unknown_field: anyValue,
  tol: fc.constant('echo'),
};
const topField: Record<string, fc.Arbitrary<unknown>> = {
  max_concurrency: number,
  timeout_ms: number,
  fail_fast: fc.oneof(fc.boolean(), anyValue),
  retries: number,
  background: fc.oneof(fc.boolean(), anyValue),
  max_concurency: number,
};

/** An object with some of `fields`, in a random order (usually the schema's), each valid or not. */
function objectOf(fields: Record<string, fc.Arbitrary<unknown>>, required: Record<string, fc.Arbitrary<unknown>>, keyOrder: readonly string[]): fc.Arbitrary<unknown> {
  const entry = fc.constantFrom(...Object.keys(fields)).chain((key) => fields[key]!.map((value) => [key, value] as const));
  const requiredEntries = fc.tuple(...Object.entries(required).map(([key, value]) => value.map((v) => [key, v] as const)));
  return fc.tuple(requiredEntries, fc.array(entry, { maxLength: 4 }), fc.boolean()).map(([must, more, inOrder]) => {
    const entries = [...must, ...more];
    if (inOrder) entries.sort(([a], [b]) => rank(a, keyOrder) - rank(b, keyOrder));
    return Object.fromEntries(entries);
  });
}

function rank(key: string, order: readonly string[]): number {
  const at = order.indexOf(key);
  return at === -1 ? order.length : at;
}

const validCall = fc.record(
  { server: fc.constantFrom('everything', 'memory'), tool: fc.constantFrom('echo', 'add'), arguments: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) },
  { requiredKeys: ['tool'] },
);
/** A valid call with one field added or replaced (valid or not), in the schema's order or not. */
const nearlyValidCall = fc.tuple(validCall, fc.constantFrom(...Object.keys(callField)), fc.boolean()).chain(([base, key, inOrder]) =>
  callField[key]!.map((value) => {
    const entries = [...Object.entries(base).filter(([k]) => k !== key), [key, value] as const];
    const order = Object.keys(CallSchema.shape);
    if (inOrder) entries.sort(([a], [b]) => rank(a, order) - rank(b, order));
    return Object.fromEntries(entries);
  }),
);
const call = fc.oneof(
  { weight: 3, arbitrary: objectOf(callField, { tool: callField.tool! }, Object.keys(CallSchema.shape)) },
  { weight: 6, arbitrary: nearlyValidCall },
  { weight: 3, arbitrary: validCall },
  { weight: 1, arbitrary: anyValue },
);
const input = fc.oneof(
  { weight: 4, arbitrary: objectOf(topField, { calls: fc.oneof(fc.array(call, { maxLength: 3 }), fc.tuple(fc.array(validCall, { maxLength: 2 }), nearlyValidCall).map(([calls, one]) => [...calls, one])) }, Object.keys(CallToolsParallelInputShape)) },
  { weight: 1, arbitrary: anyValue },
);

type Parse = (wire: unknown) => Promise<{ success: true; data: unknown } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string; code: string }> } }>;

/** The lean path's parse (server/lean-tools-call.ts): the hand check, else the schema. */
const leanParse: Parse = async (wire) => {
  const fast = fastCallToolsParallelInput(wire);
  return fast !== undefined ? { success: true, data: fast } : CallToolsParallelInputSchema.safeParseAsync(wire);
};
const schemaParse: Parse = async (wire) => plain.safeParseAsync(wire);

/** A parse's outcome as plain data: the value, or the issues (paths and messages). */
async function outcomeOf(parse: Parse, value: unknown): Promise<unknown> {
  // Through JSON and back, as the SDK gets it (undefined members vanish, -0 becomes 0).
  const wire = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
  const parsed = await parse(wire);
  return parsed.success ? { data: parsed.data, json: JSON.stringify(parsed.data) } : { issues: parsed.error.issues.map(({ path, message, code }) => ({ path, message, code })) };
}

describe('call_tools_parallel input: the hand check in front of the schema', () => {
  it('answers what the plain zod schema answers, for any input (property)', async () => {
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        expect(await outcomeOf(leanParse, value)).toStrictEqual(await outcomeOf(schemaParse, value));
      }),
      { numRuns: 3000 },
    );
  });

  it('returns only inputs the plain schema accepts, unchanged, and leaves the rest to it (property)', () => {
    fc.assert(
      fc.property(input, (value) => {
        const wire = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
        const fast = fastCallToolsParallelInput(wire);
        if (fast === undefined) return;
        const parsed = plain.safeParse(wire);
        expect(parsed.success).toBe(true);
        expect(fast).toBe(wire);
        expect(fast).toStrictEqual(parsed.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(parsed.data));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the usual batch itself: tool calls with server, tool and arguments', () => {
    const batch = JSON.parse(
      JSON.stringify({ calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'hi' } }, { tool: 'everything__echo', timeout_ms: 500 }], max_concurrency: 64 }),
    ) as unknown;
    expect(fastCallToolsParallelInput(batch)).toBe(batch);
  });

  it('leaves prompt calls, misspelled fields and keys out of the schema order to the schema', () => {
    for (const value of [
      { calls: [{ prompt: 'say hi' }] },
      { calls: [{ tool: 'echo', prompt: 'hi' }] },
      { calls: [{ tol: 'echo' }] },
      { calls: [{ tool: 'echo', server: 'everything' }] },
      { max_concurrency: 4, calls: [{ tool: 'echo' }] },
      { calls: [] },
      { calls: [{ tool: 'echo', arguments: JSON.parse('{"__proto__": 1}') as unknown }] },
    ]) {
      expect(fastCallToolsParallelInput(value)).toBeUndefined();
    }
  });

  it('knows fields in the order of the schema shapes', () => {
    const positions = FAST_CALL_KEYS.map((key) => Object.keys(CallSchema.shape).indexOf(key));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect([...FAST_INPUT_KEYS]).toEqual(Object.keys(CallToolsParallelInputShape));
  });
});
