/**
 * The heuristic analysis's speed on the plans nobody here wrote (the corpus and the seed
 * plans), beside the generated 10,000-step plan: in a fresh process, passes over every plan,
 * each pass's main-thread CPU (ms) and its slowest plan (wall ms), so a process's first pass
 * shows what a cold analysis of a real plan costs.
 *   tsx bench/analysis-corpus.ts [passes=3]
 */
import { readFileSync } from 'node:fs';
import { heuristicEdges } from '../src/analysis/heuristic.js';
import { loadCorpus } from './corpus/corpus.js';
import { loadSeedPlans } from './corpus/seeds.js';

const passes = Number(process.argv[2] ?? 3);
if (!Number.isInteger(passes) || passes < 1) throw new Error(`Expected [passes] as a positive integer, got ${process.argv[2]}`);
const plans = [...loadSeedPlans().map((p) => p.steps), ...loadCorpus().map((p) => p.steps)];
const steps = plans.reduce((a, p) => a + p.length, 0);
/** CPU time (ms) of the main thread so far (/proc/self/task/<pid>/schedstat). */
const mainThreadCpuMs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
const rows: string[] = [];
for (let pass = 0; pass < passes; pass++) {
  let slowest = 0;
  const cpu0 = mainThreadCpuMs();
  for (const plan of plans) {
    const t0 = performance.now();
    heuristicEdges(plan);
    slowest = Math.max(slowest, performance.now() - t0);
  }
  const cpu = mainThreadCpuMs() - cpu0;
  rows.push(`| ${pass + 1} | ${cpu.toFixed(1)} | ${((cpu * 1000) / plans.length).toFixed(1)} | ${slowest.toFixed(2)} |`);
}
console.log(`${plans.length} plans, ${steps} steps; one fresh process`);
console.log('| pass | main CPU (ms) | per plan (us) | slowest plan (wall ms) |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(row);
