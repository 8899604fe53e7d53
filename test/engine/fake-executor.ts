/**
 * Test helpers for the scheduler under vitest fake timers: a clock on the (faked) global
 * timers and an executor whose steps take a scripted time and end with a scripted outcome.
 */
import { vi } from 'vitest';
import type { CallError, CallOutcome } from '../../src/engine/outcome.js';
import {
  runSchedule,
  type Clock,
  type ExecuteContext,
  type ExecuteStep,
  type ScheduleResult,
  type ScheduledStep,
  type SchedulerOptions,
} from '../../src/engine/scheduler.js';

export const fakeClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Attempt {
  id: string;
  attempt: number;
  start: number;
  /** When the executor's promise settled (or the attempt was aborted). */
  end?: number;
  aborted?: boolean;
}

/** What attempt n of a step does: wait `ms` (Infinity: until aborted), then end with `error` or ok. */
export interface Script {
  ms: number;
  error?: CallError;
  /** Errors of the first attempts, before the final behaviour above. */
  failFirst?: CallError[];
  /** Throw instead of answering. */
  throws?: boolean;
}

export function scriptedExecutor(scripts: Record<string, Script>): { execute: ExecuteStep; attempts: Attempt[]; contexts: Map<string, ExecuteContext> } {
  const attempts: Attempt[] = [];
  const contexts = new Map<string, ExecuteContext>();
  const execute: ExecuteStep = (step: ScheduledStep, context: ExecuteContext) => {
    const script = scripts[step.id] ?? { ms: 1 };
    const entry: Attempt = { id: step.id, attempt: context.attempt, start: Date.now() };
    attempts.push(entry);
    contexts.set(step.id, context);
    if (script.throws) throw new Error(`boom in ${step.id}`);
    const early = script.failFirst?.[context.attempt - 1];
    return new Promise<CallOutcome>((resolve) => {
      const finish = (outcome: CallOutcome) => {
        entry.end = Date.now();
        resolve(outcome);
      };
      const timer = Number.isFinite(script.ms)
        ? setTimeout(() => {
            const error = early ?? script.error;
            finish(error ? { ok: false, error } : { ok: true, result: { structuredContent: { id: step.id } } });
          }, script.ms)
        : undefined;
      context.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        entry.aborted = true;
        finish({ ok: false, error: { code: 'cancelled', message: 'aborted' } });
      });
    });
  };
  return { execute, attempts, contexts };
}

/** Runs a schedule to the end under fake timers. */
export async function runToEnd(options: Omit<SchedulerOptions, 'clock'>): Promise<ScheduleResult> {
  const promise = runSchedule({ clock: fakeClock, ...options });
  await vi.runAllTimersAsync();
  return promise;
}

export function steps(spec: Record<string, string[]>, extra: Partial<ScheduledStep> = {}): ScheduledStep[] {
  return Object.entries(spec).map(([id, dependsOn]) => ({ id, dependsOn, ...extra }));
}

/** The most attempts in flight at once among those matching `filter`. */
export function maxOverlap(attempts: readonly Attempt[], filter: (a: Attempt) => boolean = () => true): number {
  const events: Array<[number, number]> = [];
  for (const a of attempts.filter(filter)) events.push([a.start, 1], [a.end ?? Infinity, -1]);
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let now = 0;
  let max = 0;
  for (const [, delta] of events) max = Math.max(max, (now += delta));
  return max;
}
