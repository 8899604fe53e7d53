/**
 * Closure check of the heuristic analysis against another checkout: where this tree's
 * heuristicEdges lists fewer edges than the other's (an evidence edge the edges found before
 * already imply is not listed), the orderings must be exactly the same. On every seed scenario
 * and corpus plan, generated plans (seeds 1-3, 1,000 and 10,000 steps) and long plans of real
 * steps (each corpus file's steps cycled, `analysis-real-plan.ts`), it checks:
 *   - closure: the pairs ordered by the certain edges and heuristicEdges' edges, here and there;
 *   - listed: every edge listed here is listed there, with the same source and reason;
 *   - implied: heuristicEdges with `listImplied` (the model path's) equals the other's output;
 *   - result: analyzeDependencies (heuristic strategy) gives the same JSON here and there.
 * Exit 1 on any difference.
 *
 *   tsx bench/analysis-closure.ts <other-checkout> [--long 3000] [--worfbench 10000]
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as here from '../src/analysis/analyze.js';
import { certainEdges } from '../src/analysis/certain-edges.js';
import { heuristicEdges, type HeuristicResult } from '../src/analysis/heuristic.js';
import type { AnalysisStep } from '../src/analysis/schema.js';
import { realPlan } from './analysis-real-plan.js';
import { loadCorpus } from './corpus/corpus.js';
import { loadSeedPlans } from './corpus/seeds.js';
import { generatePlan } from './generate-plan.js';
import { integerOption } from './integer-option.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => integerOption(args, name, fallback);
const long = option('long', 3000);
const worfbench = option('worfbench', 10_000);
const other = args[0];
if (other === undefined) throw new Error('Expected the checkout to compare with (a directory with src/analysis/heuristic.ts)');
const there = {
  heuristic: (await import(pathToFileURL(join(resolve(other), 'src/analysis/heuristic.ts')).href)) as typeof import('../src/analysis/heuristic.js'),
  analyze: (await import(pathToFileURL(join(resolve(other), 'src/analysis/analyze.ts')).href)) as typeof here,
};

/** One bitset row per position of `order`: bit i of row j when step order[i] comes before order[j]. */
function closureOf(steps: readonly AnalysisStep[], result: HeuristicResult): Int32Array[] {
  const order = result.order;
  const n = order.length;
  const position = new Map(order.map((id, k) => [id, k]));
  const words = (n + 31) >>> 5;
  const preds: number[][] = order.map(() => []);
  for (const e of [...certainEdges(steps).edges, ...result.edges]) {
    const from = position.get(e.from)!;
    const to = position.get(e.to)!;
    if (!(from < to)) throw new Error(`edge ${e.from} -> ${e.to} goes against the analysis order`);
    preds[to]!.push(from);
  }
  const rows: Int32Array[] = [];
  for (let j = 0; j < n; j++) {
    const row = new Int32Array(words);
    for (const p of preds[j]!) {
      const rp = rows[p]!;
      for (let w = 0; w < words; w++) row[w]! |= rp[w]!;
      row[p >>> 5]! |= 1 << (p & 31);
    }
    rows.push(row);
  }
  return rows;
}

function sameClosure(a: Int32Array[], b: Int32Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) for (let w = 0; w < a[j]!.length; w++) if (a[j]![w] !== b[j]![w]) return false;
  return true;
}

const plans: Array<{ name: string; steps: AnalysisStep[] }> = [
  ...loadSeedPlans().map((p) => ({ name: `seed/${p.name}`, steps: p.steps })),
  ...loadCorpus().map((p) => ({ name: `corpus/${p.source}/${p.name}`, steps: p.steps })),
];
for (const n of [1000, 10_000]) for (const seed of [1, 2, 3]) plans.push({ name: `generated/${n}/${seed}`, steps: generatePlan(n, seed) });
const corpusDir = new URL('../test/fixtures/plans/corpus/', import.meta.url);
for (const file of readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort()) {
  const steps = file === 'worfbench.json' ? worfbench : long;
  plans.push({ name: `real/${file.replace(/\.json$/, '')}/${steps}`, steps: realPlan(steps, new URL(file, corpusDir)) });
}

const failures: string[] = [];
let listedHere = 0;
let listedThere = 0;
for (const plan of plans) {
  const mine = heuristicEdges(plan.steps);
  const theirs = there.heuristic.heuristicEdges(plan.steps);
  listedHere += mine.edges.length;
  listedThere += theirs.edges.length;
  if (!sameClosure(closureOf(plan.steps, mine), closureOf(plan.steps, theirs))) failures.push(`closure: ${plan.name}`);
  const listed = new Set(theirs.edges.map((e) => JSON.stringify([e.from, e.to, e.source, e.reason])));
  if (mine.edges.some((e) => !listed.has(JSON.stringify([e.from, e.to, e.source, e.reason])))) failures.push(`listed: ${plan.name}`);
  const { edges: _mine, ...restMine } = mine;
  const { edges: _theirs, ...restTheirs } = theirs;
  if (JSON.stringify(restMine) !== JSON.stringify(restTheirs)) failures.push(`independence, order, warnings: ${plan.name}`);
  if (JSON.stringify(heuristicEdges(plan.steps, undefined, undefined, { listImplied: true })) !== JSON.stringify(theirs)) failures.push(`implied: ${plan.name}`);
  const a = JSON.stringify(await here.analyzeDependencies(plan.steps, { strategy: 'heuristic' }));
  const b = JSON.stringify(await there.analyze.analyzeDependencies(plan.steps, { strategy: 'heuristic' }));
  if (a !== b) failures.push(`result: ${plan.name}`);
  if (plan.name.startsWith('real/') || plan.name.startsWith('generated/')) {
    console.log(`${plan.name}: ${mine.edges.length} edges listed here, ${theirs.edges.length} there${failures.some((f) => f.endsWith(`: ${plan.name}`)) ? ' DIFFERS' : ''}`);
  }
}
for (const f of failures.slice(0, 20)) console.log(`differs: ${f}`);
console.log(`${plans.length} plans, ${listedHere} heuristic edges listed here and ${listedThere} there; ${plans.length - new Set(failures.map((f) => f.slice(f.indexOf(': ') + 2))).size}/${plans.length} plans with the same closure, listed edges, independence and result`);
process.exitCode = failures.length === 0 ? 0 : 1;
