/**
 * Why the heuristic loses the true orderings it loses, by the independence evidence that left
 * each truly ordered (directly linked) pair unordered: the reason's rule, counted, with examples.
 *   tsx bench/corpus/misses.ts [--part tuning] [--source asynchow] [--examples 3]
 * Tuning only by default (the held-out part is scored at the end, not studied).
 */
import { parseArgs } from 'node:util';
import { analyzeDependencies } from '../../src/analysis/analyze.js';
import { ancestors, graphFromEdges } from '../../src/engine/graph.js';
import { loadCorpus } from './corpus.js';
import { textOf } from '../../src/analysis/heuristic.js';

const { values } = parseArgs({ options: { part: { type: 'string', default: 'tuning' }, source: { type: 'string' }, examples: { type: 'string', default: '3' } } });
const plans = loadCorpus().filter((p) => p.part === values.part && (values.source === undefined || p.source === values.source));
const byReason = new Map<string, { count: number; examples: string[] }>();
for (const plan of plans) {
  const result = await analyzeDependencies(plan.steps, { strategy: 'heuristic' });
  const ids = plan.steps.map((s) => s.id);
  const predicted = ancestors(graphFromEdges(ids, result.edges));
  // A tool-call step has no text: its call, shortened, instead.
  const text = new Map(plan.steps.map((s) => [s.id, textOf(s) || `${s.tool ?? ''}(${JSON.stringify(s.arguments ?? {}).slice(0, 80)})`]));
  for (const [from, to] of plan.edges) {
    if (predicted.get(to)?.has(from) === true) continue;
    const entry = result.independence.find((e) => e.steps.includes(from) && e.steps.includes(to));
    const reason = entry === undefined ? '(no entry)' : entry.reason.replace(/"[^"]*"/g, '"…"').slice(0, 90);
    const row = byReason.get(reason) ?? { count: 0, examples: [] };
    row.count++;
    if (row.examples.length < Number(values.examples)) row.examples.push(`${plan.name}: [${from}] ${text.get(from)}  ->  [${to}] ${text.get(to)}`);
    byReason.set(reason, row);
  }
}
for (const [reason, row] of [...byReason].sort((a, b) => b[1].count - a[1].count)) {
  console.log(`${String(row.count).padStart(5)}  ${reason}`);
  for (const e of row.examples) console.log(`         ${e}`);
}
