/**
 * What a run tool answers: at once for a background run (`{ run_id, status: "working" }`),
 * or the run's report when it ends (the foreground answer, with its `run_id`).
 */
import type { RunEnd, RunReport, RunView } from './run-types.js';

export interface RunAnswer {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent: Record<string, unknown>;
  isError: boolean;
}

export function startedAnswer(view: RunView): RunAnswer {
  return {
    content: [
      {
        type: 'text',
        text:
          `Run ${view.run_id} started in the background (${view.progress.total} step(s)). ` +
          `Follow it with get_run { "run_id": "${view.run_id}", "wait_ms": 30000 }; cancel it with cancel_run.`,
      },
    ],
    structuredContent: { run_id: view.run_id, status: 'working' },
    isError: false,
  };
}

/** The run's report as its tool answers it; a run cancelled before it had one says so. */
export function finishedAnswer(view: RunEnd): RunAnswer {
  const report = view.report;
  if (!report) {
    return {
      content: [{ type: 'text', text: `Run ${view.run_id} is ${view.status}${view.status_message ? `: ${view.status_message}` : ''}` }],
      structuredContent: { run_id: view.run_id, status: view.status },
      isError: view.status !== 'completed',
    };
  }
  return {
    content: [{ type: 'text', text: `${report.text}\nrun_id: ${view.run_id}` }],
    structuredContent: { run_id: view.run_id, status: view.status, ...report.structured },
    isError: report.isError,
  };
}

/** A tool's foreground MCP result as the run's report. */
export function reportOf(response: { content: ReadonlyArray<{ type: string; text?: string }>; structuredContent?: Record<string, unknown>; isError?: boolean }): RunReport {
  const text = response.content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
  return { text, ...(response.structuredContent ? { structured: response.structuredContent } : {}), isError: response.isError === true };
}
