/**
 * Child process for section 3b: validates and heuristically analyzes a generated plan and
 * prints one JSON line of timings. A separate process so the parent can stop an analysis
 * that runs past its deadline (the work is synchronous and cannot be interrupted in-process).
 *
 *   tsx bench/analysis-worker.ts <steps> <repeats> <seed>
 *
 * heuristic_main_cpu_ms: the CPU time of the main thread alone per repeat
 * (/proc/self/task/<pid>/schedstat), which the machine's load moves far less than wall time;
 * the JIT compiler and the garbage collector's helpers run on other threads.
 */
import { readFileSync } from 'node:fs';

import { heuristicEdges } from '../src/analysis/heuristic.js';
import { validatePlan } from '../src/engine/plan.js';
import { generatePlan } from './generate-plan.js';

export interface AnalysisWorkerOutput {
  steps: number;
  explicit_edges: number;
  validate_ms: number[];
  heuristic_ms: number[];
  heuristic_main_cpu_ms: number[];
  heuristic_edges: number;
  heuristic_warnings: string[];
  validation_issues: number;
}

const [steps, repeats, seed] = process.argv.slice(2).map(Number);
if (!Number.isInteger(steps) || !Number.isInteger(repeats) || !Number.isInteger(seed)) {
  throw new Error(`Expected <steps> <repeats> <seed> as integers, got ${process.argv.slice(2).join(' ')}`);
}
const plan = generatePlan(steps!, seed!);
const output: AnalysisWorkerOutput = {
  steps: steps!,
  explicit_edges: plan.reduce((a, s) => a + (s.depends_on?.length ?? 0), 0),
  validate_ms: [],
  heuristic_ms: [],
  heuristic_main_cpu_ms: [],
  heuristic_edges: 0,
  heuristic_warnings: [],
  validation_issues: 0,
};
/** CPU time (ms) of the main thread so far. */
const mainThreadCpuMs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
for (let r = 0; r < repeats!; r++) {
  const t0 = performance.now();
  const validation = validatePlan(plan);
  const t1 = performance.now();
  const cpu1 = mainThreadCpuMs();
  const analysis = heuristicEdges(plan);
  const t2 = performance.now();
  output.heuristic_main_cpu_ms.push(Math.round((mainThreadCpuMs() - cpu1) * 10) / 10);
  output.validate_ms.push(t1 - t0);
  output.heuristic_ms.push(t2 - t1);
  output.validation_issues = validation.ok ? 0 : validation.issues.length;
  output.heuristic_edges = analysis.edges.length;
  output.heuristic_warnings = analysis.warnings.map((w) => w.slice(0, 200));
}
process.stdout.write(`${JSON.stringify(output)}\n`);
