import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallOutcome } from '../../src/engine/outcome.js';
import type { ExecuteContext, ExecuteStep } from '../../src/engine/scheduler.js';
import { runToEnd } from './fake-executor.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** An executor that hangs until its signal (read or not, as `reads` says) aborts, or ends after `ms`. */
function hangingExecutor(ms: Record<string, number>, reads: (id: string) => 'signal' | 'runSignal' | 'none') {
  const contexts = new Map<string, ExecuteContext>();
  const abortedAt = new Map<string, number>();
  const execute: ExecuteStep = (step, context) => {
    contexts.set(step.id, context);
    return new Promise<CallOutcome>((resolve) => {
      const wait = ms[step.id] ?? Infinity;
      if (Number.isFinite(wait)) setTimeout(() => resolve({ ok: true, result: { structuredContent: { id: step.id } } }), wait);
      const how = reads(step.id);
      if (how === 'none') return;
      const signal = how === 'signal' ? context.signal : context.runSignal!;
      signal.addEventListener('abort', () => abortedAt.set(step.id, Date.now()), { once: true });
    });
  };
  return { execute, contexts, abortedAt };
}

describe('runSchedule: per-attempt signals made on first read', () => {
  it('aborts the signal of the step that timed out and not those of its siblings, nor the run signal', async () => {
    const { execute, contexts, abortedAt } = hangingExecutor({ quick: 100, slow: 300 }, () => 'signal');
    const result = await runToEnd({
      steps: [
        { id: 'hang', dependsOn: [], timeoutMs: 50 },
        { id: 'quick', dependsOn: [], timeoutMs: 1000 },
        { id: 'slow', dependsOn: [], timeoutMs: 1000 },
      ],
      execute,
    });
    expect(result.records.map((r) => r.status)).toEqual(['failed', 'ok', 'ok']);
    expect([...abortedAt]).toEqual([['hang', 50]]);
    expect(contexts.get('hang')!.signal.aborted).toBe(true);
    expect(contexts.get('hang')!.aborted).toBe(true);
    expect(contexts.get('quick')!.signal.aborted).toBe(false);
    expect(contexts.get('slow')!.signal.aborted).toBe(false);
    expect(contexts.get('hang')!.runSignal!.aborted).toBe(false);
  });

  it('hands out an already aborted signal when it is first read after its attempt was aborted', async () => {
    const { execute, contexts } = hangingExecutor({}, () => 'none');
    await runToEnd({ steps: [{ id: 'hang', dependsOn: [], timeoutMs: 20 }], execute });
    const context = contexts.get('hang')!;
    expect(context.aborted).toBe(true);
    expect(context.signal.aborted).toBe(true);
    expect((context.signal.reason as Error).message).toMatch(/Expected step "hang" to finish within 20 ms/);
  });

  it('aborts the run signal, and every running attempt\'s signal, when fail_fast stops the run', async () => {
    const failing: ExecuteStep = (step, context) =>
      step.id === 'bad'
        ? new Promise((resolve) => setTimeout(() => resolve({ ok: false, error: { code: 'tool_error', message: 'no' } }), 10))
        : hangingExecutor({}, (id) => (id === 'a' ? 'signal' : 'runSignal')).execute(step, context);
    const seen = new Map<string, ExecuteContext>();
    const execute: ExecuteStep = (step, context) => {
      seen.set(step.id, context);
      return failing(step, context);
    };
    const result = await runToEnd({ steps: [{ id: 'a', dependsOn: [] }, { id: 'b', dependsOn: [] }, { id: 'bad', dependsOn: [] }], execute, failureMode: 'fail_fast' });
    expect(result.records.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'failed']);
    expect(seen.get('a')!.signal.aborted).toBe(true);
    expect(seen.get('b')!.runSignal!.aborted).toBe(true);
    expect((seen.get('b')!.runSignal!.reason as Error).message).toBe('step "bad" failed and failure_mode is fail_fast');
    // One run, one run signal.
    expect(seen.get('a')!.runSignal).toBe(seen.get('b')!.runSignal);
  });

  it('aborts the run signal when the caller cancels the run', async () => {
    const controller = new AbortController();
    const { execute, contexts } = hangingExecutor({}, () => 'runSignal');
    const done = runToEnd({ steps: [{ id: 'a', dependsOn: [] }], execute, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(5);
    expect(contexts.get('a')!.runSignal!.aborted).toBe(false);
    controller.abort();
    const result = await done;
    expect(result.records[0]!.status).toBe('cancelled');
    expect(contexts.get('a')!.runSignal!.aborted).toBe(true);
    // Only the caller's signal can stop this run: it is the run signal itself.
    expect(contexts.get('a')!.runSignal).toBe(controller.signal);
  });

  it('gives a run signal of its own when the run can stop by itself (fail_fast), aborted without the caller\'s', async () => {
    const caller = new AbortController();
    const seen = new Map<string, ExecuteContext>();
    const execute: ExecuteStep = (step, context) => {
      seen.set(step.id, context);
      return step.id === 'bad'
        ? new Promise((resolve) => setTimeout(() => resolve({ ok: false, error: { code: 'tool_error', message: 'no' } }), 10))
        : new Promise(() => undefined);
    };
    await runToEnd({ steps: [{ id: 'a', dependsOn: [] }, { id: 'bad', dependsOn: [] }], execute, failureMode: 'fail_fast', signal: caller.signal });
    expect(seen.get('a')!.runSignal).not.toBe(caller.signal);
    expect(seen.get('a')!.runSignal!.aborted).toBe(true);
    expect(caller.signal.aborted).toBe(false);
  });
});
