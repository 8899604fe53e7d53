/**
 * A flat batch (execution/flat-batch.ts) answers what the scheduler answers for it: each case
 * runs the same steps through runSteps (which takes the flat path) and through scheduleSteps
 * (the scheduler, which runSteps bypasses), on the same real pool, and compares records,
 * events (their order included: it is the start order) and the learned durations as JSON text,
 * times replaced by "T". Generated batches mix calls that succeed, fail as tool errors, throw,
 * name unknown tools or servers, have invalid arguments or time out, on an uncapped and a capped
 * server, with estimates, priorities and learned durations that decide the start order, under
 * small concurrency caps, and cancelled mid-batch.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import type { SchedulerEvent } from '../../src/engine/scheduler.js';
import { silentLogger } from '../../src/log.js';
import * as flatBatch from '../../src/execution/flat-batch.js';
import { resolveKnownTools, runSteps, scheduleSteps, type RunnableStep, type RunStepsOptions, type RunStepsResult } from '../../src/execution/run-steps.js';
import { maxOverlap, serverConfig, toolServer, type Downstream } from '../downstream/in-memory-servers.js';

vi.mock('../../src/execution/flat-batch.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/execution/flat-batch.js')>();
  return { ...original, runFlatBatch: vi.fn(original.runFlatBatch) };
});

const TIMES = new Set(['started_ms', 'ended_ms', 'duration_ms', 'at_ms', 'makespan_ms', 'after_ms', 'mean', 'spread']);

/** Times as "T"; wait_ms left out (it is there when sending took 1 ms or more, which load decides). */
function normalized(value: unknown): string {
  return JSON.stringify(value, (key, field: unknown) => (key === 'wait_ms' ? undefined : TIMES.has(key) && typeof field === 'number' ? 'T' : field));
}

let pool: DownstreamPool;
let alpha: Downstream;
let capped: Downstream;

beforeAll(async () => {
  alpha = toolServer();
  capped = toolServer();
  pool = new DownstreamPool([serverConfig('alpha', { cancelGraceMs: 20 }), serverConfig('capped', { maxConcurrency: 2, cancelGraceMs: 20 })], {
    log: silentLogger,
    transportFactory: (server) => (server.name === 'alpha' ? alpha : capped).transport(),
  });
  await pool.startAll();
});

afterAll(async () => {
  await pool.close();
});

interface Way {
  result: RunStepsResult;
  events: SchedulerEvent[];
  durations: DurationStats;
}

interface Case {
  steps: RunnableStep[];
  options?: Partial<RunStepsOptions>;
  /** Learned durations the run starts with. */
  learned?: Array<[string, { mean: number; count: number; spread?: number }]>;
  /**
   * Cancel the run when this many calls that answer at once have finished (synchronously in
   * that event, or a microtask later). Timeouts do not count: two hangs that start in the same
   * millisecond expire in one firing of the deadline queue, and a cancel queued from the first
   * one's event meets the second's timeout in the same instant, where which one it becomes
   * rests on microtask order (seen: seed 1 of this property, run 1).
   */
  cancelAfter?: { finished: number; later: boolean };
  cancelBefore?: boolean;
}

/**
 * Until calls of an earlier run that still hold a slot of the capped server have let go (a
 * cancelled call the server never answers keeps it for the grace, then its server restarts),
 * and every server is ready: each way starts from the same state.
 */
async function slotsFree(): Promise<void> {
  for (let waited = 0; pool.slots.inFlight('capped') > 0; waited += 1) {
    if (waited > 2_000) throw new Error('the capped server kept its slots');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await pool.startAll();
}

async function runWay(run: typeof runSteps, test: Case): Promise<Way> {
  await slotsFree();
  const events: SchedulerEvent[] = [];
  const durations = new DurationStats();
  if (test.learned) durations.load(test.learned);
  const controller = new AbortController();
  if (test.cancelBefore) controller.abort(new Error('stop'));
  let finished = 0;
  const steps: RunnableStep[] = test.steps.map((step) => ({ ...step }));
  const known = await resolveKnownTools(pool, steps);
  const result = await run(pool, steps, known, {
    maxConcurrency: 16,
    failureMode: 'partial_completion',
    defaultTimeoutMs: 5_000,
    durations,
    onEvent: (event) => {
      events.push(event);
      if (event.type !== 'finished' || test.cancelAfter === undefined || event.record.error?.code === 'timeout') return;
      if (++finished !== test.cancelAfter.finished) return;
      if (test.cancelAfter.later) queueMicrotask(() => controller.abort(new Error('stop')));
      else controller.abort(new Error('stop'));
    },
    ...test.options,
    signal: controller.signal,
  });
  return { result, events, durations };
}

/** Runs the case both ways; returns whether runSteps took the flat path, and its answer. */
async function bothWays(test: Case): Promise<{ flat: boolean; way: Way }> {
  const calls = vi.mocked(flatBatch.runFlatBatch).mock.calls.length;
  const way = await runWay(runSteps, test);
  const flat = vi.mocked(flatBatch.runFlatBatch).mock.calls.length > calls;
  const scheduled = await runWay(scheduleSteps, test);
  expect(normalized(way.result)).toBe(normalized(scheduled.result));
  expect(normalized(way.events)).toBe(normalized(scheduled.events));
  expect(normalized(way.durations.snapshot())).toBe(normalized(scheduled.durations.snapshot()));
  // The times themselves differ between runs; how they relate does not.
  const startedAt = new Map(way.events.flatMap((event) => (event.type === 'started' ? [[event.id, event.at_ms] as const] : [])));
  for (const record of way.result.records) {
    if (record.started_ms === undefined) continue;
    expect(record.started_ms).toBeGreaterThanOrEqual(startedAt.get(record.id)!);
    expect(record.ended_ms!).toBeGreaterThanOrEqual(record.started_ms);
    expect(record.duration_ms).toBe(record.ended_ms! - record.started_ms);
    expect(record.ended_ms!).toBeLessThanOrEqual(way.result.makespan_ms);
  }
  return { flat, way };
}

const step = (id: string, fields: Partial<RunnableStep> & { tool: string }): RunnableStep => ({ id, dependsOn: [], ...fields });

/** One generated call. A hang times out (long enough that the other calls, which answer at once, are done by then even on a loaded machine); a batch holds one at most (stepsArb). */
/** A message; never one holding "{{", which may be a reference and leaves the batch to the scheduler (seen: seeds 201, 233, 292). */
const messageArb = fc.string({ maxLength: 3 }).filter((message) => !message.includes('{{'));

const callArb: fc.Arbitrary<Omit<RunnableStep, 'id' | 'dependsOn'>> = fc.oneof(
  fc.record({ server: fc.constant('alpha'), tool: fc.constant('echo'), arguments: fc.record({ message: messageArb }) }),
  fc.record({ server: fc.constant('capped'), tool: fc.constant('echo'), arguments: fc.record({ message: messageArb }) }),
  fc.record({ tool: fc.constant('alpha__add'), arguments: fc.record({ a: fc.integer(), b: fc.integer() }) }),
  fc.record({ server: fc.constantFrom('alpha', 'capped'), tool: fc.constantFrom('fails', 'throws', 'nope') }),
  fc.record({ server: fc.constant('gamma'), tool: fc.constant('echo') }),
  fc.record({ tool: fc.constant('nowhere') }),
  fc.record({ server: fc.constantFrom('alpha', 'capped'), tool: fc.constant('echo'), arguments: fc.constant({ message: 5 }) }),
  fc.record({ server: fc.constant('alpha'), tool: fc.constant('hang'), timeoutMs: fc.constant(50) }),
);

const stepsArb = fc.array(
  fc.tuple(callArb, fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }), fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined })),
  { minLength: 2, maxLength: 20 },
).map((calls) =>
  calls.map(([call, estimatedMs, priority], index) => {
    // One hang at most: a second one, started within a millisecond of the first, would expire
    // that close to a call started when the first timed out, and which ends first is then
    // timing, not the order under test (seen: seed 6 of this property, run 4, both ways alike).
    const hangs = calls.slice(0, index).some(([earlier]) => earlier.tool === 'hang');
    const made = step(String(index), hangs && call.tool === 'hang' ? { server: 'alpha', tool: 'echo', arguments: { message: 'h' } } : call);
    if (estimatedMs !== undefined) made.estimatedMs = estimatedMs;
    if (priority !== undefined) made.priority = priority;
    return made;
  }),
);

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    steps: stepsArb,
    maxConcurrency: fc.integer({ min: 1, max: 6 }),
    learned: fc.boolean(),
    cancel: fc.option(fc.record({ finished: fc.integer({ min: 1, max: 6 }), later: fc.boolean() }), { nil: undefined }),
    cancelBefore: fc.boolean(),
    continueMode: fc.boolean(),
  })
  .map(({ steps, maxConcurrency, learned, cancel, cancelBefore, continueMode }) => {
    const test: Case = { steps, options: { maxConcurrency, ...(continueMode ? { failureMode: 'continue' as const } : {}) } };
    if (learned) test.learned = [['alpha/echo', { mean: 30, count: 5, spread: 1 }], ['capped/echo', { mean: 10, count: 5, spread: 20 }], ['alpha/hang', { mean: 80, count: 5, spread: 1 }]];
    if (cancel !== undefined) test.cancelAfter = cancel;
    if (cancelBefore && cancel === undefined) test.cancelBefore = true;
    return test;
  });

describe('a flat batch: the same answer as the scheduler', () => {
  it('gives the same records, events and learned durations for generated batches', async () => {
    let flatRuns = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (test) => {
        const { flat } = await bothWays(test);
        expect(flat).toBe(true);
        flatRuns += 1;
      }),
      // A failure reports its case within the test's time: shrinking runs whole batches.
      { numRuns: 50, interruptAfterTimeLimit: 45_000, markInterruptAsFailure: true },
    );
    expect(flatRuns).toBe(50);
  }, 60_000);

  it('starts calls by estimate, then input order, under a cap of 1', async () => {
    const steps = [10, 50, undefined, 50, 30].map((estimatedMs, i) => {
      const made = step(String(i), { server: 'alpha', tool: 'echo', arguments: { message: String(i) } });
      if (estimatedMs !== undefined) made.estimatedMs = estimatedMs;
      return made;
    });
    steps.push(step('5', { server: 'alpha', tool: 'echo', arguments: { message: 5 } }));
    const { flat, way } = await bothWays({ steps, options: { maxConcurrency: 1 } });
    expect(flat).toBe(true);
    const started = way.events.flatMap((event) => (event.type === 'started' ? [event.id] : []));
    // The invalid call first (it fails at once), then 50, 50 (input order), 30, 10, and the call without an estimate (1).
    expect(started).toEqual(['5', '1', '3', '4', '0', '2']);
  });

  it('starts calls by learned duration when they have no estimate', async () => {
    const steps = [step('0', { server: 'capped', tool: 'echo', arguments: { message: 'a' } }), step('1', { server: 'alpha', tool: 'echo', arguments: { message: 'b' } })];
    const { flat, way } = await bothWays({ steps, options: { maxConcurrency: 1 }, learned: [['alpha/echo', { mean: 40, count: 3 }], ['capped/echo', { mean: 5, count: 3 }]] });
    expect(flat).toBe(true);
    expect(way.events.flatMap((event) => (event.type === 'started' ? [event.id] : []))).toEqual(['1', '0']);
  });

  it('runs one call to a capped server (which the one-step path leaves) the same way', async () => {
    const { flat, way } = await bothWays({ steps: [step('0', { server: 'capped', tool: 'echo', arguments: { message: 'x' } })] });
    expect(flat).toBe(true);
    expect(way.result.records[0]!.status).toBe('ok');
  });

  it('cancels calls in flight and calls not started', async () => {
    const steps = Array.from({ length: 6 }, (_, i) => step(String(i), { server: 'alpha', tool: i === 0 ? 'echo' : 'hang', arguments: i === 0 ? { message: 'x' } : {} }));
    const { flat, way } = await bothWays({ steps, options: { maxConcurrency: 3 }, cancelAfter: { finished: 1, later: true } });
    expect(flat).toBe(true);
    expect(way.result.records.map((record) => record.reason ?? record.status)).toEqual(['ok', 'the run was cancelled', 'the run was cancelled', 'the run was cancelled', 'not started: the run was cancelled', 'not started: the run was cancelled']);
    expect(way.result.records[1]).toMatchObject({ status: 'cancelled', attempts: 1, error: { code: 'cancelled', message: 'stopped in flight: the run was cancelled' } });
    expect(way.result.records[5]).toEqual({ id: '5', status: 'cancelled', attempts: 0, error: { code: 'cancelled', message: 'not started: the run was cancelled' }, reason: 'not started: the run was cancelled' });
  });

  it('cancels a batch whose signal aborted before it started', async () => {
    const steps = [step('0', { server: 'alpha', tool: 'echo', arguments: { message: 'x' } }), step('1', { server: 'capped', tool: 'echo', arguments: { message: 'y' } })];
    const { flat, way } = await bothWays({ steps, cancelBefore: true });
    expect(flat).toBe(true);
    expect(way.events.map((event) => event.type)).toEqual(['finished', 'finished']);
    expect(way.result.records[0]!.reason).toBe('not started: the run was cancelled before it started');
  });

  it('keeps the late answer of a timed-out call', async () => {
    const steps = [step('0', { server: 'alpha', tool: 'slow', arguments: { ms: 40 }, timeoutMs: 10 }), step('1', { server: 'alpha', tool: 'echo', arguments: { message: 'x' } })];
    const { flat, way } = await bothWays({ steps, options: { maxConcurrency: 2 } });
    expect(flat).toBe(true);
    // cancelGraceMs is 20: the slow answer (40 ms) comes after it; the timeout is reported either way.
    expect(way.result.records[0]).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
  });

  it('keeps both caps: the run\'s and the capped server\'s, from overlapping intervals', async () => {
    const since = performance.now();
    const inTest = (intervals: Array<{ start: number; end: number }>) => intervals.filter((interval) => interval.start >= since);
    const steps = Array.from({ length: 12 }, (_, i) => step(String(i), { server: i % 3 === 0 ? 'alpha' : 'capped', tool: 'slow', arguments: { ms: 15 } }));
    const calls = vi.mocked(flatBatch.runFlatBatch).mock.calls.length;
    const known = await resolveKnownTools(pool, steps);
    const result = await runSteps(pool, steps, known, { maxConcurrency: 3, failureMode: 'partial_completion', defaultTimeoutMs: 5_000 });
    expect(vi.mocked(flatBatch.runFlatBatch).mock.calls.length).toBe(calls + 1);
    expect(result.records.every((record) => record.status === 'ok')).toBe(true);
    expect(inTest(capped.intervals)).toHaveLength(8);
    expect(maxOverlap(inTest(capped.intervals))).toBe(2);
    expect(maxOverlap([...inTest(capped.intervals), ...inTest(alpha.intervals)])).toBe(3);
  });

  const scheduled: Array<[string, RunnableStep[], Partial<RunStepsOptions>]> = [
    ['retries', [step('0', { server: 'alpha', tool: 'fails', retries: 1 }), step('1', { server: 'alpha', tool: 'fails' })], {}],
    ['retries from the caller', [step('0', { server: 'alpha', tool: 'fails' }), step('1', { server: 'alpha', tool: 'fails' })], { retries: 1 }],
    ['fail_fast', [step('0', { server: 'alpha', tool: 'fails' }), step('1', { server: 'alpha', tool: 'echo', arguments: { message: 'x' } })], { failureMode: 'fail_fast' }],
    ['a run timeout', [step('0', { server: 'alpha', tool: 'fails' }), step('1', { server: 'alpha', tool: 'fails' })], { timeoutMs: 1000 }],
    ['a rate limit', [step('0', { server: 'alpha', tool: 'fails' }), step('1', { server: 'alpha', tool: 'fails' })], { maxCallsPerSecond: 100 }],
    ['a reference', [step('0', { server: 'alpha', tool: 'echo', arguments: { message: 'x' } }), step('1', { server: 'alpha', tool: 'echo', arguments: { message: '{{0}}' } })], {}],
    ['dependencies', [step('0', { server: 'alpha', tool: 'echo', arguments: { message: 'x' } }), step('1', { server: 'alpha', tool: 'fails', dependsOn: ['0'] })], {}],
  ];
  for (const [name, steps, options] of scheduled) {
    it(`leaves a batch with ${name} to the scheduler`, async () => {
      const { flat } = await bothWays({ steps, options });
      expect(flat).toBe(false);
    });
  }
});
