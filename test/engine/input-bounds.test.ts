/** The bounded number schemas say what was expected and what came, for every way a value can be wrong. */
import { describe, expect, it } from 'vitest';
import { concurrencySchema, retriesSchema } from '../../src/engine/input-bounds.js';
import { PlanStepSchema } from '../../src/engine/plan.js';

const message = (schema: { safeParse(value: unknown): { error?: { issues: Array<{ message: string }> } } }, value: unknown) =>
  schema.safeParse(value).error?.issues[0]?.message;

describe('retries and concurrency bounds', () => {
  it.each([
    [99, 'expected an integer number of retries from 0 to 10, got 99'],
    [-1, 'expected an integer number of retries from 0 to 10, got -1'],
    [1.5, 'expected an integer number of retries from 0 to 10, got 1.5'],
    ['2', 'expected an integer number of retries from 0 to 10, got "2"'],
  ])('retries %j', (value, expected) => expect(message(retriesSchema(), value)).toBe(expected));

  it.each([
    [0, 'expected an integer from 1 to 1024 (how many at once), got 0'],
    [1e9, 'expected an integer from 1 to 1024 (how many at once), got 1000000000'],
    [null, 'expected an integer from 1 to 1024 (how many at once), got null'],
  ])('concurrency %j', (value, expected) => expect(message(concurrencySchema(), value)).toBe(expected));

  it('accepts the bounds themselves', () => {
    expect([0, 10].map((v) => retriesSchema().safeParse(v).success)).toEqual([true, true]);
    expect([1, 1024].map((v) => concurrencySchema().safeParse(v).success)).toEqual([true, true]);
  });

  it("a plan step's retries say what came, with the path", () => {
    const result = PlanStepSchema.safeParse({ id: 'a', tool: 't', retries: 99 });
    expect(result.error?.issues.map((i) => `${i.message} at ${i.path.join('.')}`)).toEqual(['expected an integer number of retries from 0 to 10, got 99 at retries']);
  });
});

describe('prompt step fields', () => {
  it('say what was expected and what came, with the path', () => {
    const result = PlanStepSchema.safeParse({ id: 'p', prompt: '', temperature: 5, max_tokens: -1 });
    expect(result.error?.issues.map((i) => `${i.message} at ${i.path.join('.')}`)).toEqual([
      'expected a non-empty prompt, got "" at prompt',
      'expected a positive integer number of tokens, got -1 at max_tokens',
      'expected a temperature from 0 to 2, got 5 at temperature',
    ]);
  });

  it('accept valid values', () => {
    expect(PlanStepSchema.safeParse({ id: 'p', prompt: 'Say hi', temperature: 0, max_tokens: 1 }).success).toBe(true);
  });
});
