/**
 * A run of one step that needs one attempt (execution/one-tool-step.ts) answers what the
 * scheduler answers for it: each case runs the same step through runSteps (which takes the
 * one-attempt path) and through scheduleSteps (the scheduler, which runSteps bypasses), on the
 * same real pool, and compares records, events, resolutions and learned durations as JSON
 * text (key order included), times replaced by "T" (their presence is compared). Each case
 * runs with the run's signal an AbortController's and a RunStop's (runs/run-stop.ts, what a
 * one-call request's run gets): the same answers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import type { SchedulerEvent } from '../../src/engine/scheduler.js';
import { silentLogger } from '../../src/log.js';
import * as oneToolStep from '../../src/execution/one-tool-step.js';
import { resolveKnownTools, runSteps, scheduleSteps, type RunnableStep, type RunStepsOptions, type RunStepsResult } from '../../src/execution/run-steps.js';
import { RunStop } from '../../src/runs/run-stop.js';
import { serverConfig, toolServer, type Downstream } from '../downstream/in-memory-servers.js';

vi.mock('../../src/execution/one-tool-step.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/execution/one-tool-step.js')>();
  return { ...original, runOneToolStep: vi.fn(original.runOneToolStep) };
});

const TIMES = new Set(['started_ms', 'ended_ms', 'duration_ms', 'at_ms', 'makespan_ms', 'after_ms']);

/** Times as "T"; wait_ms left out (it is there when sending took 1 ms or more, which load decides). */
function normalized(value: unknown): string {
  return JSON.stringify(value, (key, field: unknown) => (key === 'wait_ms' ? undefined : TIMES.has(key) && typeof field === 'number' ? 'T' : field));
}

let pool: DownstreamPool;
/** What makes the run's signal in runWay. */
let makeStop: () => AbortController | RunStop = () => new AbortController();
let alpha: Downstream;

beforeEach(async () => {
  alpha = toolServer();
  const beta = toolServer();
  pool = new DownstreamPool([serverConfig('alpha', { cancelGraceMs: 20 }), serverConfig('capped', { maxConcurrency: 2 })], {
    log: silentLogger,
    transportFactory: (server) => (server.name === 'alpha' ? alpha : beta).transport(),
  });
  await pool.startAll();
  vi.mocked(oneToolStep.runOneToolStep).mockClear();
});

afterEach(async () => {
  await pool.close();
});

interface Way {
  result: RunStepsResult;
  events: SchedulerEvent[];
  durations: DurationStats;
}

async function runWay(
  run: typeof runSteps,
  step: RunnableStep,
  options: Partial<RunStepsOptions> = {},
  signal?: (controller: AbortController | RunStop) => void,
): Promise<Way> {
  const events: SchedulerEvent[] = [];
  const durations = new DurationStats();
  const controller = makeStop();
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  const known = await resolveKnownTools(pool, [step]);
  const running = run(pool, [{ ...step }], known, {
    maxConcurrency: 16,
    failureMode: 'partial_completion',
    defaultTimeoutMs: 5_000,
    durations,
    onEvent: (event) => events.push(event),
    ...options,
    signal: controller.signal,
  });
  signal?.(controller);
  return { result: await running, events, durations };
}

/** Runs `step` both ways; returns whether runSteps took the one-attempt path. */
async function bothWays(step: RunnableStep, options: Partial<RunStepsOptions> = {}, signal?: (controller: AbortController | RunStop) => void): Promise<{ express: boolean; one: Way }> {
  const calls = vi.mocked(oneToolStep.runOneToolStep).mock.calls.length;
  const one = await runWay(runSteps, step, options, signal);
  const express = vi.mocked(oneToolStep.runOneToolStep).mock.calls.length > calls;
  const scheduled = await runWay(scheduleSteps, step, options, signal);
  expect(normalized(one.result)).toBe(normalized(scheduled.result));
  expect(normalized(one.events)).toBe(normalized(scheduled.events));
  const key = `${step.server ?? 'alpha'}/${step.tool.replace(/^alpha__/, '')}`;
  expect(one.durations.estimate(key) === undefined).toBe(scheduled.durations.estimate(key) === undefined);
  return { express, one };
}

const step = (fields: Partial<RunnableStep> & { tool: string }): RunnableStep => ({ id: 's', dependsOn: [], ...fields });

describe.each([
  ['an AbortController', () => new AbortController()],
  ['a RunStop', () => new RunStop()],
] as const)('one step, one attempt: the same answer as the scheduler, the run signal %s', (_kind, stop) => {
  beforeEach(() => {
    makeStop = stop;
  });
  afterEach(() => {
    makeStop = () => new AbortController();
  });
  const cases: Array<[string, RunnableStep, string]> = [
    ['an echo', step({ server: 'alpha', tool: 'echo', arguments: { message: 'hi' } }), 'ok'],
    ['a server__tool name', step({ tool: 'alpha__echo', arguments: { message: 'hi' } }), 'ok'],
    ['a tool error (isError)', step({ server: 'alpha', tool: 'fails' }), 'tool_error'],
    ['a tool that throws', step({ server: 'alpha', tool: 'throws' }), 'tool_error'],
    ['an unknown tool', step({ server: 'alpha', tool: 'nope' }), 'unknown_tool'],
    ['an unknown server', step({ server: 'gamma', tool: 'echo' }), 'unknown_server'],
    ['an unknown bare tool', step({ tool: 'nope' }), 'unknown_tool'],
    ['invalid arguments', step({ server: 'alpha', tool: 'echo', arguments: { message: 5 } }), 'invalid_arguments'],
    ['a timeout', step({ server: 'alpha', tool: 'hang', timeoutMs: 30 }), 'timeout'],
    ['progress resets', step({ server: 'alpha', tool: 'echo', arguments: { message: 'p' }, resetTimeoutOnProgress: true, maxTotalTimeoutMs: 1000 }), 'ok'],
  ];
  for (const [name, one, code] of cases) {
    it(name, async () => {
      const { express, one: way } = await bothWays(one);
      expect(express).toBe(true);
      const record = way.result.records[0]!;
      expect(record.status === 'ok' ? 'ok' : record.error?.code).toBe(code);
    });
  }

  it('a call cancelled in flight', async () => {
    const { express, one } = await bothWays(step({ server: 'alpha', tool: 'hang' }), {}, (controller) => setTimeout(() => controller.abort(new Error('stop')), 20));
    expect(express).toBe(true);
    expect(one.result.records[0]).toMatchObject({ status: 'cancelled', error: { code: 'cancelled', message: 'stopped in flight: the run was cancelled' }, reason: 'the run was cancelled' });
  });

  it('a run cancelled before it started', async () => {
    const { express, one } = await bothWays(step({ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }), { signal: AbortSignal.abort(new Error('stop')) });
    expect(express).toBe(true);
    expect(one.result.records[0]).toMatchObject({ status: 'cancelled', attempts: 0, reason: 'not started: the run was cancelled before it started' });
    expect(one.events.map((event) => event.type)).toEqual(['finished']);
  });

  it('a call cancelled as soon as it started', async () => {
    const { express, one } = await bothWays(step({ server: 'alpha', tool: 'hang' }), {}, (controller) => controller.abort(new Error('stop')));
    expect(express).toBe(true);
    expect(one.result.records[0]).toMatchObject({ status: 'cancelled', attempts: 1 });
  });

  it('learns the duration of a call that succeeded', async () => {
    const { one } = await bothWays(step({ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }));
    expect(one.durations.estimate('alpha/echo')).toBeGreaterThanOrEqual(0);
  });

  const scheduled: Array<[string, RunnableStep, Partial<RunStepsOptions>]> = [
    ['retries', step({ server: 'alpha', tool: 'fails', retries: 1 }), {}],
    ['retries from the caller', step({ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }), { retries: 2 }],
    ['fail_fast', step({ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }), { failureMode: 'fail_fast' }],
    ['a run timeout', step({ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }), { timeoutMs: 1000 }],
    ['a rate limit', step({ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }), { maxCallsPerSecond: 100 }],
    ['a capped server', step({ server: 'capped', tool: 'echo', arguments: { message: 'x' } }), {}],
    ['a reference in its arguments', step({ server: 'alpha', tool: 'echo', arguments: { message: '{{x}}' } }), {}],
    ['dependencies', step({ server: 'alpha', tool: 'echo', arguments: { message: 'x' }, dependsOn: ['x'] }), {}],
  ];
  for (const [name, one, options] of scheduled) {
    it(`leaves a step with ${name} to the scheduler`, async () => {
      const { express } = await bothWays(one, options);
      expect(express).toBe(false);
    });
  }

  it('leaves a step whose server has not started yet to the scheduler', async () => {
    await pool.close();
    pool = new DownstreamPool([serverConfig('later')], { log: silentLogger, transportFactory: () => toolServer().transport() });
    // (Not both ways: the first run starts the server, so only it waits.)
    const one = await runWay(runSteps, step({ server: 'later', tool: 'echo', arguments: { message: 'x' } }));
    expect(vi.mocked(oneToolStep.runOneToolStep)).not.toHaveBeenCalled();
    expect(one.result.records[0]!.status).toBe('ok');
  });
});
