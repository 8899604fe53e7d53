/**
 * The heuristic analysis of a 10,000-step plan of real steps, paired across checkouts: the
 * natural-language steps of the WorfBench corpus plans (test/fixtures/plans/corpus/
 * worfbench.json), in file order, cycled until the plan has <steps> steps, renamed s0, s1, ...
 * (deterministic; WorfBench steps have only an id and a description). The plan is written once
 * to a file, so every checkout analyses the same steps even when their corpora differ; each
 * round runs a fresh process per checkout (rotating order) that imports that checkout's
 * src/analysis/heuristic.ts and reports main-thread CPU (ms) per repeat. The summary gives
 * min / median / max over rounds of the first repeat (a fresh process's first analysis) and
 * of the median repeat.
 *
 *   tsx bench/analysis-real.ts [--rounds 5] [--steps 10000] [--repeats 5] <dir> <dir> ...
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnalysisStep } from '../src/analysis/schema.js';
import { realPlan } from './analysis-real-plan.js';
import { integerOption } from './integer-option.js';

/** CPU time (ms) of the main thread so far. */
const mainThreadCpuMs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

const args = process.argv.slice(2);
if (args[0] === '--worker') {
  // tsx bench/analysis-real.ts --worker <checkout> <plan.json> <repeats>
  const [, dir, planFile, repeats] = args;
  const { heuristicEdges } = (await import(pathToFileURL(join(resolve(dir!), 'src/analysis/heuristic.ts')).href)) as typeof import('../src/analysis/heuristic.js');
  const plan = JSON.parse(readFileSync(planFile!, 'utf8')) as AnalysisStep[];
  const cpu: number[] = [];
  let edges = 0;
  for (let r = 0; r < Number(repeats); r++) {
    const c0 = mainThreadCpuMs();
    edges = heuristicEdges(plan).edges.length;
    cpu.push(mainThreadCpuMs() - c0);
  }
  process.stdout.write(`${JSON.stringify({ cpu, edges })}\n`);
} else {
  const option = (name: string, fallback: number): number => integerOption(args, name, fallback);
  const rounds = option('rounds', 5);
  const steps = option('steps', 10_000);
  const repeats = option('repeats', 5);
  if (args.length === 0) throw new Error('Expected one or more checkout directories (each with src/analysis/heuristic.ts)');
  const planFile = join(tmpdir(), `analysis-real-${process.pid}.json`);
  writeFileSync(planFile, JSON.stringify(realPlan(steps)));
  const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rows = new Map(args.map((d) => [d, { first: [] as number[], median: [] as number[], edges: 0 }]));
  for (let r = 0; r < rounds; r++) {
    for (let x = 0; x < args.length; x++) {
      const dir = args[(r + x) % args.length]!;
      const out = JSON.parse(execFileSync(tsx, ['bench/analysis-real.ts', '--worker', dir, planFile, String(repeats)], { encoding: 'utf8' })) as { cpu: number[]; edges: number };
      const row = rows.get(dir)!;
      row.first.push(out.cpu[0]!);
      row.median.push(median(out.cpu));
      row.edges = out.edges;
    }
  }
  const fmt = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[0]!.toFixed(0)} / ${median(s).toFixed(0)} / ${s[s.length - 1]!.toFixed(0)}`;
  };
  console.log(`${steps} real (WorfBench) steps, ${repeats} repeats per process, ${rounds} rounds; main-thread CPU, min / median / max over rounds (ms)`);
  console.log('| checkout | first analysis | median repeat | edges |');
  console.log('| --- | --- | --- | --- |');
  for (const [dir, row] of rows) console.log(`| ${dir} | ${fmt(row.first)} | ${fmt(row.median)} | ${row.edges} |`);
}
