import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strictObject } from '../../src/engine/strict-object.js';
import { MAX_TIMEOUT_MS } from '../../src/engine/input-bounds.js';
import { plainCallToolsParallelInput } from '../../src/server/plain-call-input.js';
import { CallToolsParallelInputShape } from '../../src/tools/call-tools-parallel.js';

const schema = strictObject(CallToolsParallelInputShape);

/** Values at and around every bound, of every JSON type. */
const anyValue = fc.oneof(
  fc.constantFrom(0, 1, -1, 1.5, 10, 11, 1024, 1025, MAX_TIMEOUT_MS, MAX_TIMEOUT_MS + 1, 2 ** 53, -0, '', 'x', true, false, null, [], {}),
  fc.jsonValue({ maxDepth: 1 }),
);
const stringish = fc.oneof(fc.constantFrom('', 'echo', 'everything', 'a__b'), fc.string({ maxLength: 4 }), anyValue);
const argumentsish = fc.oneof(
  fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constant('__proto__')), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant(JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as unknown),
  anyValue,
);
const call = fc.record(
  {
    server: stringish,
    tool: stringish,
    arguments: argumentsish,
    timeout_ms: anyValue,
    estimated_ms: fc.oneof(anyValue, fc.double({ min: -1, max: MAX_TIMEOUT_MS + 1, noNaN: true })),
    as_task: anyValue,
    prompt: stringish,
    model: stringish,
    bogus: anyValue,
  },
  { requiredKeys: [] },
);
const input = fc.record(
  {
    calls: fc.oneof(fc.array(call, { maxLength: 3 }), anyValue),
    max_concurrency: anyValue,
    timeout_ms: anyValue,
    fail_fast: anyValue,
    retries: anyValue,
    background: anyValue,
    extra: anyValue,
  },
  { requiredKeys: [] },
);
/** Mostly the common shape, so that many inputs are taken by hand; now and then a value just out of it. */
const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: anyValue, weight: 1 });
const common = fc.record(
  {
    calls: fc.array(
      fc.record(
        {
          server: mostly(fc.constantFrom('everything', 'x')),
          tool: mostly(fc.constantFrom('echo', 'everything__echo', 't')),
          arguments: mostly(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })),
          timeout_ms: mostly(fc.integer({ min: 1, max: MAX_TIMEOUT_MS })),
          estimated_ms: mostly(fc.double({ min: 0, max: MAX_TIMEOUT_MS, noNaN: true })),
        },
        { requiredKeys: ['tool'] },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    max_concurrency: mostly(fc.integer({ min: 1, max: 1024 })),
    timeout_ms: mostly(fc.integer({ min: 1, max: MAX_TIMEOUT_MS })),
    fail_fast: mostly(fc.boolean()),
    retries: mostly(fc.integer({ min: 0, max: 10 })),
    background: mostly(fc.boolean()),
  },
  { requiredKeys: ['calls'] },
);

describe('plainCallToolsParallelInput', () => {
  it('takes only inputs the schema takes, as the schema parses them (property)', () => {
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.oneof(input, common), (value) => {
        runs += 1;
        // As the input arrives: through JSON.
        const args = JSON.parse(JSON.stringify(value)) as unknown;
        const plain = plainCallToolsParallelInput(args);
        if (plain === undefined) return;
        taken += 1;
        const parsed = schema.safeParse(JSON.parse(JSON.stringify(value)));
        expect(parsed.success).toBe(true);
        expect(plain).toEqual(parsed.data);
        expect(JSON.stringify(plain)).toBe(JSON.stringify(args));
      }),
      { numRuns: 5000 },
    );
    // The property says something only when many inputs are taken by hand.
    expect(taken).toBeGreaterThan(runs / 25);
  });

  it('takes the common batch and leaves the rest to the schema', () => {
    expect(plainCallToolsParallelInput({ calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'm0' } }], max_concurrency: 1 })).toBeDefined();
    expect(plainCallToolsParallelInput({ calls: [] })).toBeUndefined();
    expect(plainCallToolsParallelInput({ calls: [{ tool: 'echo', as_task: true }] })).toBeUndefined();
    expect(plainCallToolsParallelInput({ calls: [{ prompt: 'hi' }] })).toBeUndefined();
    expect(plainCallToolsParallelInput({ calls: [{ tool: 'echo' }], max_concurrency: 0 })).toBeUndefined();
    expect(plainCallToolsParallelInput({ calls: [{ tool: 'echo', arguments: JSON.parse('{"__proto__": 1}') as unknown }] })).toBeUndefined();
  });
});
