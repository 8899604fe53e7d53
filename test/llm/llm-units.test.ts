import { describe, expect, it } from 'vitest';
import { fillPromptArgument } from '../../src/execution/prompt-argument.js';
import { retryDelayMs } from '../../src/llm/gemini.js';
import { toGeminiSchema } from '../../src/llm/gemini-schema.js';
import { ProviderLimiter } from '../../src/llm/limits.js';
import { chooseProvider } from '../../src/llm/providers.js';
import { checkJsonAnswer, compileOutputSchema } from '../../src/llm/structured-output.js';
import type { LlmClient } from '../../src/llm/client.js';

describe('toGeminiSchema', () => {
  it('keeps the OpenAPI subset Gemini accepts and drops the rest', () => {
    expect(
      toGeminiSchema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        additionalProperties: false,
        properties: { name: { type: ['string', 'null'], minLength: 1 }, tags: { type: 'array', items: { enum: ['a', 'b'] } }, n: { const: 3 } },
        required: ['name'],
      }),
    ).toEqual({
      type: 'object',
      properties: { name: { type: 'string', nullable: true }, tags: { type: 'array', items: { enum: ['a', 'b'], type: 'string' } }, n: {} },
      required: ['name'],
    });
  });
});

describe('retryDelayMs', () => {
  it('reads RetryInfo retryDelay from error details, else undefined', () => {
    expect(retryDelayMs([{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure' }, { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }])).toBe(1500);
    expect(retryDelayMs([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: 'soon' }])).toBeUndefined();
    expect(retryDelayMs(undefined)).toBeUndefined();
  });
});

describe('ProviderLimiter', () => {
  it('lets at most maxConcurrency through, first in first out, and drops an aborted waiter', async () => {
    const limiter = new ProviderLimiter({ maxConcurrency: 2 });
    const signal = new AbortController().signal;
    const order: string[] = [];
    const r1 = await limiter.acquire(signal);
    const r2 = await limiter.acquire(signal);
    const aborted = new AbortController();
    const p3 = limiter.acquire(aborted.signal).catch((error: Error) => order.push(`3 ${error.message}`));
    const p4 = limiter.acquire(signal).then((release) => (order.push('4'), release));
    expect(limiter.inFlight).toBe(2);
    aborted.abort(new Error('gone'));
    await p3;
    r1();
    (await p4)();
    r2();
    expect(order).toEqual(['3 cancelled while waiting for a model slot: gone', '4']);
    expect(limiter.inFlight).toBe(0);
  });

  it('holds requests to requestsPerMinute (the engine\'s sliding window: 120 a minute is 2 in any second)', async () => {
    const limiter = new ProviderLimiter({ maxConcurrency: 8, requestsPerMinute: 120 });
    const signal = new AbortController().signal;
    const at: number[] = [];
    // Measured from before the first acquire: the first grant is taken after `start`, and a
    // loaded machine may observe it late, which would shrink a gap measured from its observation.
    const start = performance.now();
    await Promise.all([0, 1, 2].map(async () => { (await limiter.acquire(signal))(); at.push(performance.now()); }));
    expect(at.length).toBe(3);
    expect(Math.max(...at) - start).toBeGreaterThanOrEqual(999);
  });
});

describe('chooseProvider', () => {
  const client = (name: 'gemini' | 'sampling') => ({ name }) as LlmClient;
  it('prefers Gemini under auto, honours a named provider, and says why none is available', () => {
    expect(chooseProvider('auto', { gemini: client('gemini'), sampling: client('sampling') })).toMatchObject({ ok: true, client: { name: 'gemini' } });
    expect(chooseProvider('auto', { sampling: client('sampling') })).toMatchObject({ ok: true, client: { name: 'sampling' } });
    expect(chooseProvider('sampling', { gemini: client('gemini'), sampling: client('sampling') })).toMatchObject({ ok: true, client: { name: 'sampling' } });
    const none = chooseProvider('gemini', { sampling: client('sampling') });
    expect(none.ok).toBe(false);
    if (!none.ok) expect([none.error.code, none.error.message]).toEqual(['llm_unavailable', 'Expected a model to run this prompt, got none: provider "gemini" was asked for, but GEMINI_API_KEY is not set']);
  });
});

describe('checkJsonAnswer', () => {
  const compiled = compileOutputSchema({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
  if (!compiled.ok) throw new Error(compiled.message);
  it('accepts fenced JSON and names the failing path otherwise', () => {
    expect(checkJsonAnswer('```json\n{"n": 2}\n```', compiled.validate)).toEqual({ ok: true, value: { n: 2 } });
    expect(checkJsonAnswer('{"n": "2"}', compiled.validate)).toEqual({ ok: false, problem: 'expected JSON matching the output schema, got JSON where $.n must be number' });
  });
});

describe('fillPromptArgument', () => {
  it('fills the one required string parameter, and names the parameters otherwise', () => {
    const schema = { type: 'object', properties: { text: { type: 'string' }, lang: { type: 'string' } }, required: ['text'] };
    expect(fillPromptArgument('translate', schema, 'hello', { lang: 'fr' })).toEqual({ ok: true, arguments: { lang: 'fr', text: 'hello' } });
    expect(fillPromptArgument('translate', { ...schema, required: ['text', 'lang'] }, 'hello', undefined)).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments', message: 'Expected tool "translate" to have exactly one required string parameter to take "prompt", got 2 (text, lang); it has text (string, required), lang (string, required). Pass "arguments" instead.' },
    });
    expect(fillPromptArgument('translate', schema, 'hello', { text: 'x' })).toMatchObject({ ok: false, error: { message: 'Expected "prompt" or arguments.text for tool "translate", got both' } });
  });
});
