/**
 * call_tools_parallel's text rendering as it was before it cached its header pieces (main at
 * a455df5), kept so a property test can check that the new one writes the same text.
 */
import type { CallResult, CallSummary } from '../../src/tools/call-tools-parallel.js';
import { anyTimingOverlap, formatMs, formatRatio, lateNote } from '../../src/tools/render.js';

export function previousRenderCallResults(results: ReadonlyArray<Omit<CallResult, 'result'>>, summary: CallSummary, texts: ReadonlyArray<string | undefined>): string {
  const lines = [summaryLine(results, summary)];
  let afterBody = true;
  for (const r of results) {
    const where = r.kind === 'prompt' ? `prompt/${r.usage?.provider ?? 'no model'}` : r.server ? `${r.server}/${r.tool}` : r.tool;
    const text = r.ok ? texts[r.index] : undefined;
    if (afterBody || text !== undefined) lines.push('');
    afterBody = text !== undefined;
    if (r.ok) {
      lines.push(`[${r.index}] ok ${where} (${formatMs(r.duration_ms)})`);
      if (text !== undefined) lines.push(text);
    } else {
      const state = r.error?.code === 'cancelled' ? 'CANCELLED' : 'FAILED';
      lines.push(`[${r.index}] ${state} ${where}: ${r.error?.code}: ${r.error?.message}${r.late ? lateNote(r.late) : ''}`);
    }
  }
  return lines.join('\n');
}

function summaryLine(results: ReadonlyArray<Omit<CallResult, 'result'>>, s: CallSummary): string {
  const counts = `${s.succeeded}/${s.total} calls succeeded` + (s.failed ? `, ${s.failed} failed` : '') + (s.cancelled ? `, ${s.cancelled} cancelled` : '');
  const speedup =
    s.succeeded === 0 ? 'n/a, nothing succeeded' : anyTimingOverlap(results) ? formatRatio(s.speedup) : 'n/a, no two calls ran at once';
  return `${counts} in ${formatMs(s.wall_ms)} (sequential ${formatMs(s.sum_ms)}, speedup ${speedup})`;
}
