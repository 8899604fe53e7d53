// Scores an outside-audit file (default test/fixtures/plans/audit/r12-outside.json) with the heuristic:
// per style, ordering recall (transitive), plans with a lost ordering, parallelism kept (truly
// independent pairs left unordered). `tsx bench/outside-audit.ts [file] [-v]` (-v lists the lost pairs).
import { readFileSync } from 'node:fs';
import { analyzeDependencies, type AnalysisStep } from '../src/analysis/analyze.js';
interface Plan { name: string; style: string; steps: AnalysisStep[]; truth: Array<[string, string]> }
const file = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? 'test/fixtures/plans/audit/r12-outside.json';
const plans = JSON.parse(readFileSync(file, 'utf8')) as Plan[];
const verbose = process.argv.includes('-v');
function closure(order: string[], pairs: Array<[string, string]>): Map<string, Set<string>> {
  const before = new Map<string, Set<string>>(order.map((id) => [id, new Set<string>()]));
  for (const [a, b] of pairs) before.get(b)!.add(a);
  for (const id of order) for (const p of [...before.get(id)!]) for (const q of before.get(p)!) before.get(id)!.add(q);
  return before;
}
type Agg = { plans: number; pairs: number; kept: number; lostPlans: number; ind: number; indKept: number };
const by = new Map<string, Agg>();
const all: Agg = { plans: 0, pairs: 0, kept: 0, lostPlans: 0, ind: 0, indKept: 0 };
const lostList: string[] = [];
const rejected: string[] = [];
for (const plan of plans) {
  const order = plan.steps.map((s) => s.id);
  // A plan the analysis rejects (invalid_plan) gives no answer: all its orderings count as lost and
  // its independent pairs are left out of parallelism kept.
  let edges: Array<{ from: string; to: string }>;
  let isRejected = false;
  try {
    ({ edges } = await analyzeDependencies(plan.steps, { strategy: 'heuristic' }));
  } catch (error) {
    rejected.push(`${plan.name}: ${String((error as Error).message).split('\n').slice(0, 2).join(' ')}`);
    edges = [];
    isRejected = true;
  }
  const got = closure(order, edges.map((e) => [e.from, e.to] as [string, string]));
  const truth = closure(order, plan.truth);
  const a = by.get(plan.style) ?? { plans: 0, pairs: 0, kept: 0, lostPlans: 0, ind: 0, indKept: 0 };
  by.set(plan.style, a);
  let lost = 0;
  for (const [x, y] of plan.truth) {
    const k = got.get(y)!.has(x);
    a.pairs++; all.pairs++;
    if (k) { a.kept++; all.kept++; } else { lost++; lostList.push(`${plan.name}: ${x}->${y}`); }
  }
  if (!isRejected) for (let j = 0; j < order.length; j++) for (let i = 0; i < j; i++) {
    if (truth.get(order[j]!)!.has(order[i]!)) continue;
    a.ind++; all.ind++;
    if (!got.get(order[j]!)!.has(order[i]!)) { a.indKept++; all.indKept++; }
  }
  a.plans++; all.plans++;
  if (lost) { a.lostPlans++; all.lostPlans++; }
}
const f = (x: number, n: number) => (n ? (x / n).toFixed(3) : '  -  ');
console.log('style'.padEnd(28), 'plans', 'recall', 'lostPlans', 'parallelKept', '(pairs, indep)');
for (const [s, a] of [...by].sort()) console.log(s.padEnd(28), String(a.plans).padStart(5), f(a.kept, a.pairs), String(a.lostPlans).padStart(9), f(a.indKept, a.ind).padStart(12), `(${a.pairs}, ${a.ind})`);
console.log('ALL'.padEnd(28), String(all.plans).padStart(5), f(all.kept, all.pairs), String(all.lostPlans).padStart(9), f(all.indKept, all.ind).padStart(12), `(${all.pairs}, ${all.ind})`);
console.log(`lost orderings: ${all.pairs - all.kept}`);
if (rejected.length) console.log(`rejected plans (counted as losing every ordering): ${rejected.length}`);
for (const r of rejected) console.log('  REJECTED', r);
if (verbose) for (const l of lostList) console.log('  LOST', l);
