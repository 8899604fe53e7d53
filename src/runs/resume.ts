/**
 * resume_run's plan: the steps of a finished run, with corrected definitions where given;
 * a step that succeeded is reused (its result answered, its tool not called again) unless
 * it was corrected or depends, directly or not, on a step that runs again.
 */
import type { ToolResult } from '../engine/outcome.js';
import { validatePlan, type PlanStep } from '../engine/plan.js';
import type { RunMemory } from './run-types.js';

/** The run_plan input fields resume_run carries over (the rest of a run_plan input passes through). */
export interface ResumablePlanInput {
  steps: PlanStep[];
  [key: string]: unknown;
}

export type ResumePlan =
  | { ok: true; input: ResumablePlanInput; reuse: Map<string, ToolResult>; rerun: string[] }
  | { ok: false; message: string };

export function planResume(runId: string, memory: RunMemory | undefined, corrections: readonly PlanStep[] = []): ResumePlan {
  if (!memory) return { ok: false, message: `run "${runId}" has not ended yet: wait for it (get_run with wait_ms) or cancel it (cancel_run) before resuming it` };
  // A run that never ran (an invalid plan) has no ok step: resuming it runs it all, corrected.
  const original = planInputOf(memory);
  if (!original) return { ok: false, message: `run "${runId}" was a ${memory.tool} run whose input was not kept; it cannot be resumed` };
  const ids = new Set(original.steps.map((step) => step.id));
  const corrected = new Map<string, PlanStep>();
  const problems: string[] = [];
  corrections.forEach((step, index) => {
    if (!ids.has(step.id)) problems.push(`steps[${index}].id: expected the id of a step of run "${runId}" (${[...ids].map((id) => `"${id}"`).join(', ')}), got "${step.id}"`);
    else if (corrected.has(step.id)) problems.push(`steps[${index}].id: "${step.id}" is corrected twice`);
    else corrected.set(step.id, step);
  });
  if (problems.length > 0) return { ok: false, message: `resume_run: ${problems.length} problem(s) with the corrected steps:\n${problems.join('\n')}` };

  const steps = original.steps.map((step) => corrected.get(step.id) ?? step);
  const rerun = new Set(steps.filter((step) => corrected.has(step.id) || memory.stepStatus.get(step.id) !== 'ok' || !memory.results.has(step.id)).map((s) => s.id));
  const validation = validatePlan(steps);
  if (validation.ok) {
    // Dependents of a step that runs again run again too: the value they used may change.
    let grew = true;
    while (grew) {
      grew = false;
      for (const step of steps) {
        if (rerun.has(step.id)) continue;
        if ((validation.graph.dependsOn.get(step.id) ?? []).some((dep) => rerun.has(dep))) {
          rerun.add(step.id);
          grew = true;
        }
      }
    }
  }
  const reuse = new Map<string, ToolResult>();
  for (const step of steps) {
    const result = memory.results.get(step.id);
    if (!rerun.has(step.id) && result) reuse.set(step.id, result);
  }
  return { ok: true, input: { ...original, steps }, reuse, rerun: steps.filter((s) => rerun.has(s.id)).map((s) => s.id) };
}

/** A run's input as a run_plan input: call_tools_parallel calls become steps "0", "1", … */
function planInputOf(memory: RunMemory): ResumablePlanInput | undefined {
  const input = memory.input as Record<string, unknown> | undefined;
  if (!input) return undefined;
  if (memory.tool !== 'call_tools_parallel') {
    const { background: _background, ...rest } = input;
    return Array.isArray(rest.steps) ? (rest as ResumablePlanInput) : undefined;
  }
  const calls = input.calls as Array<{ server?: string; tool: string; arguments?: Record<string, unknown>; timeout_ms?: number; as_task?: boolean }> | undefined;
  if (!Array.isArray(calls)) return undefined;
  const plan: ResumablePlanInput = {
    steps: calls.map((call, index) => ({
      id: String(index),
      ...(call.server === undefined ? {} : { server: call.server }),
      tool: call.tool,
      ...(call.arguments === undefined ? {} : { arguments: call.arguments }),
      ...(call.timeout_ms === undefined ? {} : { timeout_ms: call.timeout_ms }),
      ...(call.as_task === undefined ? {} : { as_task: call.as_task }),
    })),
    retries: typeof input.retries === 'number' ? input.retries : 0,
    failure_mode: input.fail_fast === true ? 'fail_fast' : 'partial_completion',
  };
  if (typeof input.max_concurrency === 'number') plan.max_concurrency = input.max_concurrency;
  if (typeof input.timeout_ms === 'number') plan.step_timeout_ms = input.timeout_ms;
  return plan;
}
