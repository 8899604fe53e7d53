/**
 * Section 2 — scheduling efficiency. Random DAGs per cell (n steps x max_concurrency k),
 * each run by parallel-mcp's scheduler (with and without duration estimates), FIFO eager
 * dispatch and level barriers, on real timers with the same durations. The executors of one
 * DAG run side by side (same moment, same machine noise); a few DAGs run at once.
 * Plus the hand-made worst cases from the run_plan issue.
 */

import type { DependencyGraph } from '../src/engine/graph.js';
import type { Table } from './markdown.js';
import { createRandom, randomDag, type TimedDag } from './random-dag.js';
import { fmt, mean, median, percentile, round } from './stats.js';
import { EXECUTOR_LABELS, EXECUTORS, timedRun, type ExecutorName, type RunMeasure } from './timed-run.js';
import { WORST_CASES, type WorstCase } from './worst-cases.js';

export interface SchedulingOptions {
  sizes: number[];
  concurrencies: number[];
  dagsPerCell: number;
  /** DAGs run at the same time (each with all executors side by side). */
  group: number;
  seed: number;
  worstCaseRepeats: number;
}

export interface CellResult {
  n: number;
  k: number | 'unlimited';
  dags: number;
  executors: Record<ExecutorName, { mean_ratio: number; p95_ratio: number; max_ratio: number }>;
  precedence_violations: number;
}

export interface WorstCaseResult {
  name: string;
  k: number | 'unlimited';
  unit_ms: number;
  optimum_units: number;
  /** Median makespan in units per executor. */
  executors: Record<ExecutorName, { makespan_units: number; ratio: number }>;
}

export interface SchedulingResult {
  options: SchedulingOptions;
  cells: CellResult[];
  worst_cases: WorstCaseResult[];
  wall_ms: number;
}

const kLabel = (k: number): number | 'unlimited' => (k === Infinity ? 'unlimited' : k);

async function runSideBySide(dag: TimedDag, k: number): Promise<Record<ExecutorName, RunMeasure>> {
  const measures = await Promise.all(EXECUTORS.map((name) => timedRun(name, dag, k)));
  return Object.fromEntries(EXECUTORS.map((name, i) => [name, measures[i]!])) as Record<ExecutorName, RunMeasure>;
}

async function runCell(n: number, k: number, options: SchedulingOptions): Promise<CellResult> {
  const random = createRandom(options.seed + n * 1000 + (k === Infinity ? 999 : k));
  const dags = Array.from({ length: options.dagsPerCell }, () => randomDag(n, random));
  const all: Array<Record<ExecutorName, RunMeasure>> = [];
  for (let i = 0; i < dags.length; i += options.group) {
    all.push(...(await Promise.all(dags.slice(i, i + options.group).map((dag) => runSideBySide(dag, k)))));
  }
  const executors = {} as CellResult['executors'];
  for (const name of EXECUTORS) {
    const ratios = all.map((m) => m[name].ratio);
    executors[name] = {
      mean_ratio: round(mean(ratios), 4),
      p95_ratio: round(percentile(ratios, 95), 4),
      max_ratio: round(Math.max(...ratios), 4),
    };
  }
  const violations = all.reduce((acc, m) => acc + EXECUTORS.reduce((a, name) => a + m[name].precedence_violations, 0), 0);
  return { n, k: kLabel(k), dags: dags.length, executors, precedence_violations: violations };
}

function worstCaseDag(wc: WorstCase, unitMs: number): TimedDag {
  const graph: DependencyGraph = {
    ids: wc.steps.map(([id]) => id),
    dependsOn: new Map(wc.steps.map(([id, , deps]) => [id, deps])),
  };
  return { graph, durations: new Map(wc.steps.map(([id, units]) => [id, units * unitMs])) };
}

async function runWorstCase(wc: WorstCase, unitMs: number, repeats: number): Promise<WorstCaseResult> {
  const dag = worstCaseDag(wc, unitMs);
  const runs: Array<Record<ExecutorName, RunMeasure>> = [];
  for (let r = 0; r < repeats; r++) runs.push(await runSideBySide(dag, wc.k));
  const executors = {} as WorstCaseResult['executors'];
  for (const name of EXECUTORS) {
    executors[name] = {
      makespan_units: round(median(runs.map((m) => m[name].makespan_ms)) / unitMs, 2),
      ratio: round(median(runs.map((m) => m[name].ratio)), 4),
    };
  }
  return { name: wc.name, k: kLabel(wc.k), unit_ms: unitMs, optimum_units: wc.optimumUnits, executors };
}

export async function benchScheduling(options: SchedulingOptions): Promise<SchedulingResult> {
  const t0 = performance.now();
  const cells: CellResult[] = [];
  for (const n of options.sizes) for (const k of options.concurrencies) cells.push(await runCell(n, k, options));
  const worst_cases: WorstCaseResult[] = [];
  for (const wc of WORST_CASES) worst_cases.push(await runWorstCase(wc, 40, options.worstCaseRepeats));
  return { options, cells, worst_cases, wall_ms: round(performance.now() - t0, 0) };
}

export function schedulingTables(result: SchedulingResult): Table[] {
  const headers = ['n', 'k', 'DAGs', ...EXECUTORS.map((name) => `${EXECUTOR_LABELS[name]}: mean / p95`)];
  const rows = result.cells.map((cell) => [
    String(cell.n),
    String(cell.k),
    String(cell.dags),
    ...EXECUTORS.map((name) => `${fmt(cell.executors[name].mean_ratio, 3)} / ${fmt(cell.executors[name].p95_ratio, 3)}`),
  ]);
  const worstHeaders = ['case', 'unit', 'optimum', ...EXECUTORS.map((name) => `${EXECUTOR_LABELS[name]} (units)`)];
  const worstRows = result.worst_cases.map((wc) => [
    wc.name,
    `${wc.unit_ms} ms`,
    String(wc.optimum_units),
    ...EXECUTORS.map((name) => fmt(wc.executors[name].makespan_units, 2)),
  ]);
  const violations = result.cells.reduce((a, c) => a + c.precedence_violations, 0);
  return [
    {
      title: '2. Scheduling efficiency — makespan / lower bound on random DAGs (1.000 is optimal)',
      headers,
      rows,
      notes: [
        `Lower bound = max(critical path, total work / k), from each run's actual step durations. ` +
          `Durations lognormal 5-200 ms; seed ${result.options.seed}; ${result.options.group} DAGs at a time, ` +
          `the four executors of a DAG side by side. Precedence violations: ${violations}. Section wall: ${result.wall_ms} ms.`,
      ],
    },
    {
      title: '2b. Hand-made worst cases (median makespan in units)',
      headers: worstHeaders,
      rows: worstRows,
    },
  ];
}
