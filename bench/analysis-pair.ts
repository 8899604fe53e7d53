/**
 * bench/analysis-worker.ts for two or more checkouts side by side: each round runs a fresh
 * worker in every checkout, in rotating order, and the summary gives per checkout the
 * min / median / max over the rounds of the first repeat, the median repeat and the fastest
 * repeat (wall ms), and of the first repeat's and the median repeat's main-thread CPU (ms).
 *
 *   tsx bench/analysis-pair.ts [--rounds 5] [--steps 10000] [--repeats 7] [--seed 1] <dir> <dir> ...
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { AnalysisWorkerOutput } from './analysis-worker.js';
import { integerOption } from './integer-option.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => integerOption(args, name, fallback);
const rounds = option('rounds', 5);
const steps = option('steps', 10_000);
const repeats = option('repeats', 7);
const seed = option('seed', 1);
if (args.length === 0) throw new Error('Expected one or more checkout directories (each with bench/analysis-worker.ts)');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = new Map<string, Record<string, number[]>>(args.map((d) => [d, { first: [], median: [], fastest: [], cpuFirst: [], cpuMedian: [] }]));
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
for (let r = 0; r < rounds; r++) {
  for (let x = 0; x < args.length; x++) {
    const dir = args[(r + x) % args.length]!;
    const out = JSON.parse(execFileSync(tsx, ['bench/analysis-worker.ts', String(steps), String(repeats), String(seed)], { cwd: dir, encoding: 'utf8' })) as AnalysisWorkerOutput;
    const row = rows.get(dir)!;
    row.first!.push(out.heuristic_ms[0]!);
    row.median!.push(median(out.heuristic_ms));
    row.fastest!.push(Math.min(...out.heuristic_ms));
    row.cpuFirst!.push(out.heuristic_main_cpu_ms[0]!);
    row.cpuMedian!.push(median(out.heuristic_main_cpu_ms));
  }
}
const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0]!.toFixed(0)} / ${median(s).toFixed(0)} / ${s[s.length - 1]!.toFixed(0)}`;
};
console.log(`${steps} steps, seed ${seed}, ${repeats} repeats per process, ${rounds} rounds; min / median / max over rounds (ms)`);
console.log('| checkout | first repeat | median repeat | fastest repeat | main CPU, first | main CPU, median |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [dir, row] of rows) console.log(`| ${dir} | ${fmt(row.first!)} | ${fmt(row.median!)} | ${fmt(row.fastest!)} | ${fmt(row.cpuFirst!)} | ${fmt(row.cpuMedian!)} |`);
