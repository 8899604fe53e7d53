/**
 * runs/run-stop.ts: a one-call tool run's signal is a RunStop's, not an AbortController's.
 * Whatever is done to it — listeners added and removed (functions, with and without once,
 * twice, with options that make it fall back to a real signal), listeners that add or remove
 * others while the abort is dispatched, onabort, aborts with and without a reason, twice —
 * it must behave as a real AbortSignal does: the same listeners called in the same order with
 * the signal as `this` and an 'abort' event, the same aborted and reason at every step.
 * And the registry gives that signal only to runs that ask for it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunStop } from '../../src/runs/run-stop.js';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';

type Op =
  | { op: 'add'; listener: number; options: number }
  | { op: 'remove'; listener: number; options: number }
  | { op: 'abort'; reason: number }
  | { op: 'onabort'; listener: number }
  | { op: 'read' };

/** What a listener does when it is called: nothing, or adds / removes another. */
type Act = { act: 'none' } | { act: 'add'; listener: number; options: number } | { act: 'remove'; listener: number };

const ADD_OPTIONS: unknown[] = [undefined, { once: true }, { once: false }, {}, { capture: true }, true, { passive: true }];
const REMOVE_OPTIONS: unknown[] = [undefined, {}, { capture: true }, false, true];
const REASONS: unknown[] = [undefined, new Error('the client cancelled the request'), 'a string', 0];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('add' as const), listener: fc.nat(5), options: fc.nat(ADD_OPTIONS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), listener: fc.nat(5), options: fc.nat(REMOVE_OPTIONS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('abort' as const), reason: fc.nat(REASONS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('onabort' as const), listener: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'read' as const }) },
);
const actArb: fc.Arbitrary<Act> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ act: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ act: fc.constant('add' as const), listener: fc.nat(5), options: fc.nat(ADD_OPTIONS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ act: fc.constant('remove' as const), listener: fc.nat(5) }) },
);

/** Runs `ops` on a signal and its abort; returns everything observable, as text. */
function play(signal: AbortSignal, abort: (reason?: unknown) => void, ops: readonly Op[], acts: readonly Act[]): string[] {
  const log: string[] = [];
  const listeners: Array<(this: unknown, event: Event) => void> = [];
  for (let i = 0; i < 6; i++) {
    listeners.push(function (this: unknown, event: Event) {
      log.push(`called ${i} this=${this === signal} type=${event.type} aborted=${signal.aborted}`);
      const act = acts[i]!;
      if (act.act === 'add') signal.addEventListener('abort', listeners[act.listener]!, ADD_OPTIONS[act.options] as Parameters<AbortSignal['addEventListener']>[2]);
      else if (act.act === 'remove') signal.removeEventListener('abort', listeners[act.listener]!);
    });
  }
  const read = () => {
    const reason: unknown = signal.reason;
    const shown = reason instanceof DOMException ? `DOMException ${reason.name} ${reason.message}` : reason instanceof Error ? `Error ${reason.message}` : String(reason);
    let threw = 'no';
    try {
      signal.throwIfAborted();
    } catch (error) {
      threw = error === reason ? 'its reason' : 'something else';
    }
    log.push(`aborted=${signal.aborted} reason=${shown} throwIfAborted=${threw}`);
  };
  for (const op of ops) {
    if (op.op === 'add') signal.addEventListener('abort', listeners[op.listener]!, ADD_OPTIONS[op.options] as Parameters<AbortSignal['addEventListener']>[2]);
    else if (op.op === 'remove') signal.removeEventListener('abort', listeners[op.listener]!, REMOVE_OPTIONS[op.options] as Parameters<AbortSignal['removeEventListener']>[2]);
    else if (op.op === 'abort') {
      log.push('abort');
      abort(REASONS[op.reason]);
    } else if (op.op === 'onabort') signal.onabort = listeners[op.listener]!;
    else read();
  }
  read();
  return log;
}

describe('RunStop', () => {
  it('behaves as an AbortController for any sequence of listener changes and aborts', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 14 }), fc.array(actArb, { minLength: 6, maxLength: 6 }), (ops, acts) => {
        const real = new AbortController();
        const light = new RunStop();
        expect(play(light.signal, (reason) => light.abort(reason), ops, acts)).toEqual(play(real.signal, (reason) => real.abort(reason), ops, acts));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the common listeners itself (no EventTarget) and reports a listener that throws as an EventTarget does', async () => {
    const stop = new RunStop();
    expect(stop.signal instanceof EventTarget).toBe(false);
    const calls: string[] = [];
    const errors: unknown[] = [];
    const onUncaught = (error: unknown) => errors.push(error);
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      stop.signal.addEventListener('abort', () => {
        calls.push('first');
        throw new Error('a listener failed');
      });
      stop.signal.addEventListener('abort', () => calls.push('second'), { once: true });
      stop.abort(new Error('stop'));
      expect(calls).toEqual(['first', 'second']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(errors.map((error) => (error as Error).message)).toEqual(['a listener failed']);
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const listener of listeners) process.on('uncaughtException', listener);
    }
  });
});

describe('the run registry and light signals', () => {
  it('gives a RunStop signal only to runs that ask for one, and cancel aborts either with the reason', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const seen: AbortSignal[] = [];
    const work = ({ signal }: { signal: AbortSignal }) =>
      new Promise<{ text: string; isError: boolean }>((resolve) => {
        seen.push(signal);
        signal.addEventListener('abort', () => resolve({ text: `stopped: ${(signal.reason as Error).message}`, isError: false }), { once: true });
      });
    const light = runs.reserve({ mode: 'foreground' });
    runs.begin(light, { tool: 'call_tools_parallel', input: {}, steps: [{ id: '0' }] }, work, { lightSignal: true });
    const real = runs.reserve({ mode: 'foreground' });
    runs.begin(real, { tool: 'run_plan', input: {}, steps: [{ id: '0' }] }, work);
    expect(seen[0] instanceof AbortSignal).toBe(false);
    expect(seen[1] instanceof AbortSignal).toBe(true);
    runs.cancel(light, 'the client cancelled the request');
    runs.cancel(real, 'the client cancelled the request');
    await Promise.all([runs.whenEnded(light), runs.whenEnded(real)]);
    expect(runs.endOf(light)?.report?.text).toBe('stopped: the client cancelled the request');
    expect(runs.endOf(real)?.report?.text).toBe('stopped: the client cancelled the request');
  });

  it('a run cancelled before it begins starts with an aborted signal', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const id = runs.reserve({ mode: 'foreground' });
    runs.cancel(id, 'early');
    let aborted: boolean | undefined;
    runs.begin(
      id,
      { tool: 'call_tools_parallel', input: {}, steps: [{ id: '0' }] },
      async ({ signal }) => {
        aborted = signal.aborted;
        return { text: 'done', isError: false };
      },
      { lightSignal: true },
    );
    await runs.whenEnded(id);
    expect(aborted).toBe(true);
  });
});
