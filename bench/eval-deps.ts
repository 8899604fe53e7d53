/**
 * Quality of the dependency analyzers on test/fixtures/plans: per analyzer, per plan and
 * overall, ordering recall (true orderings kept, transitively) and parallelism kept
 * (truly independent pairs left independent). "llm" runs only when GEMINI_API_KEY is set.
 *   npm run eval:deps
 */
import { readdirSync, readFileSync } from 'node:fs';
import { analyzeDependencies } from '../src/analysis/analyze.js';
import { createGeminiClient } from '../src/analysis/gemini.js';
import { measureQuality, poolQuality, type Quality } from '../src/analysis/quality.js';
import { AnalysisStepSchema, type AnalysisStep, type AnalyzeOptions } from '../src/analysis/schema.js';

interface FixturePlan {
  name: string;
  steps: AnalysisStep[];
  edges: Array<{ from: string; to: string }>;
}

export function loadFixturePlans(dir = new URL('../test/fixtures/plans/', import.meta.url)): FixturePlan[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { name: string; steps: unknown[]; edges: [string, string][] };
      return {
        name: raw.name,
        steps: raw.steps.map((s) => AnalysisStepSchema.parse(s)),
        edges: raw.edges.map(([from, to]) => ({ from, to })),
      };
    });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

async function evaluate(label: string, options: AnalyzeOptions, plans: FixturePlan[]): Promise<void> {
  console.log(`\n== ${label} ==`);
  console.log(`${'plan'.padEnd(22)} ${'recall'.padStart(7)} ${'par.kept'.padStart(8)}  method`);
  const parts: Quality[] = [];
  for (const plan of plans) {
    const result = await analyzeDependencies(plan.steps, options);
    const q = measureQuality(plan.steps.map((s) => s.id), plan.edges, result.edges);
    parts.push(q);
    const note = result.fallbacks.length > 0 ? ` (fallback: ${result.fallbacks.join('; ')})` : '';
    // Recall is a per-plan target (test/analysis/quality.test.ts); parallelism kept only a pooled one.
    const flag = q.recall < 0.98 ? '  <- recall below 98%' : q.parallelism_kept < 0.7 ? '  (parallelism kept below 70%)' : '';
    console.log(
      `${plan.name.padEnd(22)} ${pct(q.recall)} ${pct(q.parallelism_kept).padStart(8)}  ${result.method}  ` +
        `${q.keptOrderings}/${q.trueOrderings} orderings, ${q.keptIndependent}/${q.independentPairs} independent pairs${note}${flag}`,
    );
  }
  const all = poolQuality(parts);
  console.log(
    `${'OVERALL (pooled)'.padEnd(22)} ${pct(all.recall)} ${pct(all.parallelism_kept).padStart(8)}  ` +
      `${all.keptOrderings}/${all.trueOrderings} orderings, ${all.keptIndependent}/${all.independentPairs} independent pairs`,
  );
}

const plans = loadFixturePlans();
await evaluate('heuristic', { strategy: 'heuristic' }, plans);
const gemini = createGeminiClient(process.env);
if (gemini) await evaluate(`llm (${process.env.GEMINI_MODEL ?? 'default model'})`, { strategy: 'llm', gemini }, plans);
else console.log('\n(llm skipped: GEMINI_API_KEY is not set)');
