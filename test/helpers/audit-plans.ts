// The outside audits' plans (test/fixtures/plans/audit/*-outside.json) and their score under the
// heuristic: true orderings lost (transitively) and truly independent pairs kept unordered.
import { readFileSync } from 'node:fs';
import { analyzeDependencies, type AnalysisStep } from '../../src/analysis/analyze.js';

export interface AuditPlan {
  name: string;
  style: string;
  source: string;
  steps: AnalysisStep[];
  truth: Array<[string, string]>;
}

export function auditPlans(file: string): AuditPlan[] {
  return JSON.parse(readFileSync(new URL(`../fixtures/plans/audit/${file}`, import.meta.url), 'utf8')) as AuditPlan[];
}

/** Steps each step follows (transitively) under the given pairs; plan order is a topological order. */
function closure(plan: AuditPlan, pairs: Array<[string, string]>): Map<string, Set<string>> {
  const before = new Map<string, Set<string>>(plan.steps.map((s) => [s.id, new Set<string>()]));
  for (const [a, b] of pairs) before.get(b)!.add(a);
  for (const s of plan.steps) for (const p of [...before.get(s.id)!]) for (const q of before.get(p)!) before.get(s.id)!.add(q);
  return before;
}

export interface AuditScore {
  lost: string[];
  independent: number;
  independentKept: number;
}

export async function scoreAuditPlan(plan: AuditPlan): Promise<AuditScore> {
  const { edges } = await analyzeDependencies(plan.steps, { strategy: 'heuristic' });
  const got = closure(plan, edges.map((e) => [e.from, e.to] as [string, string]));
  const truth = closure(plan, plan.truth);
  const lost = plan.truth.filter(([a, b]) => !got.get(b)!.has(a)).map(([a, b]) => `${plan.name}: ${a}->${b}`);
  let independent = 0;
  let independentKept = 0;
  const ids = plan.steps.map((s) => s.id);
  for (let j = 0; j < ids.length; j++) {
    for (let i = 0; i < j; i++) {
      if (truth.get(ids[j]!)!.has(ids[i]!)) continue;
      independent++;
      if (!got.get(ids[j]!)!.has(ids[i]!)) independentKept++;
    }
  }
  return { lost, independent, independentKept };
}
