/**
 * The step-kind seam: a step that brings its own executor. run-steps.ts schedules it with
 * the tool steps (one scheduler: critical path, caps, failure modes, cancellation) and
 * calls `run` for each attempt. A new kind is one file that builds these (prompt-step.ts)
 * plus its schema in engine/.
 */
import type { CallOutcome } from '../../engine/outcome.js';
import type { ExecuteContext } from '../../engine/scheduler.js';

export interface KindStep {
  readonly kind: string;
  id: string;
  dependsOn: readonly string[];
  timeoutMs?: number;
  retries?: number;
  estimatedMs?: number;
  priority?: number;
  /** Key of the running duration average, e.g. `llm/gemini`. */
  durationKey?: string;
  /** Known to fail before any I/O (e.g. no model available): dispatched first. */
  settlesAtOnce?: boolean;
  run(context: ExecuteContext): CallOutcome | Promise<CallOutcome>;
}

export function isKindStep(step: object): step is KindStep {
  return typeof (step as { run?: unknown }).run === 'function';
}
