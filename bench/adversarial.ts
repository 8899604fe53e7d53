/**
 * Scheduling without estimates (issue 13): three DAGs built to mislead a scheduler that
 * ranks by step counts, each run by parallel-mcp's scheduler on a first run (nothing
 * learned), a second run (durations learned on the first, per call shape), with estimates
 * given, and by FIFO eager dispatch. Every step is one call of the same tool `latency/wait`
 * whose argument `ms` decides its duration, so only the call shape (tool + arguments, keyed
 * by the real execution/duration-keys.ts) can tell the steps apart. Real timers; the ratio
 * is makespan / lower bound from the steps' actual durations (bench/timed-run.ts).
 */

import { depsOf, type DependencyGraph } from '../src/engine/graph.js';
import { DurationStats } from '../src/engine/duration-stats.js';
import { runSchedule, type ScheduledStep } from '../src/engine/scheduler.js';
import { callShapeKey, toolDurationKey } from '../src/execution/duration-keys.js';
import { runFifo } from './fifo-executor.js';
import type { Table } from './markdown.js';
import { createRandom, type TimedDag } from './random-dag.js';
import { fmt, median } from './stats.js';
import { measuredRun, type RunMeasure } from './timed-run.js';

export const ADVERSARIAL_RUNS = ['first_run', 'second_run', 'estimates_known', 'fifo'] as const;
export type AdversarialRun = (typeof ADVERSARIAL_RUNS)[number];

const RUN_LABELS: Record<AdversarialRun, string> = {
  first_run: 'parallel-mcp, first run (nothing learned)',
  second_run: 'parallel-mcp, second run (learned)',
  estimates_known: 'parallel-mcp, estimates given',
  fifo: 'FIFO eager',
};

export interface AdversarialCase {
  name: string;
  k: number;
  dag: TimedDag;
}

export interface AdversarialResult {
  name: string;
  k: number;
  steps: number;
  repeats: number;
  /** min / median / max of makespan / lower bound over the repeats. */
  ratios: Record<AdversarialRun, { min: number; median: number; max: number }>;
  precedence_violations: number;
}

function dagOf(entries: Array<[string, number, string[]]>): TimedDag {
  const ids = entries.map(([id]) => id);
  const dependsOn = new Map(entries.map(([id, , deps]) => [id, deps]));
  return { graph: { ids, dependsOn } as DependencyGraph, durations: new Map(entries.map(([id, ms]) => [id, ms])) };
}

/**
 * A chain of five 80 ms steps listed after eight six-step chains of 10 ms; k = 2. Ranked by
 * step counts the short chains (6) beat the long one (5), which then starts last.
 */
function hiddenChain(): AdversarialCase {
  const entries: Array<[string, number, string[]]> = [];
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 6; j++) entries.push([`c${i}_${j}`, 10, j === 0 ? [] : [`c${i}_${j - 1}`]]);
  }
  for (let j = 0; j < 5; j++) entries.push([`long${j}`, 80, j === 0 ? [] : [`long${j - 1}`]]);
  return { name: 'long chain hidden among short chains with more steps, k=2', k: 2, dag: dagOf(entries) };
}

/** Twenty 20 ms leaves and one 200 ms leaf listed last, all feeding one join; k = 4. */
function fanIn(): AdversarialCase {
  const leaves: Array<[string, number, string[]]> = Array.from({ length: 20 }, (_, i) => [`leaf${i}`, 20, []]);
  leaves.push(['long', 200, []]);
  return { name: 'wide fan-in whose long leaf is listed last, k=4', k: 4, dag: dagOf([...leaves, ['join', 10, leaves.map(([id]) => id)]]) };
}

/** 60 steps with skewed lognormal durations (median ~14 ms, tail to 400 ms), random edges; k = 4. */
function lognormalMix(seed: number): AdversarialCase {
  const random = createRandom(seed);
  const entries: Array<[string, number, string[]]> = [];
  for (let i = 0; i < 60; i++) {
    const u1 = Math.max(random(), Number.EPSILON);
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
    const ms = Math.round(Math.min(400, Math.max(3, Math.exp(Math.log(14) + 1.3 * normal))));
    const deps = new Set<string>();
    if (i > 0 && random() < 0.6) deps.add(`s${Math.max(0, i - 1 - Math.floor(random() * 8))}`);
    entries.push([`s${i}`, ms, [...deps]]);
  }
  return { name: 'skewed lognormal mix, 60 steps, k=4', k: 4, dag: dagOf(entries) };
}

export function adversarialCases(seed: number): AdversarialCase[] {
  return [hiddenChain(), fanIn(), lognormalMix(seed)];
}

const TOOL_KEY = toolDurationKey('latency', 'wait');

function scheduledSteps(dag: TimedDag, withEstimates: boolean): ScheduledStep[] {
  return dag.graph.ids.map((id) => ({
    id,
    dependsOn: depsOf(dag.graph, id),
    durationKey: TOOL_KEY,
    durationDetailKey: callShapeKey(TOOL_KEY, { ms: dag.durations.get(id)! }),
    ...(withEstimates ? { estimatedMs: dag.durations.get(id)! } : {}),
  }));
}

function runOurs(dag: TimedDag, k: number, durations: DurationStats, withEstimates: boolean): Promise<RunMeasure> {
  return measuredRun(dag, k, (runStep) =>
    runSchedule({
      steps: scheduledSteps(dag, withEstimates),
      maxConcurrency: k,
      durations,
      execute: async (step) => {
        await runStep(step.id);
        return { ok: true, result: { content: [] } };
      },
    }),
  'parallel-mcp');
}

export async function benchAdversarial(options: { repeats: number; seed: number }): Promise<AdversarialResult[]> {
  const results: AdversarialResult[] = [];
  for (const c of adversarialCases(options.seed)) {
    const samples: Record<AdversarialRun, number[]> = { first_run: [], second_run: [], estimates_known: [], fifo: [] };
    let violations = 0;
    for (let r = 0; r < options.repeats; r++) {
      // A fresh session each repeat: the first run learns, the second uses what it learned.
      const durations = new DurationStats();
      const first = await runOurs(c.dag, c.k, durations, false);
      const [second, known, fifo] = await Promise.all([
        runOurs(c.dag, c.k, durations, false),
        runOurs(c.dag, c.k, new DurationStats(), true),
        measuredRun(c.dag, c.k, (runStep) => runFifo({ graph: c.dag.graph, runStep, maxConcurrency: c.k }), 'fifo'),
      ]);
      const measures: Record<AdversarialRun, RunMeasure> = { first_run: first, second_run: second, estimates_known: known, fifo };
      for (const run of ADVERSARIAL_RUNS) {
        samples[run].push(measures[run].ratio);
        violations += measures[run].precedence_violations;
      }
    }
    const ratios = Object.fromEntries(
      ADVERSARIAL_RUNS.map((run) => [run, { min: Math.min(...samples[run]), median: median(samples[run]), max: Math.max(...samples[run]) }]),
    ) as AdversarialResult['ratios'];
    results.push({ name: c.name, k: c.k, steps: c.dag.graph.ids.length, repeats: options.repeats, ratios, precedence_violations: violations });
  }
  return results;
}

export function adversarialTable(results: AdversarialResult[]): Table {
  return {
    title: 'Scheduling without estimates: adversarial DAGs (makespan / lower bound, min / median / max)',
    headers: ['case', 'steps', 'repeats', ...ADVERSARIAL_RUNS.map((run) => RUN_LABELS[run]), 'precedence violations'],
    rows: results.map((r) => [
      r.name,
      String(r.steps),
      String(r.repeats),
      ...ADVERSARIAL_RUNS.map((run) => `${fmt(r.ratios[run].min, 3)} / ${fmt(r.ratios[run].median, 3)} / ${fmt(r.ratios[run].max, 3)}`),
      String(r.precedence_violations),
    ]),
    notes: [
      'Each repeat is a fresh session: the first run has learned nothing, the second uses the durations the first learned ' +
      '(per call shape: tool + argument digest). The second run, estimates-given and FIFO runs of a repeat run side by side. ' +
      'Lower bound = max(critical path, total work / k) from the actual step durations.',
    ],
  };
}
