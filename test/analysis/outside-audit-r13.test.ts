// Round 13's outside audit (helper A, /work/notes/r13-A.md): 204 plans in 57 styles the earlier audits
// had not covered (OpenAI / Anthropic / Gemini tool-call traces whose later calls carry values copied
// from earlier results, MCP tool calls, Claude Code TodoWrite lists, AutoGPT command JSON, n8n / Zapier /
// Make / Dify / Flowise exports, Airflow / Prefect / Dagster / Haystack / LCEL / Temporal code, CI
// workflows, Makefiles, Ansible, shell runbooks, SQL / dbt, notebook cells, incident runbooks, issue
// checklists, recipes, lab protocols, nested sub-steps, explicit "depends on" prose, passive, terse
// and very long steps, Korean, Russian, Arabic, Hindi, Turkish, Polish, truly parallel fan-outs and
// dependencies stated once), written with their true orderings before the analysis rules were read.
// Scored once before any fix (held-out, /work/notes/r13-A-heldout.txt): recall 0.951 (505/531), 12
// plans lost an ordering (4 of them rejected whole: n8n's `{{ $('Node').item.json.x }}` and Make's
// `{{2.choices[].text}}` were taken for malformed references), parallelism kept 0.248 (81/327 of the
// plans answered). The misses were fixed by general rules (certain-edges reads another tool's
// template as text; id-ranges, workflow-trigger, arrow-outputs, repeat-check, found-paths, bare entity
// arguments in substituted-id), so these plans are tuning data now. One loss stays, on purpose: a
// calculator call with a number copied from an earlier result and no mark of it
// (`convert_units {value: 2.1}` after `get_product`) reads exactly like a user's own operand, and a rule
// ordering such calls added 51 false orderings to NESTFUL's tuning plans.
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

const plans = JSON.parse(readFileSync(new URL('../fixtures/plans/audit/r13-outside.json', import.meta.url), 'utf8')) as AuditPlan[];

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

describe('outside audit, round 13', () => {
  it('holds 204 plans in 57 styles with 531 true orderings', () => {
    expect(plans.length).toBe(204);
    expect(new Set(plans.map((p) => p.style)).size).toBe(57);
    expect(plans.reduce((n, p) => n + p.truth.length, 0)).toBe(531);
  });

  it('analyses every plan (held-out: 4 exported workflows were rejected as invalid_plan)', async () => {
    const results = await Promise.allSettled(plans.map((p) => analyzeDependencies(p.steps, { strategy: 'heuristic' })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  });

  it('loses only the one unmarked copied number (held-out, before the round-13 rules: 26 lost in 12 plans)', async () => {
    const scores = await Promise.all(plans.map(score));
    expect(scores.flatMap((s) => s.lost)).toEqual(['oai-unit-convert: call_u1->call_u2']);
  });

  it('keeps at least 78 of the 328 truly independent pairs unordered (81 when written)', async () => {
    const scores = await Promise.all(plans.map(score));
    expect(scores.reduce((n, s) => n + s.independent, 0)).toBe(328);
    expect(scores.reduce((n, s) => n + s.independentKept, 0)).toBeGreaterThanOrEqual(78);
  });
});
