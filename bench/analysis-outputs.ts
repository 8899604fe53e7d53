/**
 * Byte-for-byte check that a change to the heuristic analysis (for speed) leaves its outputs
 * unchanged: the full analyzeDependencies result (heuristic strategy) on every seed scenario
 * and corpus plan, and heuristicEdges on generated plans (seeds 1-3, 1,000 and 10,000 steps);
 * and the model path (strategy `llm`, a fake client in-process answering no edge, or the plan-order
 * chain) on the same seed and corpus plans and on generated plans of 1,000 steps.
 *   tsx bench/analysis-outputs.ts write <file>   record the outputs (one sha256 per plan)
 *   tsx bench/analysis-outputs.ts check <file>   compare against a recording; exit 1 on any difference
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { analyzeDependencies, type AnalysisStep, type LlmClient } from '../src/analysis/analyze.js';
import { heuristicEdges } from '../src/analysis/heuristic.js';
import { loadCorpus } from './corpus/corpus.js';
import { loadSeedPlans } from './corpus/seeds.js';
import { generatePlan } from './generate-plan.js';

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** A fake model answering no edge (`empty`) or the plan-order chain (`chain`). */
function fakeModel(steps: readonly AnalysisStep[], answer: 'empty' | 'chain'): LlmClient {
  const edges = answer === 'empty' ? [] : steps.slice(1).map((s, i) => ({ from: steps[i]!.id, to: s.id, reason: 'the model says so' }));
  const text = JSON.stringify({ edges });
  return { name: 'gemini', completeJson: async () => text };
}

async function modelOutputs(out: Record<string, string>, key: string, steps: AnalysisStep[]): Promise<void> {
  for (const answer of ['empty', 'chain'] as const) {
    out[`model/${answer}/${key}`] = hash(await analyzeDependencies(steps, { strategy: 'llm', gemini: fakeModel(steps, answer) }));
  }
}

async function outputs(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const plan of loadSeedPlans()) out[`seed/${plan.name}`] = hash(await analyzeDependencies(plan.steps, { strategy: 'heuristic' }));
  for (const plan of loadCorpus()) out[`corpus/${plan.source}/${plan.name}`] = hash(await analyzeDependencies(plan.steps, { strategy: 'heuristic' }));
  for (const n of [1000, 10_000]) {
    for (const seed of [1, 2, 3]) out[`generated/${n}/${seed}`] = hash(heuristicEdges(generatePlan(n, seed)));
  }
  for (const seed of [1, 2, 3]) out[`generated/1000/${seed}/full`] = hash(await analyzeDependencies(generatePlan(1000, seed), { strategy: 'heuristic' }));
  for (const plan of loadSeedPlans()) await modelOutputs(out, `seed/${plan.name}`, plan.steps);
  for (const plan of loadCorpus()) await modelOutputs(out, `corpus/${plan.source}/${plan.name}`, plan.steps);
  for (const seed of [1, 2]) await modelOutputs(out, `generated/1000/${seed}`, generatePlan(1000, seed));
  return out;
}

const [mode, file] = process.argv.slice(2);
if ((mode !== 'write' && mode !== 'check') || file === undefined) throw new Error(`Expected "write <file>" or "check <file>", got ${process.argv.slice(2).join(' ')}`);
const now = await outputs();
if (mode === 'write') {
  writeFileSync(file, `${JSON.stringify(now, null, 1)}\n`);
  console.log(`${Object.keys(now).length} outputs written to ${file}`);
} else {
  const before = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const keys = new Set([...Object.keys(before), ...Object.keys(now)]);
  const differ = [...keys].filter((k) => before[k] !== now[k]);
  for (const k of differ.slice(0, 20)) console.log(`differs: ${k}`);
  console.log(`${keys.size - differ.length}/${keys.size} outputs identical`);
  process.exitCode = differ.length === 0 ? 0 : 1;
}
