// Round 12's outside audit (helper B, /work/notes/r12-B.md): 202 plans in 23 styles of real planners
// and agent frameworks (LangGraph plan-and-execute, CrewAI tasks, AutoGen group chat, Semantic
// Kernel Handlebars / sequential XML / stepwise, BabyAGI, HuggingGPT task JSON, LLMCompiler,
// LlamaIndex sub-questions, MetaGPT, ReAct thoughts, YAML/JSON workflows, tool calls with argument
// references, markdown plans, conditional steps, trailing rationale, truly parallel plans, ...),
// written with their true orderings before the analysis rules were read. Scored once before any
// fix (held-out): recall 0.958 (598/624), 14 plans lost an ordering, parallelism kept 0.275
// (73/265). The misses (references in other frameworks' notations, "Otherwise, ...", a branch
// checkout) were fixed by general rules, so these plans are tuning data now.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeDependencies, type AnalysisStep } from '../../src/analysis/analyze.js';

interface AuditPlan {
  name: string;
  style: string;
  source: string;
  steps: AnalysisStep[];
  truth: Array<[string, string]>;
}

const plans = JSON.parse(readFileSync(new URL('../fixtures/plans/audit/r12-outside.json', import.meta.url), 'utf8')) as AuditPlan[];

/** Steps each step follows (transitively) under the given pairs; plan order is a topological order. */
function closure(plan: AuditPlan, pairs: Array<[string, string]>): Map<string, Set<string>> {
  const before = new Map<string, Set<string>>(plan.steps.map((s) => [s.id, new Set<string>()]));
  for (const [a, b] of pairs) before.get(b)!.add(a);
  for (const s of plan.steps) for (const p of [...before.get(s.id)!]) for (const q of before.get(p)!) before.get(s.id)!.add(q);
  return before;
}

interface Score {
  lost: string[];
  independent: number;
  independentKept: number;
}

async function score(plan: AuditPlan): Promise<Score> {
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

describe('outside audit, round 12', () => {
  it('holds 202 plans in 23 styles with 624 true orderings', () => {
    expect(plans.length).toBe(202);
    expect(new Set(plans.map((p) => p.style)).size).toBe(23);
    expect(plans.reduce((n, p) => n + p.truth.length, 0)).toBe(624);
  });

  it('loses no true ordering in any style (held-out, before the round-12 rules: 26 lost in 14 plans)', async () => {
    const scores = await Promise.all(plans.map(score));
    expect(scores.flatMap((s) => s.lost)).toEqual([]);
  });

  it('keeps at least 70 of the 265 truly independent pairs unordered (73 when written)', async () => {
    const scores = await Promise.all(plans.map(score));
    expect(scores.reduce((n, s) => n + s.independent, 0)).toBe(265);
    expect(scores.reduce((n, s) => n + s.independentKept, 0)).toBeGreaterThanOrEqual(70);
  });
});
