/**
 * What a finished schedule measured: counts, makespan, the sequential sum, speedup, the
 * critical path by actual durations, the lower bound no schedule on k slots can beat, and
 * Mermaid renderings (a gantt of the actual schedule, a flowchart of the plan). Pure.
 */
import { criticalPath, edgesOf, makespanLowerBound, type DependencyGraph } from './graph.js';
import type { ScheduleResult, StepRecord, StepStatus } from './scheduler.js';

export interface PlanSummary {
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  cancelled: number;
  makespan_ms: number;
  /** The sequential time: the sum of every step's duration. */
  sum_ms: number;
  /** sum / makespan. */
  speedup: number;
  /** The heaviest dependency chain by measured durations. */
  critical_path: { steps: string[]; ms: number };
  /** max(critical path, sum / max_concurrency). */
  lower_bound_ms: number;
  /** lower bound / makespan: 1 means no schedule could have been faster. */
  efficiency: number;
  /** null when unlimited. */
  max_concurrency: number | null;
}

export function summarizeSchedule(result: ScheduleResult, graph: DependencyGraph, maxConcurrency: number): PlanSummary {
  const counts: Record<StepStatus, number> = { ok: 0, failed: 0, skipped: 0, cancelled: 0 };
  const durations = new Map<string, number>();
  let sum = 0;
  for (const record of result.records) {
    counts[record.status] += 1;
    const ms = record.duration_ms ?? 0;
    sum += ms;
    durations.set(record.id, ms);
  }
  const critical = criticalPath(graph, (id) => durations.get(id) ?? 0);
  const k = Number.isFinite(maxConcurrency) && maxConcurrency > 0 ? maxConcurrency : Infinity;
  const lowerBound = makespanLowerBound(critical.ms, sum, k);
  const makespan = result.makespan_ms;
  return {
    total: result.records.length,
    succeeded: counts.ok,
    failed: counts.failed,
    skipped: counts.skipped,
    cancelled: counts.cancelled,
    makespan_ms: makespan,
    sum_ms: sum,
    speedup: makespan > 0 ? sum / makespan : 1,
    critical_path: critical,
    lower_bound_ms: lowerBound,
    efficiency: makespan > 0 ? Math.min(1, lowerBound / makespan) : 1,
    max_concurrency: k === Infinity ? null : k,
  };
}

const GANTT_TAGS: Record<StepStatus, string> = { ok: 'done', failed: 'crit', cancelled: 'active', skipped: '' };

/** Text Mermaid accepts in a task name or title: no `:`, `;`, `#` or line breaks. */
function ganttText(text: string): string {
  return text.replace(/[:;#\r\n]+/g, ' ').replace(/ {2,}/g, ' ').trim() || '?';
}

/**
 * A Mermaid gantt of the actual schedule: one bar per step that ran, from its first start
 * to its end (ms since the run's start). Steps that never ran are listed as comments.
 */
export function renderGantt(records: readonly StepRecord[], title?: string): string {
  const longest = records.reduce((max, r) => Math.max(max, r.ended_ms ?? 0), 0);
  const lines = ['gantt'];
  if (title !== undefined) lines.push(`    title ${ganttText(title)}`);
  lines.push('    dateFormat x', `    axisFormat ${longest < 60_000 ? '%S.%L s' : '%M:%S'}`);
  records.forEach((record, index) => {
    if (record.started_ms === undefined || record.ended_ms === undefined) {
      lines.push(`    %% ${ganttText(record.id)} ${record.status}${record.reason ? ` (${ganttText(record.reason)})` : ''}`);
      return;
    }
    const start = Math.round(record.started_ms);
    const end = Math.max(start + 1, Math.round(record.ended_ms));
    const tag = GANTT_TAGS[record.status];
    const name = record.status === 'ok' ? record.id : `${record.id} (${record.status})`;
    lines.push(`    ${ganttText(name)} :${tag ? `${tag}, ` : ''}t${index}, ${start}, ${end}`);
  });
  return lines.join('\n');
}

function flowchartLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/[\r\n]+/g, ' ');
}

/** A Mermaid flowchart of the plan, left to right; node ids are sanitized (`s0`, `s1`, …). */
export function renderFlowchart(graph: DependencyGraph, labels?: ReadonlyMap<string, string>): string {
  const nodeId = new Map(graph.ids.map((id, index) => [id, `s${index}`]));
  const lines = ['flowchart LR'];
  for (const id of graph.ids) lines.push(`    ${nodeId.get(id)}["${flowchartLabel(labels?.get(id) ?? id)}"]`);
  for (const { from, to } of edgesOf(graph)) {
    const a = nodeId.get(from);
    const b = nodeId.get(to);
    if (a !== undefined && b !== undefined) lines.push(`    ${a} --> ${b}`);
  }
  return lines.join('\n');
}
