/**
 * Section 3 — scale. (a) One call_tools_parallel of 10,000 echo calls to server-everything
 * with max_concurrency 256 through the parallel-mcp CLI: wall time, calls/s, peak RSS of the
 * parallel-mcp process (VmHWM), every result in order. (b) Validation + heuristic
 * dependency analysis of generated plans (1,000 and 10,000 steps), timed in a child process.
 */

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AnalysisWorkerOutput } from './analysis-worker.js';
import type { Table } from './markdown.js';
import { EVERYTHING, echoesInOrder, openCli, parallelEcho, peakRssMb, repoRoot, writeConfig } from './mcp-session.js';
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
  explicit_edges?: number;
  heuristic_edges?: number;
  heuristic_warnings?: string[];
  validation_issues?: number;
  repeats: number;
  deadline_ms: number;
  /** True when the child was stopped at the deadline (no timings then). */
  timed_out: boolean;
  validate_ms: number[];
  heuristic_ms: number[];
  validate_ms_median: number;
  heuristic_ms_median: number;
  total_ms_median: number;
}

export interface ScaleResult {
  calls?: ScaleCallsResult;
  /** One entry per plan size; the issue's target is the 10,000-step one. */
  analysis?: ScaleAnalysisResult[];
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

/** Runs bench/analysis-worker.ts in a child process, stopped at the deadline. */
export async function benchScaleAnalysis(options: { steps: number; repeats: number; seed: number; deadlineMs: number }): Promise<ScaleAnalysisResult> {
  const worker = join(repoRoot, 'bench', 'analysis-worker.ts');
  const child = spawn(process.execPath, [...process.execArgv, worker, String(options.steps), String(options.repeats), String(options.seed)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.deadlineMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const base = { steps: options.steps, repeats: options.repeats, deadline_ms: options.deadlineMs };
  if (timedOut) {
    return { ...base, timed_out: true, validate_ms: [], heuristic_ms: [], validate_ms_median: NaN, heuristic_ms_median: NaN, total_ms_median: NaN };
  }
  if (code !== 0) throw new Error(`Expected the analysis worker to exit 0, got ${code}: ${stderr}`);
  const out = JSON.parse(stdout) as AnalysisWorkerOutput;
  const totals = out.validate_ms.map((v, i) => v + out.heuristic_ms[i]!);
  return {
    ...base,
    timed_out: false,
    explicit_edges: out.explicit_edges,
    heuristic_edges: out.heuristic_edges,
    heuristic_warnings: out.heuristic_warnings,
    validation_issues: out.validation_issues,
    validate_ms: out.validate_ms.map((v) => round(v, 1)),
    heuristic_ms: out.heuristic_ms.map((v) => round(v, 1)),
    validate_ms_median: round(median(out.validate_ms), 1),
    heuristic_ms_median: round(median(out.heuristic_ms), 1),
    total_ms_median: round(median(totals), 1),
  };
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
  if (result.analysis?.length) {
    tables.push({
      title: '3b. Scale — plan validation + heuristic dependency analysis of generated plans (median)',
      headers: ['steps', 'runs', 'validate (ms)', 'heuristic analysis (ms)', 'total (ms)', 'explicit edges', 'heuristic edges', 'validation issues', 'analyzer warnings'],
      rows: result.analysis.map((a) =>
        a.timed_out
          ? [String(a.steps), '0', '-', '-', `not done after ${a.deadline_ms} ms (stopped)`, '-', '-', '-', '-']
          : [
              String(a.steps),
              String(a.repeats),
              fmt(a.validate_ms_median, 1),
              fmt(a.heuristic_ms_median, 1),
              fmt(a.total_ms_median, 1),
              String(a.explicit_edges),
              String(a.heuristic_edges),
              String(a.validation_issues),
              a.heuristic_warnings?.join('; ') || '-',
            ],
      ),
      notes: ['Plan from bench/generate-plan.ts (seeded). Each size runs in its own child process, stopped at its deadline.'],
    });
  }
  return tables;
}
