/**
 * call_tools_parallel of one tool call (issue 13: the one-call request, the commonest there
 * is): what runCallTools (call-tools-parallel.ts) does for it, without its layers. The call is
 * resolved as resolveKnownTools resolves a single step; when runSteps would run it as one
 * attempt (execution/run-steps.ts oneAttemptStepOf), the attempt runs here directly
 * (startOneToolStep) and the answer is made from its record in the same turn — no promise per
 * layer, no records or resolutions arrays, no copy of the deps. Anything else (a capped
 * server, a server not ready, retries, fail_fast, references, a task tool) goes through
 * runSteps as before. Same step, options, record, result and summary (call-records.ts):
 * test/tools/one-call.test.ts compares the answers of both ways.
 */
import type { DownstreamPool } from '../downstream/pool.js';
import type { LateAnswer } from '../engine/outcome.js';
import type { StepRecord } from '../engine/scheduler.js';
import { startOneToolStep, type OneToolStepOptions } from '../execution/one-tool-step.js';
import { oneAttemptStepOf, runSteps, type Resolution, type RunnableStep } from '../execution/run-steps.js';
import type { ServerDeps } from '../server/deps.js';
import type { Call, CallInput, CallResult, CallSummary, CallToolsParallelOptions } from './call-tools-parallel.js';
import { callResultOf, callStepsOptions, summaryOf, toolStepOf } from './call-records.js';

/** The input's one call, when it is one tool call without a prompt; else undefined. */
export function oneToolCallOf(input: CallInput): (Call & { tool: string }) | undefined {
  if (input.calls.length !== 1) return undefined;
  const call = input.calls[0]!;
  return call.tool !== undefined && call.prompt === undefined ? (call as Call & { tool: string }) : undefined;
}

/**
 * runCallTools for an input of one tool call (oneToolCallOf): `finish` is given its result and
 * summary. Not async: a tool known now (pool.resolveReadyNow) is called in this turn.
 */
export function runOneCall<T>(
  deps: ServerDeps,
  /** The pool the run calls through (deps.pool, or the run's view of it). */
  pool: DownstreamPool,
  input: CallInput,
  call: Call & { tool: string },
  options: CallToolsParallelOptions,
  finish: (results: CallResult[], summary: CallSummary) => T,
): Promise<T> {
  const step = toolStepOf(call, call.tool, 0, input.timeout_ms);
  // resolveKnownTools for one step: what ready servers can tell.
  const now = pool.resolveReadyNow(step.server, step.tool);
  if (now === undefined) return pool.resolveIfReady(step.server, step.tool).then((resolution) => runResolved(deps, pool, input, call, step, resolution, options, finish));
  try {
    return runResolved(deps, pool, input, call, step, now, options, finish);
  } catch (error) {
    return Promise.reject(error);
  }
}

function runResolved<T>(
  deps: ServerDeps,
  pool: DownstreamPool,
  input: CallInput,
  call: Call,
  step: RunnableStep,
  resolution: Resolution | undefined,
  options: CallToolsParallelOptions,
  finish: (results: CallResult[], summary: CallSummary) => T,
): Promise<T> {
  const stepOptions = callStepsOptions(deps, input, options, 1);
  const one = oneAttemptStepOf(pool, step, resolution, stepOptions);
  if (!one) {
    return runSteps(pool, [step], [resolution], stepOptions).then(({ records, makespan_ms, resolutions }) => finishOne(call, records[0]!, makespan_ms, resolutions[0], finish));
  }
  return new Promise<T>((resolve, reject) => {
    // runOneAttempt's late answer: kept while the run goes on, put on a record that is not ok.
    let running = true;
    let late: LateAnswer | undefined;
    const oneOptions: OneToolStepOptions = {
      onLateAnswer: (answer) => {
        if (running) late = answer;
      },
    };
    if (stepOptions.signal !== undefined) oneOptions.signal = stepOptions.signal;
    if (stepOptions.durations !== undefined) oneOptions.durations = stepOptions.durations;
    if (stepOptions.onEvent !== undefined) oneOptions.onEvent = stepOptions.onEvent;
    startOneToolStep(pool, one, oneOptions, (record, makespanMs) => {
      running = false;
      if (late && record.status !== 'ok') record.late = late;
      try {
        resolve(finishOne(call, record, makespanMs, resolution, finish));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function finishOne<T>(call: Call, record: StepRecord, makespanMs: number, resolution: Resolution | undefined, finish: (results: CallResult[], summary: CallSummary) => T): T {
  const results = [callResultOf(call, 0, record, resolution, NO_USAGE)];
  return finish(results, summaryOf(results, [record], makespanMs));
}

/** Tool calls use no model: read only. */
const NO_USAGE = new Map<string, never>();
