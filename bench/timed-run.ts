/**
 * Runs one timed DAG with one executor on real timers and measures it: makespan, each
 * step's actual start/end, and the lower bound computed from the *actual* step durations
 * (so timer overshoot, which every executor suffers alike, is not charged to the schedule;
 * dispatch delays between a dependency's end and its dependent's start are).
 */

import { criticalPath, depsOf, makespanLowerBound } from '../src/engine/graph.js';
import { runSchedule, type ScheduledStep } from '../src/engine/scheduler.js';
import { runBarrier } from './barrier-executor.js';
import { runFifo, type RunStep } from './fifo-executor.js';
import type { TimedDag } from './random-dag.js';
import { sum } from './stats.js';

export const EXECUTORS = ['ours', 'ours_unknown_durations', 'fifo', 'barrier'] as const;
export type ExecutorName = (typeof EXECUTORS)[number];

export const EXECUTOR_LABELS: Record<ExecutorName, string> = {
  ours: 'parallel-mcp (estimates known)',
  ours_unknown_durations: 'parallel-mcp (no estimates)',
  fifo: 'FIFO eager, no priorities',
  barrier: 'level barriers (LPT in level)',
};

export interface RunMeasure {
  makespan_ms: number;
  lower_bound_ms: number;
  /** makespan / lower bound (>= 1 up to clock noise). */
  ratio: number;
  /** Steps that started before one of their dependencies ended (must be 0). */
  precedence_violations: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function executeWith(name: ExecutorName, dag: TimedDag, k: number, runStep: RunStep): Promise<unknown> {
  const { graph, durations } = dag;
  switch (name) {
    case 'ours':
    case 'ours_unknown_durations': {
      const steps: ScheduledStep[] = graph.ids.map((id) => ({
        id,
        dependsOn: depsOf(graph, id),
        durationKey: 'latency__wait',
        ...(name === 'ours' ? { estimatedMs: durations.get(id)! } : {}),
      }));
      return runSchedule({
        steps,
        // Unlimited is passed as "as many slots as steps", which no cap can tell apart.
        maxConcurrency: k === Infinity ? Math.max(1, graph.ids.length) : k,
        execute: async (step) => {
          await runStep(step.id);
          return { ok: true, result: { content: [] } };
        },
      });
    }
    case 'fifo':
      return runFifo({ graph, runStep, maxConcurrency: k });
    case 'barrier':
      return runBarrier({ graph, runStep, maxConcurrency: k, durations });
  }
}

export function timedRun(name: ExecutorName, dag: TimedDag, k: number): Promise<RunMeasure> {
  return measuredRun(dag, k, (runStep) => executeWith(name, dag, k, runStep));
}

/** Runs `run` (which must run every step of `dag` through `runStep`) and measures it. */
export async function measuredRun(dag: TimedDag, k: number, run: (runStep: RunStep) => Promise<unknown>, label = 'executor'): Promise<RunMeasure> {
  const started = new Map<string, number>();
  const ended = new Map<string, number>();
  const runStep: RunStep = async (id) => {
    started.set(id, performance.now());
    await sleep(dag.durations.get(id)!);
    ended.set(id, performance.now());
  };
  const t0 = performance.now();
  await run(runStep);
  const makespan = performance.now() - t0;

  const { graph } = dag;
  let violations = 0;
  for (const id of graph.ids) {
    const start = started.get(id);
    if (start === undefined || !ended.has(id)) throw new Error(`${label} never ran step ${id}`);
    for (const dep of depsOf(graph, id)) if (!(ended.get(dep)! <= start)) violations++;
  }
  const actual = (id: string) => ended.get(id)! - started.get(id)!;
  const cp = criticalPath(graph, actual).ms;
  const lowerBound = makespanLowerBound(cp, sum(graph.ids.map(actual)), k);
  return { makespan_ms: makespan, lower_bound_ms: lowerBound, ratio: makespan / lowerBound, precedence_violations: violations };
}
