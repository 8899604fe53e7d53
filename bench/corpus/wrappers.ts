/**
 * How the analysis reads the same plans written in other planner styles: the tuning plans whose
 * steps are natural language (no tool call), each step rewritten in a wrapper planners use
 * ("Step 2 Call Tool2 to ...", "**Step 2**: ...", "I need to ...", "With Tool2, ..."), scored
 * beside the plans as written. The ground truth is the plan's own; only the wording changes, so
 * a lost ordering is the wrapper's doing. Tuning part only (the held-out part is not studied).
 *   tsx bench/corpus/wrappers.ts [--form call,md,...] [--source worfbench] [--worse 3]
 */
import { parseArgs } from 'node:util';
import { analyzeDependencies } from '../../src/analysis/analyze.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';
import { loadCorpus, type LoadedPlan } from './corpus.js';
import { scorePlans, type ScoreRow } from './score.js';

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/** Each wrapper: step text and its 1-based position -> the text as that planner style writes it. */
export const WRAPPERS: Record<string, (text: string, k: number) => string> = {
  call: (t, k) => `Step ${k} Call Tool${k} to ${lowerFirst(t)}`,
  use: (t, k) => `Step ${k}: Use tool-${k} to ${lowerFirst(t)}`,
  api: (t, k) => `Step ${k}: Use the Tool${k} API to ${lowerFirst(t)}`,
  invoke: (t, k) => `Invoke the tool_${k} API to ${lowerFirst(t)}`,
  mdcall: (t, k) => `**Step ${k}**: Call \`tool_${k}\` to ${lowerFirst(t)}`,
  bracket: (t, k) => `Step ${k}: [Tool${k}] ${t}`,
  colon: (t, k) => `Tool${k}: ${t}`,
  with: (t, k) => `With Tool${k}, ${lowerFirst(t)}`,
  using: (t, k) => `${t} (using tool_${k})`,
  num: (t, k) => `${k}. ${t}`,
  paren: (t, k) => `(${k}) ${t}`,
  task: (t, k) => `Task ${k}: ${t}`,
  sub: (t, k) => `Subtask ${k} - ${t}`,
  md: (t, k) => `**Step ${k}**: ${t}`,
  heading: (t, k) => `### Step ${k}: ${t}`,
  outline: (t, k) => `1.${k} ${t}`,
  first: (t, k) => `${k === 1 ? 'First' : 'Then'}, ${lowerFirst(t)}`,
  need: (t) => `I need to ${lowerFirst(t)}`,
  we: (t) => `We will ${lowerFirst(t)}`,
  bullet: (t) => `- ${t}`,
};

const textOf = (s: AnalysisStep) => s.description ?? s.title ?? '';

export function rewrite(plan: LoadedPlan, wrap: (text: string, k: number) => string): LoadedPlan {
  return { ...plan, steps: plan.steps.map((s, i) => ({ id: s.id, description: wrap(textOf(s), i + 1) })) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { form: { type: 'string' }, source: { type: 'string' }, worse: { type: 'string', default: '0' } } });
  const forms = values.form === undefined ? Object.keys(WRAPPERS) : values.form.split(',');
  const plans = loadCorpus().filter(
    (p) => p.part === 'tuning' && p.truth === 'dependencies' && (values.source === undefined || p.source === values.source) && p.steps.every((s) => s.tool === undefined && textOf(s) !== ''),
  );
  const analyze = (steps: AnalysisStep[]) => analyzeDependencies(steps, { strategy: 'heuristic' });
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
  const cell = (r: ScoreRow) => `${pct(r.analyzer.quality.recall)} ${pct(r.analyzer.quality.parallelism_kept)}`;
  const sources = [...new Set(plans.map((p) => p.source))];
  const original = new Map<string, ScoreRow>();
  for (const source of sources) original.set(source, await scorePlans(plans.filter((p) => p.source === source), analyze));
  console.log(`recall / parallelism kept, tuning plans with natural-language steps\n${'form'.padEnd(8)} ${sources.map((s) => `${s} (${plans.filter((p) => p.source === s).length})`.padEnd(16)).join(' ')}`);
  console.log(`${'as is'.padEnd(8)} ${sources.map((s) => cell(original.get(s)!).padEnd(16)).join(' ')}`);
  for (const form of forms) {
    const wrap = WRAPPERS[form];
    if (wrap === undefined) throw new Error(`unknown form ${form}: ${Object.keys(WRAPPERS).join(', ')}`);
    const rows: string[] = [];
    const worse: string[] = [];
    for (const source of sources) {
      const mine = plans.filter((p) => p.source === source);
      const row = await scorePlans(mine.map((p) => rewrite(p, wrap)), analyze);
      rows.push(cell(row).padEnd(16));
      const before = original.get(source)!.perPlan;
      row.perPlan.forEach((p, i) => {
        if (worse.length < Number(values.worse) && p.quality.recall < before[i]!.quality.recall) worse.push(p.name);
      });
    }
    console.log(`${form.padEnd(8)} ${rows.join(' ')}${worse.length > 0 ? `  worse: ${worse.join(', ')}` : ''}`);
  }
}

await main();
