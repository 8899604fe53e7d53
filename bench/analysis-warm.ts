/**
 * The heuristic analysis of a generated plan once warm: repeats it in one process and prints
 * the wall and CPU time (user + system, all threads) of the fastest and the median repeat.
 * bench/analysis-worker.ts times the first 7 runs of a fresh process (JIT warm-up included).
 *
 *   tsx bench/analysis-warm.ts <steps> <repeats> <seed>
 */
import { heuristicEdges } from '../src/analysis/heuristic.js';
import { generatePlan } from './generate-plan.js';

const [steps, repeats, seed] = process.argv.slice(2).map(Number);
if (!Number.isInteger(steps) || !Number.isInteger(repeats) || !Number.isInteger(seed)) {
  throw new Error(`Expected <steps> <repeats> <seed> as integers, got ${process.argv.slice(2).join(' ')}`);
}
const plan = generatePlan(steps!, seed!);
const wall: number[] = [];
const cpu: number[] = [];
for (let r = 0; r < repeats!; r++) {
  const before = process.cpuUsage();
  const t0 = performance.now();
  heuristicEdges(plan);
  wall.push(performance.now() - t0);
  const used = process.cpuUsage(before);
  cpu.push((used.user + used.system) / 1000);
}
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: Number(sorted[0]!.toFixed(1)), median: Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(1)) };
};
process.stdout.write(`${JSON.stringify({ steps, repeats, wall_ms: summary(wall), cpu_ms: summary(cpu) })}\n`);
