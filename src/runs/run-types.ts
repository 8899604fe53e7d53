/**
 * The run registry's vocabulary. A run is one run_plan / call_tools_parallel / resume_run
 * execution, held by runs/ instead of by the request that started it: in the foreground
 * (the request waits), in the background (`background: true`) or as an MCP task. No SDK here.
 */
import type { ToolResult } from '../engine/outcome.js';
import type { SchedulerEvent, StepStatus } from '../engine/scheduler.js';

export const RUN_STATUSES = ['working', 'completed', 'failed', 'cancelled'] as const;
/**
 * working: not finished; completed: the run finished, whatever its steps' statuses;
 * failed: the run itself could not run (an invalid plan, an internal fault);
 * cancelled: cancel_run, tasks/cancel or the foreground request was cancelled.
 */
export type RunStatus = (typeof RUN_STATUSES)[number];

export type RunTool = 'run_plan' | 'call_tools_parallel' | 'resume_run';

/** How the run is followed: the request waits for it, or it answers at once. */
export type RunMode = 'foreground' | 'background' | 'task';

export type LiveStepStatus = 'pending' | 'running' | StepStatus;

export interface RunStepSpec {
  id: string;
  server?: string | undefined;
  /** Absent for a step that is not a tool call (a prompt step). */
  tool?: string | undefined;
}

/** What the tool answers when the run ends: the foreground result, as text and structure. */
export interface RunReport {
  text: string;
  structured?: Record<string, unknown>;
  /** The MCP result's isError. */
  isError: boolean;
  /** The run itself could not run (status `failed`), e.g. the plan was invalid. */
  runFailed?: boolean;
}

/** A step as get_run shows it while the run works. */
export interface RunStepView {
  id: string;
  server?: string | undefined;
  tool?: string | undefined;
  status: LiveStepStatus;
  attempts?: number;
  duration_ms?: number;
  result?: ToolResult;
  error?: { code: string; message: string; details?: unknown };
  reason?: string;
  /** While it runs: its latest news (a downstream task's status, "working — Gathering sources..."). */
  status_message?: string;
}

export interface RunView {
  run_id: string;
  tool: RunTool;
  mode: RunMode;
  status: RunStatus;
  /** Epoch ms. */
  created_at: number;
  /** Epoch ms of the last change. */
  updated_at: number;
  ended_at?: number;
  elapsed_ms: number;
  progress: { done: number; total: number };
  steps: RunStepView[];
  status_message?: string;
  /** While it works: the latest news of a running step, naming it (runs/step-news.ts). */
  progress_message?: string;
  resumed_from?: string;
  /** Set when the run has ended and its report is ready. */
  report?: RunReport;
  /** The upstream session that started it (HTTP), if any. */
  session?: string;
}

/** What a run's answer needs once it has ended: its view without the steps (no copy of every step). */
export type RunEnd = Pick<RunView, 'run_id' | 'status' | 'status_message' | 'report'>;

export interface RunSpec {
  tool: RunTool;
  steps: readonly RunStepSpec[];
  /** Ids of the steps whose results get_run shows (the run's `outputs`); default all. */
  outputs?: readonly string[];
  /** The parsed tool input, kept for resume_run. */
  input?: unknown;
  resumed_from?: string;
}

export interface RunContext {
  /** Aborted by cancel_run, tasks/cancel, or the foreground request's cancellation. */
  signal: AbortSignal;
  /** The scheduler's events: the registry follows each step's status from them. */
  onEvent: (event: SchedulerEvent) => void;
}

export type RunWork = (context: RunContext) => Promise<RunReport>;

/** What resume_run needs of a finished run. */
export interface RunMemory {
  tool: RunTool;
  input: unknown;
  status: RunStatus;
  /** Final status of each step, by id. */
  stepStatus: ReadonlyMap<string, LiveStepStatus>;
  /** The full result of every step that succeeded, whatever `outputs` said. */
  results: ReadonlyMap<string, ToolResult>;
}

export class RunLimitError extends Error {
  override readonly name = 'RunLimitError';
}
