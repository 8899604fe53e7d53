/**
 * One heuristic analysis (or several) of a generated plan in a fresh process, for profiling:
 *   node --import tsx --cpu-prof bench/analysis-profile.ts <steps> <repeats> <seed>
 * Prints the wall time of each repeat.
 */
import { heuristicEdges } from '../src/analysis/heuristic.js';
import { generatePlan } from './generate-plan.js';

const [steps = 10_000, repeats = 1, seed = 1] = process.argv.slice(2).map(Number);
const plan = generatePlan(steps, seed);
const times: number[] = [];
for (let r = 0; r < repeats; r++) {
  const t0 = performance.now();
  heuristicEdges(plan);
  times.push(Math.round((performance.now() - t0) * 10) / 10);
}
process.stdout.write(`${JSON.stringify({ steps, repeats, ms: times })}\n`);
