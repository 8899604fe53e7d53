/**
 * mermaidFlowchart as it was before it escaped only labels that need it (main at 14c2ad0),
 * kept so a property test can check that the new one answers the same.
 */
import { CERTAIN_SOURCES, type AnalysisStep, type AnalyzedEdge } from '../../src/analysis/schema.js';

function label(step: AnalysisStep): string {
  return step.title ?? (step.tool ? `${step.server ? `${step.server}.` : ''}${step.tool}` : step.description ?? step.id);
}

export function previousMermaidFlowchart(steps: readonly AnalysisStep[], edges: readonly AnalyzedEdge[]): string {
  const node = new Map(steps.map((s, i) => [s.id, `s${i + 1}`]));
  const escape = (text: string) => text.replace(/"/g, '#quot;').replace(/[\r\n]+/g, ' ');
  const lines = ['flowchart TD'];
  for (const s of steps) {
    const text = label(s) === s.id ? s.id : `${s.id}: ${label(s)}`;
    lines.push(`  ${node.get(s.id)}["${escape(text)}"]`);
  }
  for (const e of edges) {
    const arrow = CERTAIN_SOURCES.has(e.source) ? '-->' : '-.->';
    lines.push(`  ${node.get(e.from)} ${arrow}|${e.source}| ${node.get(e.to)}`);
  }
  return lines.join('\n');
}
