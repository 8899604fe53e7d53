/**
 * A running step's news (a downstream task's status) as one line that names the step:
 * "call 3 simulate-research-query: working — Gathering sources..." (call_tools_parallel) or
 * "step fetch (simulate-research-query): working — ..." (run_plan, resume_run). The run's
 * upstream progress notifications and its task's statusMessage carry it.
 */
import type { RunStepSpec, RunTool } from './run-types.js';

export function stepNews(tool: RunTool, step: RunStepSpec | undefined, id: string, message: string): string {
  const name = step?.tool ?? 'prompt';
  return tool === 'call_tools_parallel' ? `call ${id} ${name}: ${message}` : `step ${id} (${name}): ${message}`;
}
