import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DurationStats } from '../../src/engine/duration-stats.js';
import type { CallError } from '../../src/engine/outcome.js';
import { runSchedule, type SchedulerEvent, type ScheduledStep } from '../../src/engine/scheduler.js';
import { DEFAULT_RETRY_POLICY } from '../../src/engine/retry-policy.js';
import { ServerSlotTable } from '../../src/engine/server-slots.js';
import { maxOverlap, runToEnd, scriptedExecutor, steps, type Script } from './fake-executor.js';

const toolError: CallError = { code: 'tool_error', message: 'the tool said no' };
const transportError: CallError = { code: 'transport_error', message: 'pipe closed' };
const ok = (id: string) => ({ structuredContent: { id } });

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function startsOf(attempts: ReturnType<typeof scriptedExecutor>['attempts']): Record<string, number> {
  return Object.fromEntries(attempts.map((a) => [a.id, a.start]));
}

describe('runSchedule: critical-path order', () => {
  const workedExample = steps({ c1: [], c2: ['c1'], c3: ['c2'], i1: [], i2: [], i3: [], i4: [], i5: [], i6: [] });
  const workedScripts: Record<string, Script> = {
    c1: { ms: 3000 }, c2: { ms: 3000 }, c3: { ms: 3000 },
    i1: { ms: 1000 }, i2: { ms: 1000 }, i3: { ms: 1000 }, i4: { ms: 1000 }, i5: { ms: 1000 }, i6: { ms: 1000 },
  };

  it('returns makespan 9 s when k = 2 runs a 3-step chain of 3 s and six 1 s steps with estimates', async () => {
    const { execute, attempts } = scriptedExecutor(workedScripts);
    const withEstimates = workedExample.map((s) => ({ ...s, estimatedMs: workedScripts[s.id]!.ms }));
    const result = await runToEnd({ steps: withEstimates, execute, maxConcurrency: 2 });
    expect(result.makespan_ms).toBe(9000);
    expect(startsOf(attempts)).toEqual({ c1: 0, i1: 0, i2: 1000, i3: 2000, c2: 3000, i4: 3000, i5: 4000, i6: 5000, c3: 6000 });
  });

  it('returns makespan 9 s on the worked example without estimates, since the chain is the longest path', async () => {
    const { execute } = scriptedExecutor(workedScripts);
    const result = await runToEnd({ steps: workedExample, execute, maxConcurrency: 2 });
    expect(result.makespan_ms).toBe(9000);
  });

  it('returns makespan 11 s when two chains 10->1 and 1->10 run with unlimited concurrency', async () => {
    const { execute, attempts } = scriptedExecutor({ a1: { ms: 10_000 }, a2: { ms: 1000 }, b1: { ms: 1000 }, b2: { ms: 10_000 } });
    const result = await runToEnd({ steps: steps({ a1: [], a2: ['a1'], b1: [], b2: ['b1'] }), execute });
    expect(result.makespan_ms).toBe(11_000);
    expect(startsOf(attempts)).toEqual({ a1: 0, b1: 0, b2: 1000, a2: 10_000 });
  });

  it('prefers the running average of a tool when a step has no estimate', async () => {
    const durations = new DurationStats();
    durations.record('slow', 5000);
    durations.record('fast', 10);
    const { execute, attempts } = scriptedExecutor({ f: { ms: 10 }, s: { ms: 5000 } });
    await runToEnd({
      steps: [{ id: 'f', dependsOn: [], durationKey: 'fast' }, { id: 's', dependsOn: [], durationKey: 'slow' }],
      execute,
      maxConcurrency: 1,
      durations,
    });
    expect(attempts.map((a) => a.id)).toEqual(['s', 'f']);
  });

  it('breaks ties by priority, then plan order', async () => {
    const { execute, attempts } = scriptedExecutor({});
    await runToEnd({
      steps: [{ id: 'a', dependsOn: [] }, { id: 'b', dependsOn: [], priority: 5 }, { id: 'c', dependsOn: [] }, { id: 'd', dependsOn: [], priority: 5 }],
      execute,
      maxConcurrency: 1,
    });
    expect(attempts.map((a) => a.id)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('dispatches steps that settle at once before longer paths and higher priorities', async () => {
    const { execute, attempts } = scriptedExecutor({});
    await runToEnd({
      steps: [
        { id: 'long', dependsOn: [], estimatedMs: 5000 },
        { id: 'urgent', dependsOn: [], priority: 9 },
        { id: 'known-bad', dependsOn: [], settlesAtOnce: true },
      ],
      execute,
      maxConcurrency: 1,
    });
    expect(attempts.map((a) => a.id)).toEqual(['known-bad', 'long', 'urgent']);
  });

  it('updates the running average from successful attempts', async () => {
    const durations = new DurationStats();
    const { execute } = scriptedExecutor({ a: { ms: 400 }, b: { ms: 200 } });
    await runToEnd({ steps: [{ id: 'a', dependsOn: [], durationKey: 'k' }, { id: 'b', dependsOn: [], durationKey: 'k' }], execute, durations });
    expect(durations.estimate('k')).toBe(300);
  });

  it('returns an empty result when there are no steps', async () => {
    const { execute } = scriptedExecutor({});
    expect(await runToEnd({ steps: [], execute })).toEqual({ records: [], makespan_ms: 0 });
  });
});

describe('runSchedule: failure modes', () => {
  const plan = steps({ a: [], b: ['a'], c: ['b'], x: [], y: ['x'] });
  const scripts: Record<string, Script> = { a: { ms: 100, error: toolError }, x: { ms: 300 }, y: { ms: 100 } };

  it('skips the dependents of a failed step naming it and runs independent branches under partial_completion', async () => {
    const { execute } = scriptedExecutor(scripts);
    const result = await runToEnd({ steps: plan, execute });
    expect(result).toEqual({
      makespan_ms: 400,
      records: [
        { id: 'a', status: 'failed', attempts: 1, started_ms: 0, ended_ms: 100, duration_ms: 100, error: toolError },
        { id: 'b', status: 'skipped', attempts: 0, reason: 'dependency "a" failed' },
        { id: 'c', status: 'skipped', attempts: 0, reason: 'ancestor "a" failed (via "b")' },
        { id: 'x', status: 'ok', attempts: 1, started_ms: 0, ended_ms: 300, duration_ms: 300, result: ok('x') },
        { id: 'y', status: 'ok', attempts: 1, started_ms: 300, ended_ms: 400, duration_ms: 100, result: ok('y') },
      ],
    });
  });

  it('cancels in-flight steps and skips the rest when the first failure happens under fail_fast', async () => {
    const { execute, attempts } = scriptedExecutor(scripts);
    const result = await runToEnd({ steps: plan, execute, failureMode: 'fail_fast' });
    const reason = 'step "a" failed and failure_mode is fail_fast';
    expect(result).toEqual({
      makespan_ms: 100,
      records: [
        { id: 'a', status: 'failed', attempts: 1, started_ms: 0, ended_ms: 100, duration_ms: 100, error: toolError },
        { id: 'b', status: 'skipped', attempts: 0, reason: `not started: ${reason}` },
        { id: 'c', status: 'skipped', attempts: 0, reason: `not started: ${reason}` },
        {
          id: 'x', status: 'cancelled', attempts: 1, started_ms: 0, ended_ms: 100, duration_ms: 100,
          error: { code: 'cancelled', message: `stopped in flight: ${reason}` }, reason,
        },
        { id: 'y', status: 'skipped', attempts: 0, reason: `not started: ${reason}` },
      ],
    });
    expect(attempts.find((a) => a.id === 'x')).toEqual({ id: 'x', attempt: 1, start: 0, end: 100, aborted: true });
  });

  it('runs dependents of a failed step with its failed record visible under continue', async () => {
    const { execute, contexts } = scriptedExecutor(scripts);
    const result = await runToEnd({ steps: plan, execute, failureMode: 'continue' });
    expect(result.records.map((r) => [r.id, r.status])).toEqual([['a', 'failed'], ['b', 'ok'], ['c', 'ok'], ['x', 'ok'], ['y', 'ok']]);
    expect(contexts.get('b')!.records.get('a')).toEqual({
      id: 'a', status: 'failed', attempts: 1, started_ms: 0, ended_ms: 100, duration_ms: 100, error: toolError,
    });
  });

  it('records internal_error and goes on when execute throws or answers garbage', async () => {
    const { execute } = scriptedExecutor({ t: { ms: 1, throws: true } });
    const result = await runToEnd({
      steps: steps({ t: [], g: [], fine: [] }),
      execute: (step, context) => (step.id === 'g' ? Promise.resolve('nonsense' as never) : execute(step, context)),
    });
    expect(result.records.map((r) => [r.id, r.status, r.error?.code])).toEqual([
      ['t', 'failed', 'internal_error'],
      ['g', 'failed', 'internal_error'],
      ['fine', 'ok', undefined],
    ]);
    expect(result.records[0]!.error!.message).toBe('step "t" threw: boom in t');
  });
});

describe('runSchedule: retries and timeouts', () => {
  it('retries a retryable failure with exponential backoff until it succeeds', async () => {
    const { execute, attempts } = scriptedExecutor({ r: { ms: 10, failFirst: [transportError, transportError] } });
    const events: SchedulerEvent[] = [];
    const result = await runToEnd({
      steps: [{ id: 'r', dependsOn: [], retries: 3 }],
      execute,
      retry: { baseMs: 100, factor: 2, jitter: 0 },
      onEvent: (event) => events.push(event),
    });
    expect(attempts.map((a) => [a.attempt, a.start])).toEqual([[1, 0], [2, 110], [3, 320]]);
    expect(result.records).toEqual([{ id: 'r', status: 'ok', attempts: 3, started_ms: 0, ended_ms: 330, duration_ms: 330, result: ok('r') }]);
    expect(events.filter((e) => e.type === 'retrying')).toEqual([
      { type: 'retrying', id: 'r', attempt: 1, delay_ms: 100, error: transportError },
      { type: 'retrying', id: 'r', attempt: 2, delay_ms: 200, error: transportError },
    ]);
  });

  it('stops after retries + 1 attempts, with jitter shortening each delay', async () => {
    const { execute, attempts } = scriptedExecutor({ r: { ms: 10, error: transportError } });
    const result = await runToEnd({
      steps: [{ id: 'r', dependsOn: [], retries: 2 }],
      execute,
      retry: { baseMs: 100, factor: 3, jitter: 0.5 },
      random: () => 0.5,
    });
    expect(attempts.map((a) => a.start)).toEqual([0, 85, 320]); // 10 + 75, then 95 + 10 + 225
    expect(result.records[0]).toEqual({ id: 'r', status: 'failed', attempts: 3, started_ms: 0, ended_ms: 330, duration_ms: 330, error: transportError });
  });

  it('backs off by the default policy without a retry option, and a partial one keeps the other defaults (the shared default is frozen)', async () => {
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
    const plain = scriptedExecutor({ r: { ms: 10, failFirst: [transportError, transportError] } });
    await runToEnd({ steps: [{ id: 'r', dependsOn: [], retries: 2 }], execute: plain.execute, random: () => 0 });
    // 250 ms, then 500 ms (factor 2), each after a 10 ms attempt.
    expect(plain.attempts.map((a) => a.start)).toEqual([0, 260, 770]);
    const partial = scriptedExecutor({ r: { ms: 10, failFirst: [transportError, transportError] } });
    const before = Date.now();
    await runToEnd({ steps: [{ id: 'r', dependsOn: [], retries: 2 }], execute: partial.execute, retry: { baseMs: 100 }, random: () => 0 });
    expect(partial.attempts.map((a) => a.start - before)).toEqual([0, 110, 320]);
  });

  it('does not retry a failure that is not retryable', async () => {
    const invalid: CallError = { code: 'invalid_arguments', message: 'x is required' };
    const { execute } = scriptedExecutor({ r: { ms: 10, error: invalid } });
    const result = await runToEnd({ steps: [{ id: 'r', dependsOn: [], retries: 5 }], execute });
    expect(result.records[0]).toEqual({ id: 'r', status: 'failed', attempts: 1, started_ms: 0, ended_ms: 10, duration_ms: 10, error: invalid });
  });

  it('times an attempt out, aborts its signal without waiting for it, and retries it', async () => {
    const { execute, attempts } = scriptedExecutor({ h: { ms: Infinity } });
    const result = await runToEnd({ steps: [{ id: 'h', dependsOn: [], timeoutMs: 500, retries: 1 }], execute, retry: { baseMs: 100, jitter: 0 } });
    expect(attempts).toEqual([
      { id: 'h', attempt: 1, start: 0, end: 500, aborted: true },
      { id: 'h', attempt: 2, start: 600, end: 1100, aborted: true },
    ]);
    expect(result.records[0]).toEqual({
      id: 'h', status: 'failed', attempts: 2, started_ms: 0, ended_ms: 1100, duration_ms: 1100,
      error: { code: 'timeout', message: 'Expected step "h" to finish within 500 ms, got no answer in time (attempt 2)' },
    });
  });

  it('settles a timed-out step even when execute ignores its signal', async () => {
    const result = await runToEnd({
      steps: [{ id: 'deaf', dependsOn: [], timeoutMs: 50 }],
      execute: () => new Promise(() => {}),
    });
    expect(result.records[0]!.error!.code).toBe('timeout');
    expect(result.makespan_ms).toBe(50);
  });

  it('times out each attempt at its own deadline when attempts with different timeouts overlap', async () => {
    const { execute, attempts } = scriptedExecutor({ slow: { ms: Infinity }, quick: { ms: Infinity }, fine: { ms: 250 }, late: { ms: Infinity } });
    const result = await runToEnd({
      steps: [
        { id: 'slow', dependsOn: [], timeoutMs: 1000 },
        { id: 'quick', dependsOn: [], timeoutMs: 100 },
        { id: 'fine', dependsOn: [], timeoutMs: 300 },
        { id: 'late', dependsOn: ['fine'], timeoutMs: 100 },
      ],
      execute,
    });
    // "fine" has a dependent, so the longest remaining path starts first.
    expect(attempts).toEqual([
      { id: 'fine', attempt: 1, start: 0, end: 250 },
      { id: 'slow', attempt: 1, start: 0, end: 1000, aborted: true },
      { id: 'quick', attempt: 1, start: 0, end: 100, aborted: true },
      { id: 'late', attempt: 1, start: 250, end: 350, aborted: true },
    ]);
    expect(result.records.map((r) => [r.id, r.status, r.error?.code, r.ended_ms])).toEqual([
      ['slow', 'failed', 'timeout', 1000],
      ['quick', 'failed', 'timeout', 100],
      ['fine', 'ok', undefined, 250],
      ['late', 'failed', 'timeout', 350],
    ]);
  });

  it('keeps one clock timer for the timeouts of many attempts in flight', async () => {
    let timers = 0;
    const clock = {
      now: () => Date.now(),
      setTimeout: (callback: () => void, ms: number) => {
        timers += 1;
        return setTimeout(callback, ms);
      },
      clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const scripts: Record<string, Script> = {};
    for (let i = 0; i < 100; i++) scripts[`s${i}`] = { ms: 1 + (i % 7) };
    const { execute, attempts } = scriptedExecutor(scripts);
    const promise = runSchedule({
      steps: Object.keys(scripts).map((id) => ({ id, dependsOn: [], timeoutMs: 60_000 })),
      execute,
      maxConcurrency: 10,
      clock,
    });
    await vi.runAllTimersAsync();
    const result = await promise;
    expect(result.records.every((r) => r.status === 'ok')).toBe(true);
    expect(maxOverlap(attempts)).toBe(10);
    expect(timers).toBe(1);
  });

  it('cancels in-flight steps and skips the rest when the whole-run timeout fires', async () => {
    const { execute } = scriptedExecutor({ a: { ms: 2000 }, b: { ms: 10 }, c: { ms: 300 } });
    const result = await runToEnd({ steps: steps({ a: [], b: ['a'], c: [] }), execute, timeoutMs: 1000 });
    const reason = "the run's timeout_ms of 1000 ms ran out";
    expect(result).toEqual({
      makespan_ms: 1000,
      records: [
        { id: 'a', status: 'cancelled', attempts: 1, started_ms: 0, ended_ms: 1000, duration_ms: 1000, error: { code: 'timeout', message: `stopped in flight: ${reason}` }, reason },
        { id: 'b', status: 'skipped', attempts: 0, reason: `not started: ${reason}` },
        { id: 'c', status: 'ok', attempts: 1, started_ms: 0, ended_ms: 300, duration_ms: 300, result: ok('c') },
      ],
    });
  });
});

describe('runSchedule: cancellation', () => {
  it('cancels in-flight and not-started steps when the external signal aborts', async () => {
    const controller = new AbortController();
    const { execute, attempts } = scriptedExecutor({ a: { ms: 1000 }, b: { ms: 10 }, c: { ms: 100 } });
    setTimeout(() => controller.abort(), 400);
    const result = await runToEnd({ steps: steps({ a: [], b: ['a'], c: [] }), execute, signal: controller.signal });
    expect(result).toEqual({
      makespan_ms: 400,
      records: [
        {
          id: 'a', status: 'cancelled', attempts: 1, started_ms: 0, ended_ms: 400, duration_ms: 400,
          error: { code: 'cancelled', message: 'stopped in flight: the run was cancelled' }, reason: 'the run was cancelled',
        },
        { id: 'b', status: 'cancelled', attempts: 0, error: { code: 'cancelled', message: 'not started: the run was cancelled' }, reason: 'not started: the run was cancelled' },
        { id: 'c', status: 'ok', attempts: 1, started_ms: 0, ended_ms: 100, duration_ms: 100, result: ok('c') },
      ],
    });
    expect(attempts.find((a) => a.id === 'a')!.aborted).toBe(true);
  });

  it('runs nothing when the signal is already aborted', async () => {
    const { execute, attempts } = scriptedExecutor({});
    const result = await runToEnd({ steps: steps({ a: [] }), execute, signal: AbortSignal.abort() });
    expect(attempts).toEqual([]);
    expect(result.records.map((r) => r.status)).toEqual(['cancelled']);
  });

  it('cancels a step waiting out its backoff', async () => {
    const controller = new AbortController();
    const { execute } = scriptedExecutor({ r: { ms: 10, error: transportError } });
    setTimeout(() => controller.abort(), 50);
    const result = await runToEnd({
      steps: [{ id: 'r', dependsOn: [], retries: 3 }], execute, signal: controller.signal, retry: { baseMs: 1000, jitter: 0 },
    });
    expect(result.records[0]).toMatchObject({ id: 'r', status: 'cancelled', attempts: 1, ended_ms: 50 });
  });
});

describe('runSchedule: limits', () => {
  it('keeps a server at its cap without blocking steps of other servers', async () => {
    const plan: ScheduledStep[] = [
      ...['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((id) => ({ id, dependsOn: [], server: 'memory' })),
      ...['e1', 'e2', 'e3'].map((id) => ({ id, dependsOn: [], server: 'everything' })),
    ];
    const { execute, attempts } = scriptedExecutor(Object.fromEntries(plan.map((s) => [s.id, { ms: 100 }])));
    await runToEnd({ steps: plan, execute, maxConcurrency: 3, slots: new ServerSlotTable(new Map([['memory', 2]])) });
    expect(maxOverlap(attempts, (a) => a.id.startsWith('m'))).toBe(2);
    expect(maxOverlap(attempts)).toBe(3);
    expect(startsOf(attempts)).toEqual({ m1: 0, m2: 0, e1: 0, m3: 100, m4: 100, e2: 100, m5: 200, m6: 200, e3: 200 });
  });

  it('never exceeds the global cap', async () => {
    const plan = Array.from({ length: 20 }, (_, i) => ({ id: `s${i}`, dependsOn: [] }));
    const { execute, attempts } = scriptedExecutor(Object.fromEntries(plan.map((s, i) => [s.id, { ms: 10 + (i % 7) * 13 }])));
    await runToEnd({ steps: plan, execute, maxConcurrency: 4 });
    expect(maxOverlap(attempts)).toBe(4);
  });

  it('spaces dispatches to the rate limit', async () => {
    const plan = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, dependsOn: [] }));
    const { execute, attempts } = scriptedExecutor({});
    await runToEnd({ steps: plan, execute, maxCallsPerSecond: 2 });
    expect(attempts.map((a) => a.start)).toEqual([0, 0, 1000, 1000, 2000]);
  });

  it('emits started and finished events for progress', async () => {
    const events: SchedulerEvent[] = [];
    const { execute } = scriptedExecutor({ a: { ms: 5 }, b: { ms: 5 } });
    await runToEnd({ steps: steps({ a: [], b: ['a'] }), execute, onEvent: (e) => events.push(e) });
    expect(events.map((e) => (e.type === 'finished' ? `finished ${e.record.id}` : `${e.type} ${e.id}`))).toEqual([
      'started a', 'finished a', 'started b', 'finished b',
    ]);
  });
});

describe('runSchedule: server slots owned outside the run', () => {
  it('keeps a parked step waiting (not skipped) while a finished attempt retains its slot, and runs it when the slot frees', async () => {
    const slots = new ServerSlotTable(new Map([['memory', 1]]));
    let releaseHeld: (() => void) | undefined;
    const starts: Record<string, number> = {};
    const promise = runSchedule({
      clock: { now: () => Date.now(), setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
      steps: [
        { id: 'first', dependsOn: [], server: 'memory' },
        { id: 'second', dependsOn: [], server: 'memory' },
      ],
      slots,
      execute: (step, context) => {
        starts[step.id] = Date.now();
        // The first call "times out" at 100 ms but its request may still run: it keeps the slot.
        if (step.id === 'first') releaseHeld = context.slot!.retain();
        return new Promise((resolve) => setTimeout(() => resolve({ ok: true, result: ok(step.id) }), 100));
      },
    });
    setTimeout(() => releaseHeld?.(), 400);
    await vi.runAllTimersAsync();
    const result = await promise;
    expect(result.records.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(starts).toEqual({ first: 0, second: 400 });
    expect(slots.inFlight('memory')).toBe(0);
  });

  it('keeps two runs that share the slots under the cap together', async () => {
    const slots = new ServerSlotTable(new Map([['memory', 2]]));
    const a = scriptedExecutor(Object.fromEntries(['a1', 'a2', 'a3'].map((id) => [id, { ms: 100 }])));
    const b = scriptedExecutor(Object.fromEntries(['b1', 'b2', 'b3'].map((id) => [id, { ms: 100 }])));
    const clock = { now: () => Date.now(), setTimeout: (cb: () => void, ms: number) => setTimeout(cb, ms), clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
    const runA = runSchedule({ clock, slots, steps: ['a1', 'a2', 'a3'].map((id) => ({ id, dependsOn: [], server: 'memory' })), execute: a.execute });
    const runB = runSchedule({ clock, slots, steps: ['b1', 'b2', 'b3'].map((id) => ({ id, dependsOn: [], server: 'memory' })), execute: b.execute });
    await vi.runAllTimersAsync();
    await Promise.all([runA, runB]);
    expect(maxOverlap([...a.attempts, ...b.attempts])).toBe(2);
    expect(a.attempts.length + b.attempts.length).toBe(6);
  });

  it('listens for freed slots only while it has parked a step: never for a run that does not park, once for one that does', async () => {
    const table = new ServerSlotTable(new Map([['memory', 1]]));
    let listening = 0;
    let subscribed = 0;
    const slots = {
      capOf: (server: string) => table.capOf(server),
      tryAcquire: (server: string) => table.tryAcquire(server),
      subscribe: (listener: (server: string) => void) => {
        subscribed += 1;
        listening += 1;
        const stop = table.subscribe(listener);
        return () => {
          listening -= 1;
          stop();
        };
      },
    };
    const one = scriptedExecutor({ only: { ms: 50 } });
    await runToEnd({ steps: [{ id: 'only', dependsOn: [], server: 'memory' }], execute: one.execute, slots });
    expect(subscribed).toBe(0);
    const two = scriptedExecutor({ m1: { ms: 100 }, m2: { ms: 100 }, m3: { ms: 100 } });
    const result = await runToEnd({ steps: ['m1', 'm2', 'm3'].map((id) => ({ id, dependsOn: [], server: 'memory' })), execute: two.execute, maxConcurrency: 3, slots });
    expect(result.records.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    const starts = startsOf(two.attempts);
    expect([starts.m2! - starts.m1!, starts.m3! - starts.m1!]).toEqual([100, 200]);
    expect(subscribed).toBe(1);
    expect(listening).toBe(0);
  });

  it('lets a step of another server take the global slot a parked step does not hold', async () => {
    const slots = new ServerSlotTable(new Map([['memory', 1]]));
    const { execute, attempts } = scriptedExecutor({ m1: { ms: 100 }, m2: { ms: 100 }, e1: { ms: 10 } });
    await runToEnd({ steps: [{ id: 'm1', dependsOn: [], server: 'memory' }, { id: 'm2', dependsOn: [], server: 'memory' }, { id: 'e1', dependsOn: [], server: 'everything' }], execute, maxConcurrency: 2, slots });
    expect(startsOf(attempts)).toEqual({ m1: 0, e1: 0, m2: 100 });
  });
});

describe('runSchedule: executor-owned timeouts, retry vetoes, send time', () => {
  it('keeps no deadline of its own when the executor enforces timeouts', async () => {
    const { execute } = scriptedExecutor({ slow: { ms: 300 } });
    const result = await runToEnd({ steps: [{ id: 'slow', dependsOn: [], timeoutMs: 100 }], execute, executorEnforcesTimeouts: true });
    expect(result.records[0]).toMatchObject({ status: 'ok', attempts: 1 });
  });

  it('fails a step at once when mayRetry says no, though it has retries left', async () => {
    const { execute, attempts } = scriptedExecutor({ w: { ms: 10, error: { code: 'timeout', message: 'late' } } });
    const asked: string[] = [];
    const result = await runToEnd({
      steps: [{ id: 'w', dependsOn: [], retries: 3 }],
      execute,
      mayRetry: (step, error, attempt) => (asked.push(`${step.id}:${error.code}:${attempt}`), false),
    });
    expect(result.records[0]).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'timeout' } });
    expect(attempts).toHaveLength(1);
    expect(asked).toEqual(['w:timeout:1']);
  });

  it('reports started_ms as the time the executor said it sent, and the wait before it', async () => {
    const promise = runSchedule({
      clock: { now: () => Date.now(), setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
      steps: [{ id: 'waits', dependsOn: [] }],
      execute: (_step, context) =>
        new Promise((resolve) =>
          setTimeout(() => {
            context.sent?.();
            setTimeout(() => resolve({ ok: true, result: ok('waits') }), 50);
          }, 200),
        ),
    });
    await vi.runAllTimersAsync();
    expect((await promise).records[0]).toMatchObject({ status: 'ok', started_ms: 200, wait_ms: 200, duration_ms: 50, ended_ms: 250 });
  });
});
