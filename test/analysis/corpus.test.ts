/**
 * The recall target on the tuning part of the corpus of real planner plans
 * (test/fixtures/plans/SOURCES.md). The held-out part is scored by `npm run eval:deps` only.
 */
import { describe, expect, it } from 'vitest';
import { analyzeDependencies } from '../../src/analysis/analyze.js';
import { loadCorpus, partOf } from '../../bench/corpus/corpus.js';
import { scorePlans } from '../../bench/corpus/score.js';

const tuning = loadCorpus().filter((p) => p.part === 'tuning');
const sources = [...new Set(tuning.map((p) => p.source))];
const analyze = (steps: Parameters<typeof analyzeDependencies>[0]) => analyzeDependencies(steps, { strategy: 'heuristic' });

describe('heuristic on the tuning part of the corpus', () => {
  it('has plans from at least three sources, split deterministically', () => {
    expect(sources.length).toBeGreaterThanOrEqual(3);
    // Natural-language how-to plans added in round 7 (test/fixtures/plans/SOURCES.md).
    expect(sources).toContain('asynchow');
    expect(tuning.length).toBeGreaterThan(300);
    expect(partOf('worfbench/toolbench/toolbench_1')).toBe(partOf('worfbench/toolbench/toolbench_1'));
  });

  it('keeps >= 99% of the true orderings pooled', async () => {
    const row = await scorePlans(tuning, analyze);
    expect(row.analyzer.quality.recall).toBeGreaterThanOrEqual(0.99);
  });

  for (const source of sources) {
    it(`keeps >= 97% of the true orderings of ${source}`, async () => {
      const plans = tuning.filter((p) => p.source === source);
      const row = await scorePlans(plans, analyze);
      const missed = row.perPlan.filter((p) => p.quality.recall < 1).map((p) => p.name);
      expect(row.analyzer.quality.recall, `plans losing orderings: ${missed.join(', ')}`).toBeGreaterThanOrEqual(0.97);
    });
  }
});
