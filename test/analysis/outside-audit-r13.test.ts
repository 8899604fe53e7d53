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
import { describe, expect, it } from 'vitest';
import { analyzeDependencies } from '../../src/analysis/analyze.js';
import { auditPlans, scoreAuditPlan as score } from '../helpers/audit-plans.js';

const plans = auditPlans('r13-outside.json');

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
