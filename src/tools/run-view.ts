/**
 * How get_run and cancel_run show a run: while it works, every step's status and the results
 * of finished steps (the run's `outputs` apply); once it has ended, the run's own report —
 * the steps (or call results) and summary its tool answered in the foreground.
 */
import * as z from 'zod';
import { RUN_STATUSES, type RunStepView, type RunView } from '../runs/run-types.js';
import { jsonByteLength } from './json-size.js';
import { formatMs } from './render.js';
import { fitResponse, type ResponseLimits } from './response-budget.js';
import { resultText } from './result-text.js';

/** JSON-RPC framing, the content array and the isError flag around the two copies. */
const FRAMING_BYTES = 512;

export const RunViewShape = {
  run_id: z.string(),
  tool: z.enum(['run_plan', 'call_tools_parallel', 'resume_run']),
  status: z.enum(RUN_STATUSES),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  elapsed_ms: z.number(),
  created_at: z.string().describe('ISO 8601'),
  ended_at: z.string().optional(),
  status_message: z.string().optional(),
  progress_message: z.string().optional().describe('While it works: the latest news of a running step (a downstream task\'s status).'),
  resumed_from: z.string().optional(),
  steps: z.array(z.record(z.string(), z.unknown())).describe('run_plan: its steps; call_tools_parallel: its results; while working: { id, status, result? } per step.'),
  summary: z.record(z.string(), z.unknown()).optional().describe('The run\'s summary, once it has ended.'),
};

export type RunViewOutput = z.infer<z.ZodObject<typeof RunViewShape>>;

export function runViewOutput(view: RunView): RunViewOutput {
  const structured = view.report?.structured;
  const finalSteps = (structured?.steps ?? structured?.results) as Array<Record<string, unknown>> | undefined;
  const output: RunViewOutput = {
    run_id: view.run_id,
    tool: view.tool,
    status: view.status,
    progress: view.progress,
    elapsed_ms: Math.round(view.elapsed_ms),
    created_at: new Date(view.created_at).toISOString(),
    steps: finalSteps ?? view.steps.map((step) => ({ ...step })),
  };
  if (view.ended_at !== undefined) output.ended_at = new Date(view.ended_at).toISOString();
  if (view.status_message !== undefined) output.status_message = view.status_message;
  if (view.progress_message !== undefined) output.progress_message = view.progress_message;
  if (view.resumed_from !== undefined) output.resumed_from = view.resumed_from;
  if (structured?.summary !== undefined) output.summary = structured.summary as Record<string, unknown>;
  return output;
}

/**
 * get_run's and cancel_run's MCP result, within the response limits (tools/response-budget.ts,
 * the one owner). A working run's finished results are fitted here: one over maxResultBytes,
 * or the largest while the whole is over maxResponseBytes, is replaced by `result_too_large`
 * (the step keeps its status). An ended run's report was fitted when its tool made it.
 */
export function runViewResponse(view: RunView, limits: ResponseLimits): { content: Array<{ type: 'text'; text: string }>; structuredContent: RunViewOutput } {
  if (view.report) return { content: [{ type: 'text', text: renderRunView(view) }], structuredContent: runViewOutput(view) };
  const previews = view.steps.map((step) => (step.result === undefined ? undefined : preview(resultText(step.result))));
  const items = view.steps.map((step, i) =>
    step.result === undefined ? undefined : { resultBytes: jsonByteLength(step.result), textBytes: jsonByteLength(previews[i]) },
  );
  const skeleton: RunView = { ...view, steps: view.steps.map(({ result: _result, ...rest }) => rest) };
  const fixedBytes = FRAMING_BYTES + jsonByteLength(runViewOutput(skeleton)) + jsonByteLength(renderRunView(skeleton));
  const refused = fitResponse(items, limits, {
    fixedBytes,
    advice: 'ask get_run again once the run has ended and list only the steps you need in the run\'s `outputs`, or run fewer steps per run',
  });
  const fitted: RunView =
    refused.size === 0
      ? view
      : {
          ...view,
          steps: view.steps.map((step, i): RunStepView => {
            const error = refused.get(i);
            if (!error) return step;
            const { result: _result, ...rest } = step;
            return { ...rest, error };
          }),
        };
  return { content: [{ type: 'text', text: renderRunView(fitted) }], structuredContent: runViewOutput(fitted) };
}

export function renderRunView(view: RunView): string {
  const head =
    `Run ${view.run_id} (${view.tool}): ${view.status}` +
    (view.status_message ? ` (${view.status_message})` : '') +
    `, ${view.progress.done}/${view.progress.total} steps done, ${formatMs(view.elapsed_ms)}` +
    (view.resumed_from ? `, resumed from ${view.resumed_from}` : '');
  if (view.report) return `${head}\n${view.report.text}`;
  const lines = [head];
  for (const step of view.steps) {
    const where = step.tool === undefined ? 'prompt' : step.server ? `${step.server}/${step.tool}` : step.tool;
    let line = `- ${step.id} [${step.status}] ${where}`;
    if (step.error) line += `: ${step.error.code}: ${step.error.message}`;
    else if (step.result) line += `: ${preview(resultText(step.result))}`;
    else if (step.status_message) line += `: ${step.status_message}`;
    lines.push(line);
  }
  if (view.status === 'working') lines.push(`Poll again with get_run { "run_id": "${view.run_id}", "wait_ms": 30000 }.`);
  return lines.join('\n');
}

export function unknownRunMessage(runId: string, ttlMs: number): string {
  return `unknown run "${runId}": expected the run_id of a run of this parallel-mcp process; finished runs are kept ${formatMs(ttlMs)} (parallelMcp.runs.ttlMs)`;
}

/** A working run's finished result in one line; get_run's structuredContent has it whole. */
function preview(text: string, maxChars = 240): string {
  const line = text.replace(/\s*\n\s*/g, ' | ').trim();
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}
