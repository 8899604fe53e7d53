/**
 * Quality of the dependency analysis on plans nobody here wrote (the corpus of
 * test/fixtures/plans/corpus, sources in test/fixtures/plans/SOURCES.md) and on the seed
 * scenarios (test/fixtures/plans/*.json). Per source and part (tuning / held-out): ordering
 * recall, parallelism kept (over the truly independent pairs), the share of plans whose
 * result is the full chain, and the two baselines (all sequential, all parallel).
 *   npm run eval:deps                      both parts, heuristic (and Gemini when GEMINI_API_KEY is set)
 *   npm run eval:deps -- --part tuning     the tuning part only
 *   npm run eval:deps -- --part tuning --misses 20   also the tuning plans that lose orderings or parallelism
 */
import { parseArgs } from 'node:util';
import { analyzeDependencies } from '../src/analysis/analyze.js';
import { createGeminiClient } from '../src/llm/gemini.js';
import type { AnalysisStep, AnalyzeOptions } from '../src/analysis/schema.js';
import { loadCorpus, type LoadedPlan, type Part } from './corpus/corpus.js';
import { loadSeedPlans } from './corpus/seeds.js';
import { scorePlans, type Score } from './corpus/score.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function cells(score: Score): string {
  const q = score.quality;
  return `${pct(q.recall).padStart(6)} ${pct(q.parallelism_kept).padStart(6)} ${pct(score.fullChainShare).padStart(6)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { part: { type: 'string' }, misses: { type: 'string' }, source: { type: 'string' } } });
  const parts: Part[] = values.part === undefined ? ['tuning', 'held-out'] : [values.part as Part];
  const misses = values.misses === undefined ? 0 : Number(values.misses);
  const analyzers: Array<[string, AnalyzeOptions]> = [['heuristic', { strategy: 'heuristic' }]];
  const gemini = createGeminiClient(process.env);
  if (gemini) analyzers.push([`llm (${process.env.GEMINI_MODEL ?? 'default model'})`, { strategy: 'llm', gemini }]);

  const corpus = loadCorpus().filter((p) => values.source === undefined || p.source === values.source);
  for (const [label, options] of analyzers) {
    const analyze = (steps: AnalysisStep[]) => analyzeDependencies(steps, options);
    console.log(`\n== ${label}: recall / parallelism kept / full-chain share; baselines all-sequential and all-parallel ==`);
    console.log(
      `${'source'.padEnd(24)} ${'part'.padEnd(8)} ${'plans'.padStart(5)} ${'w/par'.padStart(5)} | ${'analyzer'.padEnd(20)} | ${'sequential'.padEnd(20)} | ${'parallel'.padEnd(20)} | orderings kept, independent pairs kept`,
    );
    for (const part of parts) {
      const inPart = corpus.filter((p) => p.part === part);
      const groups = new Map<string, LoadedPlan[]>();
      for (const plan of inPart) {
        for (const key of [plan.source, `${plan.source}/${plan.subset}`]) groups.set(key, [...(groups.get(key) ?? []), plan]);
      }
      groups.set('POOLED', inPart);
      // Sources whose truth is an annotated sequence (bench/corpus/corpus.ts) are pooled in, and also left out.
      if (inPart.some((p) => p.truth !== 'dependencies')) groups.set('POOLED dependencies', inPart.filter((p) => p.truth === 'dependencies'));
      for (const [key, plans] of groups) {
        const row = await scorePlans(plans, analyze);
        const q = row.analyzer.quality;
        console.log(
          `${key.padEnd(24)} ${part.padEnd(8)} ${String(row.analyzer.plans).padStart(5)} ${String(row.analyzer.plansWithParallelism).padStart(5)} | ` +
            `${cells(row.analyzer)} | ${cells(row.sequential)} | ${cells(row.parallel)} | ${q.keptOrderings}/${q.trueOrderings}, ${q.keptIndependent}/${q.independentPairs}`,
        );
        if (misses > 0 && key === 'POOLED' && part === 'tuning') {
          const bad = row.perPlan.filter((p) => p.quality.recall < 1 || p.quality.parallelism_kept < 1).slice(0, misses);
          for (const p of bad) console.log(`  miss ${p.name}: ${p.quality.keptOrderings}/${p.quality.trueOrderings} orderings, ${p.quality.keptIndependent}/${p.quality.independentPairs} independent`);
        }
      }
    }
    const seeds = loadSeedPlans();
    const row = await scorePlans(seeds, analyze);
    console.log(`\nseed scenarios (test/fixtures/plans/*.json), ${label}:`);
    for (const p of row.perPlan) {
      console.log(`  ${p.name.padEnd(22)} recall ${pct(p.quality.recall).padStart(6)}  parallelism kept ${pct(p.quality.parallelism_kept).padStart(6)}${p.fullChain ? '  (full chain)' : ''}`);
    }
    console.log(`  ${'POOLED'.padEnd(22)} recall ${pct(row.analyzer.quality.recall).padStart(6)}  parallelism kept ${pct(row.analyzer.quality.parallelism_kept).padStart(6)}`);
  }
  if (!gemini) console.log('\n(llm skipped: GEMINI_API_KEY is not set)');
}

await main();
