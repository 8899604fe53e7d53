/**
 * The run registry: every run_plan / call_tools_parallel / resume_run execution, whatever
 * follows it (the request, get_run, an MCP task). An interface, so that a durable store
 * could back it where runs must outlive the process; InMemoryRunRegistry is the one here.
 */
import type { RunContext, RunEnd, RunMemory, RunMode, RunSpec, RunView, RunWork } from './run-types.js';

export interface ReserveOptions {
  mode: RunMode;
  /** The upstream session that starts the run (HTTP); list_runs and tasks/list show a session its own runs. */
  session?: string;
}

export interface BeginOptions {
  /**
   * The run's signal may be a RunStop's (run-stop.ts: no EventTarget) because every reader
   * of it uses only aborted, reason, throwIfAborted and 'abort' listeners (a one-call tool run).
   */
  lightSignal?: boolean;
}

export interface RunRegistry {
  /** How long a finished run is kept. */
  readonly ttlMs: number;
  /** A run id, status working, not started yet (an MCP task is created before its tool runs). Throws RunLimitError when full. */
  reserve(options: ReserveOptions): string;
  /** Starts the work of a reserved run. */
  begin(id: string, spec: RunSpec, work: RunWork, options?: BeginOptions): void;
  /** reserve + begin. */
  start(options: ReserveOptions, spec: RunSpec, work: RunWork): string;
  /** Ends a reserved run that could not begin. */
  fail(id: string, message: string): void;
  get(id: string): RunView | undefined;
  /** True when the run is kept and was started by `session` (or both have none); builds no view. */
  isOf(id: string, session: string | undefined): boolean;
  /** The run's mode, without building its view (undefined: no such run). */
  modeOf(id: string): RunMode | undefined;
  /** Resolves when the run has ended (its report is ready) or `waitMs` passed or `signal` aborted. */
  wait(id: string, waitMs: number, signal?: AbortSignal): Promise<RunView | undefined>;
  /** Resolves when the run has ended and its report is ready. */
  settled(id: string): Promise<RunView | undefined>;
  /** Resolves when the run has ended (at once when it has, or is not kept); builds no view. */
  whenEnded(id: string): Promise<void>;
  /**
   * whenEnded without a promise: `onEnd` is called when the run ends, inside the end (so a
   * foreground answer is built in the turn the report is ready), or at once when it has ended
   * or is not kept. A throw of `onEnd` is its own.
   */
  onEnded(id: string, onEnd: () => void): void;
  /** An ended run's answer fields, sweeping expired runs first as `get` does; undefined: not kept, or still working. */
  endOf(id: string): RunEnd | undefined;
  /** Cancels a working run (its in-flight calls are cancelled); a finished run is left as it is. */
  cancel(id: string, reason?: string): RunView | undefined;
  /** Newest first; `session` keeps only that session's runs. */
  list(session?: string): RunView[];
  /** Called on every change of the run (a step started or finished, the end). */
  subscribe(id: string, listener: (view: RunView) => void): () => void;
  /** What resume_run needs, once the run has ended. */
  memory(id: string): RunMemory | undefined;
  setMode(id: string, mode: RunMode): void;
}

export type { RunContext };
