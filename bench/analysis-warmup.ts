/**
 * How much a process's first analysis of a large plan owes to code not yet optimized: runs
 * `warmups` analyses of a small generated plan first, then three of the large one, and prints
 * the main thread's CPU (ms) of the warm-ups together and of each large analysis.
 *   tsx bench/analysis-warmup.ts [warmups=0] [warmupSteps=300] [steps=10000] [seed=1]
 */
import { readFileSync } from 'node:fs';
import { heuristicEdges } from '../src/analysis/heuristic.js';
import { generatePlan } from './generate-plan.js';

const [warmups = 0, warmupSteps = 300, steps = 10_000, seed = 1] = process.argv.slice(2).map(Number);
/** CPU time (ms) of the main thread so far (/proc/self/task/<pid>/schedstat). */
const mainThreadCpuMs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
const small = generatePlan(warmupSteps, seed + 1);
const c0 = mainThreadCpuMs();
for (let r = 0; r < warmups; r++) heuristicEdges(small);
const warm = mainThreadCpuMs() - c0;
const plan = generatePlan(steps, seed);
const large: number[] = [];
for (let r = 0; r < 3; r++) {
  const c = mainThreadCpuMs();
  heuristicEdges(plan);
  large.push(Math.round((mainThreadCpuMs() - c) * 10) / 10);
}
console.log(`${warmups} warm-ups of ${warmupSteps} steps: ${warm.toFixed(1)} ms; then ${steps} steps: ${large.join(', ')} ms (main-thread CPU)`);
