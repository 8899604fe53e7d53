/**
 * Human-readable renderings of an analysis: the execution strategy as the seed module
 * showed it before approval ("Batch 1 (parallel): steps 1-10 ..."), and a Mermaid flowchart.
 */
import { CERTAIN_SOURCES, type AnalysisResult, type AnalysisStep, type AnalyzedEdge, type IndependenceEntry } from './schema.js';

/** "1-10, 12" from 1-based positions. */
export function compressNumbers(numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

const NEEDS_ESCAPE = /["\r\n]/;

function label(step: AnalysisStep): string {
  return step.title ?? (step.tool ? `${step.server ? `${step.server}.` : ''}${step.tool}` : step.description ?? step.id);
}

export function mermaidFlowchart(steps: readonly AnalysisStep[], edges: readonly AnalyzedEdge[]): string {
  const node = new Map(steps.map((s, i) => [s.id, `s${i + 1}`]));
  // Most labels hold no quote and no line break: test once, replace only when needed.
  const escape = (text: string) => (NEEDS_ESCAPE.test(text) ? text.replace(/"/g, '#quot;').replace(/[\r\n]+/g, ' ') : text);
  const lines = ['flowchart TD'];
  for (const s of steps) {
    const name = label(s);
    const text = name === s.id ? s.id : `${s.id}: ${name}`;
    lines.push(`  ${node.get(s.id)}["${escape(text)}"]`);
  }
  for (const e of edges) {
    const arrow = CERTAIN_SOURCES.has(e.source) ? '-->' : '-.->';
    lines.push(`  ${node.get(e.from)} ${arrow}|${e.source}| ${node.get(e.to)}`);
  }
  return lines.join('\n');
}

function duration(ms: number, units: boolean): string {
  if (units) return `${ms} unit${ms === 1 ? '' : 's'}`;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const MAX_INDEPENDENCE_LINES = 20;

/** The reason of the independence entry holding most of a parallel batch's steps (`entriesOf`: id -> entry indexes). */
function batchReason(stage: readonly string[], independence: readonly IndependenceEntry[], entriesOf: ReadonlyMap<string, number[]>): string | undefined {
  const counts = new Map<number, number>();
  for (const id of stage) for (const e of entriesOf.get(id) ?? []) counts.set(e, (counts.get(e) ?? 0) + 1);
  let best = -1;
  let bestCount = 1;
  for (const [e, count] of counts) {
    if (count > bestCount) {
      best = e;
      bestCount = count;
    }
  }
  if (best < 0) return undefined;
  const reason = independence[best]!.reason;
  return bestCount === stage.length ? reason : `${reason} (${bestCount} of them)`;
}

export function renderAnalysis(result: AnalysisResult, steps: readonly AnalysisStep[]): string {
  const position = new Map(steps.map((s, i) => [s.id, i + 1]));
  const units = steps.every((s) => s.estimated_ms === undefined);
  const lines: string[] = [`Dependency analysis (method: ${result.method}), ${steps.length} steps`, '', 'Execution strategy:'];
  const entriesOf = new Map<string, number[]>();
  result.independence.forEach((entry, e) => {
    for (const id of entry.steps) {
      const list = entriesOf.get(id);
      if (list) list.push(e);
      else entriesOf.set(id, [e]);
    }
  });
  result.stages.forEach((stage, i) => {
    const numbers = compressNumbers(stage.map((id) => position.get(id)!));
    const noun = stage.length === 1 ? 'step' : 'steps';
    const names = stage.length > 8 ? `${stage.slice(0, 8).join(', ')}, ...` : stage.join(', ');
    const why = stage.length > 1 ? batchReason(stage, result.independence, entriesOf) : undefined;
    lines.push(`- Batch ${i + 1} (${stage.length === 1 ? 'sequential' : 'parallel'}): ${noun} ${numbers} (${names})${why ? ` — ${why}` : ''}`);
  });
  const { sequential_ms, parallel_ms, speedup } = result.estimate;
  lines.push(
    '',
    `Estimated time: ${duration(parallel_ms, units)} vs ${duration(sequential_ms, units)} sequential; ` +
      `estimated speedup ${speedup}x; up to ${result.max_parallelism} at once` +
      (units ? ' (no estimated_ms given: one unit per step)' : ''),
    `Critical path: ${result.critical_path.steps.join(' -> ')} (${duration(result.critical_path.ms, units)})`,
  );
  lines.push('', `Edges (${result.edges.length}):`);
  for (const e of result.edges) lines.push(`- ${e.from} -> ${e.to} [${e.source}] ${e.reason}`);
  if (result.edges.length === 0) lines.push('- none: every step can start at once');
  if (result.independence.length > 0) {
    lines.push('', `Evidence of independence (${result.independence.length}):`);
    for (const entry of result.independence.slice(0, MAX_INDEPENDENCE_LINES)) {
      const ids = entry.steps.length > 8 ? `${entry.steps.slice(0, 8).join(', ')}, ... (${entry.steps.length})` : entry.steps.join(', ');
      lines.push(`- ${ids}: ${entry.reason}`);
    }
    if (result.independence.length > MAX_INDEPENDENCE_LINES) lines.push(`- ... ${result.independence.length - MAX_INDEPENDENCE_LINES} more in structuredContent.independence`);
  }
  if (result.fallbacks.length > 0) lines.push('', 'Fallbacks:', ...result.fallbacks.map((f) => `- ${f}`));
  if (result.warnings.length > 0) lines.push('', 'Warnings:', ...result.warnings.map((w) => `- ${w}`));
  return lines.join('\n');
}
