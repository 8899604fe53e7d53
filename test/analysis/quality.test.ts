import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeDependencies } from '../../src/analysis/analyze.js';
import { measureQuality, poolQuality } from '../../bench/quality.js';
import { AnalysisStepSchema } from '../../src/analysis/schema.js';

const dir = new URL('../fixtures/plans/', import.meta.url);
const plans = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { name: string; steps: unknown[]; edges: [string, string][] });

describe('measureQuality', () => {
  it('returns recall and parallelism kept over transitive orderings', () => {
    // truth: a -> b -> c, d free. predicted: a -> c, d -> b (loses b->c and a->b, orders d before b).
    const q = measureQuality(['a', 'b', 'c', 'd'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }], [{ from: 'a', to: 'c' }, { from: 'd', to: 'b' }]);
    expect(q).toEqual({ trueOrderings: 3, keptOrderings: 1, independentPairs: 3, keptIndependent: 2, recall: 1 / 3, parallelism_kept: 2 / 3 });
  });
});

describe('heuristic quality on test/fixtures/plans', () => {
  it('has at least 12 plans with ground truth', () => {
    expect(plans.length).toBeGreaterThanOrEqual(12);
  });

  /** Per plan, the heuristic's quality; also printed per plan in failure messages. */
  async function measurePlans() {
    const perPlan = [];
    for (const plan of plans) {
      const steps = plan.steps.map((s) => AnalysisStepSchema.parse(s));
      const result = await analyzeDependencies(steps, { strategy: 'heuristic' });
      perPlan.push({ name: plan.name, quality: measureQuality(steps.map((s) => s.id), plan.edges.map(([from, to]) => ({ from, to })), result.edges) });
    }
    const table = perPlan
      .map(({ name, quality: q }) => `${name}: recall ${q.keptOrderings}/${q.trueOrderings}, parallelism kept ${q.keptIndependent}/${q.independentPairs}`)
      .join('\n');
    return { perPlan, table };
  }

  it('keeps >= 98% of true orderings and >= 70% of true parallelism, pooled over the plans', async () => {
    const { perPlan, table } = await measurePlans();
    const overall = poolQuality(perPlan.map((p) => p.quality));
    expect(overall.recall, table).toBeGreaterThanOrEqual(0.98);
    expect(overall.parallelism_kept, table).toBeGreaterThanOrEqual(0.7);
  });

  it('keeps >= 98% of true orderings in every plan (parallelism is judged pooled: write-heavy plans keep less)', async () => {
    const { perPlan, table } = await measurePlans();
    for (const { name, quality } of perPlan) expect(quality.recall, `${name}\n${table}`).toBeGreaterThanOrEqual(0.98);
  });
});
