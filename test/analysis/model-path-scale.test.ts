/**
 * The model path on long plans: the count of edges the request must list is known before any
 * is built, and a plan whose request would list more than MAX_BINDING_EDGES keeps the heuristic
 * with a fallback saying why, instead of building them (on the old code a 10,000-step generated
 * plan ran out of a 1.5 GB heap after 49 s: bench/analysis-model.ts).
 */
import { describe, expect, it } from 'vitest';
import { analyzeDependencies, evidenceEdgeCount, evidenceEdges, MAX_BINDING_EDGES, type LlmClient } from '../../src/analysis/analyze.js';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import { loadSeedPlans } from '../../bench/corpus/seeds.js';
import { generatePlan } from '../../bench/generate-plan.js';

describe('evidenceEdgeCount', () => {
  it.each([
    ...loadSeedPlans().map((p) => [p.name, p.steps] as const),
    ['generated 300 (seed 1)', generatePlan(300, 1)] as const,
    ['generated 500 (seed 2)', generatePlan(500, 2)] as const,
  ])('is the length of evidenceEdges on %s', (_name, steps) => {
    const heuristic = heuristicEdges(steps);
    expect(evidenceEdgeCount(heuristic)).toBe(evidenceEdges(heuristic).length);
  });
});

describe('analyzeDependencies, model path on a 10,000-step plan', () => {
  it('does not ask the model when the request would list too many edges, and says so', async () => {
    const steps = generatePlan(10_000, 1);
    let asked = 0;
    const client: LlmClient = { name: 'gemini', completeJson: async () => (asked++, { edges: [] }) };
    const result = await analyzeDependencies(steps, { strategy: 'llm', gemini: client });
    const heuristic = await analyzeDependencies(steps, { strategy: 'heuristic' });
    expect(asked).toBe(0);
    expect(result.method).toBe('heuristic');
    expect(result.edges).toEqual(heuristic.edges);
    expect(result.fallbacks[0]).toMatch(new RegExp(`^gemini: the model was not asked: the plan has \\d+ edges the answer must keep, more than the ${MAX_BINDING_EDGES} a request can list$`));
    expect(result.warnings).toContain(`LLM analysis unavailable, used the heuristic instead (${result.fallbacks[0]})`);
  }, 60_000);
});
