/**
 * analyzeEdges (what run_plan's infer_dependencies asks for) finds the edges, independence
 * and method analyzeDependencies returns, and the fallbacks and warnings it has before its summary:
 * on the seed and corpus plans, generated plans, with the heuristic and with a model's answer.
 */
import { describe, expect, it } from 'vitest';
import { analyzeDependencies, analyzeEdges, type AnalysisStep, type AnalyzeOptions, type LlmClient } from '../../src/analysis/analyze.js';
import { loadCorpus } from '../../bench/corpus/corpus.js';
import { loadSeedPlans } from '../../bench/corpus/seeds.js';
import { generatePlan } from '../../bench/generate-plan.js';

/** A model answering the plan-order chain. */
function chainModel(steps: readonly AnalysisStep[]): LlmClient {
  const text = JSON.stringify({ edges: steps.slice(1).map((s, i) => ({ from: steps[i]!.id, to: s.id, reason: 'the model says so' })) });
  return { name: 'gemini', completeJson: async () => text };
}

const corpus = loadCorpus().map((p) => p.steps);
/** The plans in parts: all in one test took ~25 s alone and 44 s in a loaded full run, past the 30 s timeout. */
const CORPUS_PART = 500;
const parts: Array<[string, AnalysisStep[][]]> = [
  ['the seed plans', loadSeedPlans().map((p) => p.steps)],
  ...Array.from({ length: Math.ceil(corpus.length / CORPUS_PART) }, (_, i): [string, AnalysisStep[][]] => [
    `corpus plans ${i * CORPUS_PART}-${Math.min(corpus.length, (i + 1) * CORPUS_PART) - 1}`,
    corpus.slice(i * CORPUS_PART, (i + 1) * CORPUS_PART),
  ]),
  ['generated plans of 300 steps (seeds 1, 2)', [generatePlan(300, 1), generatePlan(300, 2)]],
];

describe('analyzeEdges', () => {
  it.each(parts)('finds what analyzeDependencies returns, without the summary: %s', async (_part, plans) => {
    for (const steps of plans) {
      const optionsOf = (): AnalyzeOptions[] => [{ strategy: 'heuristic' }, { strategy: 'auto' }, { strategy: 'llm', gemini: chainModel(steps) }];
      for (const [k, options] of optionsOf().entries()) {
        const full = await analyzeDependencies(steps, options);
        const found = await analyzeEdges(steps, optionsOf()[k]!);
        expect(found.edges).toStrictEqual(full.edges);
        expect(found.independence).toStrictEqual(full.independence);
        expect(found.method).toBe(full.method);
        // The summary's notes come after what analyzeEdges found.
        expect(full.fallbacks.slice(0, found.fallbacks.length)).toStrictEqual(found.fallbacks);
        expect(full.warnings.slice(0, found.warnings.length)).toStrictEqual(found.warnings);
      }
    }
  });
});
