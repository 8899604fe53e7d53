/**
 * Pins the model path's output (strategy `llm`, a fake client in-process with a fixed answer):
 * edges, reasons, order, independence, stages and everything else of the result, on seed plans
 * and a generated plan with many steps that depend on every earlier step. Written before the
 * model path was made to scale, so that work can prove it changed no output.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyzeDependencies, type AnalysisStep, type LlmClient } from '../../src/analysis/analyze.js';
import { loadSeedPlans } from '../../bench/corpus/seeds.js';
import { generatePlan } from '../../bench/generate-plan.js';

function fakeModel(answer: unknown): LlmClient {
  const text = JSON.stringify(answer);
  return { name: 'gemini', completeJson: async () => text };
}

const chainOf = (steps: readonly AnalysisStep[]) => steps.slice(1).map((s, i) => ({ from: steps[i]!.id, to: s.id, reason: 'the model says so' }));

const seeds = loadSeedPlans().slice(0, 4);

describe('analyzeDependencies, model path (pinned output)', () => {
  it.each(seeds.map((p) => [p.name, p.steps] as const))('seed plan %s, the model answers no edge', async (_name, steps) => {
    expect(await analyzeDependencies(steps, { strategy: 'llm', gemini: fakeModel({ edges: [] }) })).toMatchSnapshot();
  });

  it.each(seeds.map((p) => [p.name, p.steps] as const))('seed plan %s, the model answers the plan-order chain', async (_name, steps) => {
    expect(await analyzeDependencies(steps, { strategy: 'llm', gemini: fakeModel({ edges: chainOf(steps) }) })).toMatchSnapshot();
  });

  it('a generated 60-step plan (steps that depend on every earlier step), the model answers a few edges, unknown ids and duplicates', async () => {
    const steps = generatePlan(60, 2);
    const answer = { edges: [...chainOf(steps).filter((_, i) => i % 3 === 0), { from: 'step_1', to: 'nope', reason: 'x' }, { from: 'step_2', to: 'step_2' }, { from: 'step_0', to: 'step_1' }, { from: 'step_0', to: 'step_1', reason: 'again' }] };
    expect(await analyzeDependencies(steps, { strategy: 'llm', gemini: fakeModel(answer) })).toMatchSnapshot();
  });

  it.each([
    [1000, 1, 'empty'],
    [1000, 1, 'chain'],
    [1500, 3, 'chain'],
  ] as const)('a generated %i-step plan (seed %i), answer %s: the same result as before (sha256 of its JSON)', async (n, seed, kind) => {
    const steps = generatePlan(n, seed);
    const result = await analyzeDependencies(steps, { strategy: 'llm', gemini: fakeModel({ edges: kind === 'empty' ? [] : chainOf(steps) }) });
    expect(result.method).toBe('llm');
    expect({ edges: result.edges.length, sha256: createHash('sha256').update(JSON.stringify(result)).digest('hex') }).toMatchSnapshot();
  }, 60_000);
});

describe('the model request', () => {
  it('lists the edges to keep as JSON.stringify of {from, to} objects would, quotes and unicode included', async () => {
    const { buildUserMessage } = await import('../../src/analysis/llm.js');
    const edges = [
      { from: 'a "quoted"\n', to: 'b\u2028é', source: 'explicit' as const, reason: 'r' },
      { from: 'x', to: 'y\\z', source: 'heuristic' as const, reason: 'r' },
    ];
    const message = buildUserMessage([{ id: 'a' }], edges);
    expect(message).toContain(`\n${JSON.stringify(edges.map(({ from, to }) => ({ from, to })))}\n`);
    expect(buildUserMessage([{ id: 'a' }], [])).toContain('\n[]\n');
  });
});
