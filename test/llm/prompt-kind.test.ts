import { describe, expect, it } from 'vitest';
import { promptKindSteps } from '../../src/execution/kinds/prompt-step.js';
import type { CompletionRequest, LlmClient } from '../../src/llm/client.js';

/** A model that never answers until its request's signal aborts. */
function hangingClient(seen: AbortSignal[]): LlmClient {
  const complete = (request: CompletionRequest) =>
    new Promise<never>((_, reject) => {
      seen.push(request.signal);
      request.signal.addEventListener('abort', () => reject(new Error('aborted')));
    });
  return { name: 'gemini', complete, completeJson: () => complete({ messages: [], signal: new AbortController().signal }) };
}

describe('the prompt step kind', () => {
  it('enforces the attempt timeout itself and aborts the request, with no scheduler deadline', async () => {
    const seen: AbortSignal[] = [];
    const { steps } = promptKindSteps([{ id: 'ask', prompt: 'hi', dependsOn: [] }], { providers: { gemini: hangingClient(seen) } });
    const outcome = await steps[0]!.run({ attempt: 2, signal: new AbortController().signal, timeoutMs: 50, records: new Map() });
    expect(outcome).toEqual({ ok: false, error: { code: 'timeout', message: 'Expected step "ask" to finish within 50 ms, got no answer in time (attempt 2)' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.aborted).toBe(true);
  });

  it('aborts the request when the attempt is cancelled', async () => {
    const seen: AbortSignal[] = [];
    const { steps } = promptKindSteps([{ id: 'ask', prompt: 'hi', dependsOn: [] }], { providers: { gemini: hangingClient(seen) } });
    const attempt = new AbortController();
    const pending = steps[0]!.run({ attempt: 1, signal: attempt.signal, timeoutMs: 10_000, records: new Map() });
    await new Promise((resolve) => setTimeout(resolve, 10));
    attempt.abort(new Error('stop'));
    expect(await pending).toEqual({ ok: false, error: { code: 'cancelled', message: 'model request aborted: aborted' } });
    expect(seen[0]!.aborted).toBe(true);
  });

  it('fails with reference_error naming the prompt when a path does not resolve', async () => {
    const { steps } = promptKindSteps([{ id: 'ask', prompt: 'Use {{a.missing}}', dependsOn: ['a'] }], { providers: { gemini: hangingClient([]) } });
    const records = new Map([['a', { id: 'a', status: 'ok' as const, attempts: 1, result: { structuredContent: { here: 1 } } }]]);
    expect(await steps[0]!.run({ attempt: 1, signal: new AbortController().signal, records })).toEqual({
      ok: false,
      error: { code: 'reference_error', message: 'Reference {{a.missing}} in prompt does not resolve: a has no "missing"; keys that exist: "here"' },
    });
  });
});
