/**
 * Whether a run is a flat batch (flat-batch.ts runs it without the scheduler): every step a
 * plain tool call with one attempt — no dependencies, retries, references, run timeout, rate
 * limit or fail_fast, no task calls, every tool resolved up front or failing with an error no
 * retry could change.
 */
import { RETRYABLE_ERROR_CODES } from '../engine/outcome.js';
import { isKindStep } from './kinds/step-kind.js';
import { callsAsTask } from './one-tool-step.js';
import type { AnyStep, Resolution, RunnableStep, RunStepsOptions } from './run-steps.js';
import { isResolved, mayHoldReferences } from './step-checks.js';

/**
 * Whether the steps are a flat batch, as the scheduler would see them:
 * every step a plain tool call with one attempt.
 */
export function isFlatBatch(steps: readonly AnyStep[], known: ReadonlyArray<Resolution | undefined>, options: RunStepsOptions): steps is readonly RunnableStep[] {
  if (options.failureMode === 'fail_fast' || options.timeoutMs !== undefined || options.maxCallsPerSecond !== undefined) return false;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (isKindStep(step) || step.reuse || step.dependsOn.length > 0) return false;
    const retries = step.retries ?? options.retries ?? options.defaultRetries;
    if (retries !== undefined && retries > 0) return false;
    const resolution = known[i];
    if (resolution === undefined) return false;
    if (isResolved(resolution)) {
      if (callsAsTask(resolution.definition, step.asTask)) return false;
    } else if (RETRYABLE_ERROR_CODES.has(resolution.code)) {
      return false;
    }
    if (mayHoldReferences(step.arguments)) return false;
  }
  return true;
}

