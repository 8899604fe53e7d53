/**
 * run_plan's MCP result: structuredContent and a text content that carries the result of
 * every returned step (`outputs`) in full, both kept under the response budget
 * (tools/response-budget.ts). A step whose result does not fit keeps its status — it ran,
 * and its dependents got its value — and gets `error: result_too_large` in place of `result`.
 */
import type { ToolResult } from '../engine/outcome.js';
import { jsonByteLength } from './json-size.js';
import { anyOverlap, formatMs, formatRatio, lateNote } from './render.js';
import { fitResponse, type ResponseLimits } from './response-budget.js';
import { resultText } from './result-text.js';
import type { RunPlanOutput } from './run-plan.js';
import { speedupOverRest, startWaitMs, startWaitNote } from './start-wait.js';

/** JSON-RPC framing, the content array and the isError flag around the two copies. */
const FRAMING_BYTES = 512;

export interface RunPlanResponse {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent: RunPlanOutput & { [key: string]: unknown };
  isError: boolean;
}

export function runPlanResponse(output: RunPlanOutput, gantt: string, limits: ResponseLimits): RunPlanResponse {
  const texts = output.steps.map((step) => (step.result === undefined ? undefined : resultText(step.result as ToolResult)));
  const items = output.steps.map((step, i) =>
    step.result === undefined ? undefined : { resultBytes: jsonByteLength(step.result), textBytes: jsonByteLength(texts[i]) },
  );
  const skeleton = { ...output, steps: output.steps.map(({ result: _result, ...rest }) => rest) };
  const fixedBytes = FRAMING_BYTES + jsonByteLength(skeleton) + jsonByteLength(renderPlanResult(skeleton, gantt, []));
  const refused = fitResponse(items, limits, {
    fixedBytes,
    advice: 'list only the steps you need in `outputs`, or run fewer steps per plan',
  });
  let fitted = output;
  if (refused.size > 0) {
    fitted = {
      ...output,
      steps: output.steps.map((step, i) => {
        const error = refused.get(i);
        if (!error) return step;
        texts[i] = undefined;
        const { result: _result, ...rest } = step;
        return { ...rest, error };
      }),
    };
  }
  return {
    content: [{ type: 'text', text: renderPlanResult(fitted, gantt, texts) }],
    structuredContent: fitted,
    isError: fitted.summary.succeeded === 0,
  };
}

type StepView = Omit<RunPlanOutput['steps'][number], 'result'> & { result?: unknown };

/**
 * The summary lines, then each step: a header `- id [status] server/tool (time, attempts)`
 * and, for a returned result, the result in full on the lines below (`texts[index]`); then
 * the gantt chart.
 */
export function renderPlanResult(
  output: { steps: readonly StepView[]; summary: RunPlanOutput['summary'] },
  gantt: string,
  texts: ReadonlyArray<string | undefined>,
): string {
  const s = output.summary;
  const intervals = output.steps.map((step) => ({ start: step.started_ms ?? 0, end: (step.started_ms ?? 0) + (step.duration_ms ?? 0) }));
  // The makespan spent waiting for servers to start is named, and the speedup is over the rest.
  const waitMs = Math.min(startWaitMs(output.steps), s.makespan_ms);
  const speedup =
    s.succeeded === 0
      ? 'n/a, nothing succeeded'
      : !anyOverlap(intervals)
        ? 'n/a, no two steps ran at once'
        : waitMs > 0
          ? speedupOverRest(s.sum_ms, s.makespan_ms, waitMs, formatRatio, formatMs)
          : formatRatio(s.speedup);
  const lines = [
    `${s.succeeded}/${s.total} steps succeeded` +
      (s.failed ? `, ${s.failed} failed` : '') +
      (s.skipped ? `, ${s.skipped} skipped` : '') +
      (s.cancelled ? `, ${s.cancelled} cancelled` : '') +
      ` in ${formatMs(s.makespan_ms)}${startWaitNote(waitMs, formatMs)} (sequential ${formatMs(s.sum_ms)}, speedup ${speedup}, ` +
      `efficiency ${Math.round(s.efficiency * 100)}% of the lower bound ${formatMs(s.lower_bound_ms)})`,
    `Critical path: ${s.critical_path.steps.join(' -> ')} (${formatMs(s.critical_path.ms)})`,
  ];
  for (const skipped of s.not_retried ?? []) lines.push(`Not retried: ${skipped.id}: ${skipped.reason}`);
  if (s.usage) lines.push(`Model tokens: ${s.usage.input_tokens} in, ${s.usage.output_tokens} out`);
  if (s.inferred_edges?.length) {
    lines.push(`Inferred dependencies (${s.analysis_method}): ${s.inferred_edges.map((e) => `${e.from} -> ${e.to}`).join(', ')}`);
  }
  // A result body is set off by blank lines; a step without one is a single line.
  let afterBody = true;
  output.steps.forEach((step, index) => {
    const where =
      step.kind === 'prompt'
        ? `prompt/${step.usage?.provider ?? 'no model'}${step.usage?.model ? ` (${step.usage.model})` : ''}`
        : step.server ? `${step.server}/${step.tool}` : step.tool;
    const head = `- ${step.id} [${step.status}${step.reused ? ', reused' : ''}] ${where}`;
    const time = step.duration_ms === undefined ? '' : ` (${formatMs(step.duration_ms)}, attempts ${step.attempts})`;
    const text = step.status === 'ok' && !step.error ? texts[index] : undefined;
    if (afterBody || text !== undefined) lines.push('');
    afterBody = text !== undefined;
    if (step.status === 'ok') {
      if (step.error) lines.push(`${head}${time}: its result was not returned: ${step.error.code}: ${step.error.message}`);
      else if (text === undefined) lines.push(`${head}${time}: result not returned (not in outputs)`);
      else lines.push(`${head}${time}`, text);
    } else {
      lines.push(`${head}${time}: ${step.error ? `${step.error.code}: ${step.error.message}` : (step.reason ?? '')}${step.late ? lateNote(step.late) : ''}`);
    }
  });
  lines.push('', '```mermaid', gantt, '```');
  return lines.join('\n');
}
