/**
 * Section 3 — scale. (a) One call_tools_parallel of 10,000 echo calls to server-everything
 * with max_concurrency 256 through the parallel-mcp CLI: wall time, calls/s, peak RSS of the
 * parallel-mcp process (VmHWM), every result in order. (b) Validation + heuristic
 * dependency analysis of a generated 10,000-step plan, in process: median time.
 */

import { heuristicEdges } from '../src/analysis/heuristic.js';
import type { AnalysisStep } from '../src/analysis/schema.js';
import { validatePlan } from '../src/engine/plan.js';
import type { Table } from './markdown.js';
import { EVERYTHING, echoesInOrder, openCli, parallelEcho, peakRssMb, writeConfig } from './mcp-session.js';
import { createRandom } from './random-dag.js';
import { fmt, median, round } from './stats.js';

export interface ScaleCallsResult {
  count: number;
  max_concurrency: number;
  wall_ms: number;
  calls_per_s: number;
  peak_rss_mb: number;
  all_in_order: boolean;
  failed: number;
}

export interface ScaleAnalysisResult {
  steps: number;
  edges_in_plan: number;
  heuristic_edges: number;
  repeats: number;
  validate_ms: number[];
  heuristic_ms: number[];
  validate_ms_median: number;
  heuristic_ms_median: number;
  total_ms_median: number;
  problems: number;
}

export interface ScaleResult {
  calls?: ScaleCallsResult;
  analysis?: ScaleAnalysisResult;
}

export async function benchScaleCalls(options: { cli: string; count: number; maxConcurrency: number }): Promise<ScaleCallsResult> {
  const session = await openCli(options.cli, writeConfig('scale', { everything: EVERYTHING }));
  try {
    await parallelEcho(session, 10, 10); // connect downstream first; spawn time is section 5's
    const t0 = performance.now();
    const { results } = await parallelEcho(session, options.count, options.maxConcurrency);
    const wall = performance.now() - t0;
    return {
      count: options.count,
      max_concurrency: options.maxConcurrency,
      wall_ms: round(wall, 1),
      calls_per_s: round(options.count / (wall / 1000), 0),
      peak_rss_mb: round(peakRssMb(session.pid), 1),
      all_in_order: echoesInOrder(results, options.count),
      failed: results.filter((r) => !r.ok).length,
    };
  } finally {
    await session.close();
  }
}

/**
 * A plan like a long agent plan: research steps, processing steps that name earlier steps,
 * tool steps whose arguments reference earlier results, explicit depends_on. Acyclic.
 */
export function generatePlan(n: number, seed: number): AnalysisStep[] {
  const random = createRandom(seed);
  const earlier = (i: number) => `step_${Math.max(0, i - 1 - Math.floor(random() * Math.min(i, 50)))}`;
  const steps: AnalysisStep[] = [];
  for (let i = 0; i < n; i++) {
    const id = `step_${i}`;
    const kind = i === 0 ? 0 : Math.floor(random() * 4);
    if (kind === 0) {
      steps.push({ id, title: `Research topic ${i}`, description: `Gather sources about topic ${i}`, step_type: 'research', server: 'everything', tool: 'echo', arguments: { message: `topic ${i}` } });
    } else if (kind === 1) {
      const ref = earlier(i);
      steps.push({ id, title: `Summarize ${ref}`, server: 'everything', tool: 'echo', arguments: { message: `{{${ref}}}` } });
    } else if (kind === 2) {
      const deps = [...new Set([earlier(i), earlier(i)])];
      steps.push({ id, title: `Compare results ${i}`, step_type: 'processing', server: 'everything', tool: 'echo', arguments: { message: `compare ${i}` }, depends_on: deps });
    } else {
      steps.push({ id, server: 'everything', tool: 'get-sum', arguments: { a: i, b: 1 } });
    }
  }
  return steps;
}

export function benchScaleAnalysis(options: { steps: number; repeats: number; seed: number }): ScaleAnalysisResult {
  const plan = generatePlan(options.steps, options.seed);
  const validateMs: number[] = [];
  const heuristicMs: number[] = [];
  const totals: number[] = [];
  let problems = 0;
  let edges = 0;
  for (let r = 0; r < options.repeats; r++) {
    const t0 = performance.now();
    const validation = validatePlan(plan);
    const t1 = performance.now();
    const analysis = heuristicEdges(plan);
    const t2 = performance.now();
    validateMs.push(t1 - t0);
    heuristicMs.push(t2 - t1);
    totals.push(t2 - t0);
    problems = countProblems(validation);
    edges = analysis.edges.length;
  }
  return {
    steps: options.steps,
    edges_in_plan: plan.reduce((a, s) => a + (s.depends_on?.length ?? 0), 0),
    heuristic_edges: edges,
    repeats: options.repeats,
    validate_ms: validateMs.map((v) => round(v, 1)),
    heuristic_ms: heuristicMs.map((v) => round(v, 1)),
    validate_ms_median: round(median(validateMs), 1),
    heuristic_ms_median: round(median(heuristicMs), 1),
    total_ms_median: round(median(totals), 1),
    problems,
  };
}

function countProblems(validation: unknown): number {
  const v = validation as { ok?: boolean; problems?: unknown[]; errors?: unknown[] } | unknown[] | undefined;
  if (Array.isArray(v)) return v.length;
  return v?.problems?.length ?? v?.errors?.length ?? 0;
}

export function scaleTables(result: ScaleResult): Table[] {
  const tables: Table[] = [];
  const c = result.calls;
  if (c) {
    tables.push({
      title: `3. Scale — one call_tools_parallel of ${c.count} echo calls, max_concurrency ${c.max_concurrency}`,
      headers: ['wall (ms)', 'calls/s', 'peak RSS of parallel-mcp (MB)', 'all ok, in order', 'failed'],
      rows: [[fmt(c.wall_ms, 1), fmt(c.calls_per_s, 0), fmt(c.peak_rss_mb, 1), c.all_in_order ? 'yes' : 'NO', String(c.failed)]],
    });
  }
  const a = result.analysis;
  if (a) {
    tables.push({
      title: `3b. Scale — validation + heuristic analysis of a ${a.steps}-step plan (median of ${a.repeats})`,
      headers: ['validate (ms)', 'heuristic analysis (ms)', 'total (ms)', 'explicit edges', 'heuristic edges', 'validation problems'],
      rows: [[fmt(a.validate_ms_median, 1), fmt(a.heuristic_ms_median, 1), fmt(a.total_ms_median, 1), String(a.edges_in_plan), String(a.heuristic_edges), String(a.problems)]],
    });
  }
  return tables;
}
