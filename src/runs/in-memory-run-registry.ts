/**
 * The run registry in memory: runs are kept `ttlMs` after they end, at most `max` at once
 * (the oldest finished go first; when every kept run is still working, a new one is refused).
 */
import type { SchedulerEvent } from '../engine/scheduler.js';
import type { BeginOptions, ReserveOptions, RunRegistry } from './run-registry.js';
import { newRunId } from './run-id.js';
import { RunStop } from './run-stop.js';
import { stepNews } from './step-news.js';
import { StepTable } from './step-table.js';
import {
  RunLimitError,
  type LiveStepStatus,
  type RunEnd,
  type RunMemory,
  type RunMode,
  type RunReport,
  type RunSpec,
  type RunStatus,
  type RunTool,
  type RunView,
  type RunWork,
} from './run-types.js';

export interface InMemoryRunRegistryOptions {
  ttlMs: number;
  max: number;
  /** Epoch ms (tests inject a clock). */
  now?: () => number;
}

interface RunEntry {
  id: string;
  tool: RunTool;
  mode: RunMode;
  session?: string;
  status: RunStatus;
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  /** Its steps, from `begin` on (step-table.ts: views are built when the run is read). */
  steps: StepTable;
  done: number;
  input?: unknown;
  resumedFrom?: string;
  report?: RunReport;
  statusMessage?: string;
  /** The latest step news, and the step it is of. */
  news?: { id: string; line: string };
  /** Made when the run begins (or is cancelled first): a RunStop where the work asked for one (run-stop.ts). */
  controller: AbortController | RunStop | undefined;
  /** Made when first waited for (most runs are followed by their request alone: RunRegistry.whenEnded). */
  settled?: Promise<void>;
  settle?: () => void;
  /** Made with the first subscriber. */
  listeners?: Set<(view: RunView) => void>;
  /** Who waits for the end through `whenEnded` or `onEnded`: usually the one request, held without an array. */
  onEnd?: (() => void) | Array<() => void>;
  /** The view of an ended run, built once (it changes only through setMode then). */
  endedView?: RunView;
  /** The run that ended next after this one (the registry's queue of ended runs). */
  nextEnded?: RunEntry | undefined;
}

export class InMemoryRunRegistry implements RunRegistry {
  readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;
  private readonly runs = new Map<string, RunEntry>();
  /**
   * Ended runs in the order they ended, linked through their nextEnded: the first is the oldest
   * finished and expires first, and runs leave from the front only (no Map set and delete per run).
   */
  private oldestEnded: RunEntry | undefined;
  private newestEnded: RunEntry | undefined;

  constructor(options: InMemoryRunRegistryOptions) {
    this.ttlMs = options.ttlMs;
    this.max = options.max;
    this.now = options.now ?? Date.now;
  }

  reserve(options: ReserveOptions): string {
    // One clock reading for the sweep and the new run (this runs once per request).
    const now = this.now();
    this.sweep(now);
    if (this.runs.size >= this.max) this.evictOldestFinished();
    if (this.runs.size >= this.max) {
      throw new RunLimitError(
        `too many runs: ${this.runs.size} are still working (parallelMcp.runs.max is ${this.max}); wait for one to end or cancel one with cancel_run`,
      );
    }
    const id = newRunId();
    const entry: RunEntry = {
      id,
      tool: 'run_plan',
      mode: options.mode,
      status: 'working',
      createdAt: now,
      updatedAt: now,
      steps: NO_STEPS,
      done: 0,
      controller: undefined,
    };
    if (options.session !== undefined) entry.session = options.session;
    this.runs.set(id, entry);
    return id;
  }

  begin(id: string, spec: RunSpec, work: RunWork, options?: BeginOptions): void {
    const entry = this.runs.get(id);
    if (!entry) throw new Error(`run "${id}" is not reserved (it may have expired)`);
    entry.tool = spec.tool;
    entry.steps = new StepTable(spec.steps, spec.outputs ? new Set(spec.outputs) : undefined);
    if (spec.input !== undefined) entry.input = spec.input;
    if (spec.resumed_from !== undefined) entry.resumedFrom = spec.resumed_from;
    let work$: Promise<RunReport>;
    try {
      const controller = (entry.controller ??= options?.lightSignal === true ? new RunStop() : new AbortController());
      work$ = work({ signal: controller.signal, onEvent: (event) => this.onEvent(entry, event) });
    } catch (error) {
      work$ = Promise.reject(error);
    }
    work$.then(
      (report) => this.end(entry, report),
      (error: unknown) => this.end(entry, { text: `The run failed: ${messageOf(error)}`, isError: true, runFailed: true }),
    );
  }

  start(options: ReserveOptions, spec: RunSpec, work: RunWork): string {
    const id = this.reserve(options);
    this.begin(id, spec, work);
    return id;
  }

  fail(id: string, message: string): void {
    const entry = this.runs.get(id);
    if (entry && entry.endedAt === undefined) this.end(entry, { text: message, isError: true, runFailed: true });
  }

  get(id: string): RunView | undefined {
    this.sweep();
    const entry = this.runs.get(id);
    return entry && this.view(entry);
  }

  isOf(id: string, session: string | undefined): boolean {
    this.sweep();
    const entry = this.runs.get(id);
    return entry !== undefined && entry.session === session;
  }

  modeOf(id: string): RunMode | undefined {
    return this.runs.get(id)?.mode;
  }

  async wait(id: string, waitMs: number, signal?: AbortSignal): Promise<RunView | undefined> {
    const entry = this.runs.get(id);
    if (!entry) return this.get(id);
    if (entry.endedAt === undefined && waitMs > 0 && !signal?.aborted) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort: (() => void) | undefined;
      await Promise.race([
        settledOf(entry),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, waitMs);
          onAbort = resolve;
          signal?.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
    // Dropped meanwhile (expired, or evicted for a newer run): as get() answers for it.
    return this.runs.get(id) === entry ? this.view(entry) : undefined;
  }

  cancel(id: string, reason = 'cancelled'): RunView | undefined {
    const entry = this.runs.get(id);
    if (!entry) return undefined;
    if (entry.status === 'working') {
      entry.status = 'cancelled';
      entry.statusMessage = reason;
      (entry.controller ??= new AbortController()).abort(new Error(reason));
      this.notify(entry);
    }
    return this.view(entry);
  }

  list(session?: string): RunView[] {
    this.sweep();
    return [...this.runs.values()]
      .filter((entry) => session === undefined || entry.session === session)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((entry) => this.view(entry));
  }

  subscribe(id: string, listener: (view: RunView) => void): () => void {
    const entry = this.runs.get(id);
    if (!entry) return () => undefined;
    const listeners = (entry.listeners ??= new Set());
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  memory(id: string): RunMemory | undefined {
    const entry = this.runs.get(id);
    if (!entry || entry.endedAt === undefined) return undefined;
    const stepStatus: Map<string, LiveStepStatus> = entry.steps.statuses();
    return { tool: entry.tool, input: entry.input, status: entry.status, stepStatus, results: entry.steps.results() };
  }

  setMode(id: string, mode: RunMode): void {
    const entry = this.runs.get(id);
    if (!entry) return;
    entry.mode = mode;
    delete entry.endedView;
  }

  /** Resolves when the run has ended (for tests and tasks/result). */
  async settled(id: string): Promise<RunView | undefined> {
    const entry = this.runs.get(id);
    if (!entry) return undefined;
    await settledOf(entry);
    return this.runs.get(id) === entry ? this.view(entry) : undefined;
  }

  whenEnded(id: string): Promise<void> {
    const entry = this.runs.get(id);
    if (!entry || entry.endedAt !== undefined) return Promise.resolve();
    return new Promise((resolve) => addEndListener(entry, resolve));
  }

  onEnded(id: string, onEnd: () => void): void {
    const entry = this.runs.get(id);
    if (!entry || entry.endedAt !== undefined) {
      callQuietly(onEnd);
      return;
    }
    addEndListener(entry, onEnd);
  }

  endOf(id: string): RunEnd | undefined {
    this.sweep();
    const entry = this.runs.get(id);
    if (!entry || entry.endedAt === undefined) return undefined;
    if (entry.endedView) return entry.endedView;
    const end: RunEnd = { run_id: entry.id, status: entry.status };
    if (entry.statusMessage !== undefined) end.status_message = entry.statusMessage;
    if (entry.report !== undefined) end.report = entry.report;
    return end;
  }

  private onEvent(entry: RunEntry, event: SchedulerEvent): void {
    const steps = entry.steps;
    if (event.type === 'started') {
      const k = steps.positionOf(event.id);
      if (k >= 0 && steps.started(k, event.attempt)) this.notify(entry);
      return;
    }
    if (event.type === 'progress') {
      const k = steps.positionOf(event.id);
      if (k < 0 || !steps.news(k, event.message)) return;
      entry.news = { id: event.id, line: stepNews(entry.tool, steps.specAt(k), event.id, event.message) };
      this.notify(entry);
      return;
    }
    if (event.type !== 'finished') return;
    const record = event.record;
    const k = steps.positionOf(record.id);
    if (k < 0 || !steps.finished(k, record)) return;
    if (entry.news !== undefined && entry.news.id === record.id) delete entry.news;
    entry.done += 1;
    this.notify(entry);
  }

  private end(entry: RunEntry, report: RunReport): void {
    if (entry.endedAt !== undefined) return;
    entry.report = report;
    // Nothing cancels an ended run (cancel() stops working ones only): its stop goes now, not when the run is dropped.
    entry.controller = undefined;
    const now = this.now();
    entry.endedAt = now;
    if (this.newestEnded === undefined) this.oldestEnded = entry;
    else this.newestEnded.nextEnded = entry;
    this.newestEnded = entry;
    if (entry.status === 'working') entry.status = report.runFailed ? 'failed' : 'completed';
    if (report.runFailed && entry.statusMessage === undefined) entry.statusMessage = firstLine(report.text);
    // Steps the scheduler never reported (a run that could not start) stay as they were.
    entry.settle?.();
    const onEnd = entry.onEnd;
    if (onEnd !== undefined) {
      entry.onEnd = undefined;
      if (typeof onEnd === 'function') callQuietly(onEnd);
      else for (const listener of onEnd) callQuietly(listener);
    }
    this.notify(entry, now);
  }

  private notify(entry: RunEntry, now = this.now()): void {
    entry.updatedAt = now;
    if (entry.endedView !== undefined) delete entry.endedView;
    if (entry.listeners === undefined || entry.listeners.size === 0) return;
    const view = this.view(entry);
    for (const listener of entry.listeners) {
      try {
        listener(view);
      } catch {
        // a listener's fault is its own
      }
    }
  }

  /** Views are never changed by their readers: an ended run's is built once (a big run's copies every step). */
  private view(entry: RunEntry): RunView {
    if (entry.endedView) return entry.endedView;
    const end = entry.endedAt ?? this.now();
    const view: RunView = {
      run_id: entry.id,
      tool: entry.tool,
      mode: entry.mode,
      status: entry.status,
      created_at: entry.createdAt,
      updated_at: entry.updatedAt,
      elapsed_ms: Math.max(0, end - entry.createdAt),
      progress: { done: entry.done, total: entry.steps.size },
      steps: entry.steps.views(),
    };
    if (entry.endedAt !== undefined) view.ended_at = entry.endedAt;
    if (entry.statusMessage !== undefined) view.status_message = entry.statusMessage;
    if (entry.news !== undefined && entry.endedAt === undefined) view.progress_message = entry.news.line;
    if (entry.resumedFrom !== undefined) view.resumed_from = entry.resumedFrom;
    if (entry.report !== undefined) view.report = entry.report;
    if (entry.session !== undefined) view.session = entry.session;
    if (entry.endedAt !== undefined) entry.endedView = view;
    return view;
  }

  /** Drops runs that ended ttlMs ago or more: the oldest ended ones, in the order they ended. */
  private sweep(now = this.now()): void {
    for (let entry = this.oldestEnded; entry !== undefined; entry = this.oldestEnded) {
      if (now - (entry.endedAt ?? now) < this.ttlMs) break;
      this.drop(entry);
    }
  }

  private evictOldestFinished(): void {
    const oldest = this.oldestEnded;
    if (oldest) this.drop(oldest);
  }

  /**
   * Forgets an ended run, and lets go of what it held (its report, steps, input, view). A
   * Map's old hash tables point to the ones that replaced them, and V8's young-generation
   * collector keeps whatever an old table points to until the next full collection: with
   * runs coming and going, every run's report and steps survived each scavenge and were
   * promoted (issue 13: ~3 KB per one-call request, measured in the bundle). Emptied, a
   * dropped entry such a table still points to holds next to nothing.
   */
  private drop(entry: RunEntry): void {
    // Always the oldest ended run: the front of the queue.
    this.oldestEnded = entry.nextEnded;
    if (this.oldestEnded === undefined) this.newestEnded = undefined;
    // Unlinked too: an old dropped entry pointing to a newer one would keep it through scavenges.
    entry.nextEnded = undefined;
    this.runs.delete(entry.id);
    // Assigned, not deleted: a delete would turn each entry into a dictionary (~700 B more).
    entry.steps = NO_STEPS;
    entry.controller = undefined;
    entry.report = undefined;
    entry.input = undefined;
    entry.endedView = undefined;
    entry.news = undefined;
    entry.listeners = undefined;
    entry.settled = undefined;
    entry.settle = undefined;
  }
}

/** A reserved run's steps, until it begins. */
const NO_STEPS = new StepTable([], undefined);

/** The promise `settled` and `wait` wait on, made when first needed. */
function settledOf(entry: RunEntry): Promise<void> {
  if (entry.endedAt !== undefined) return Promise.resolve();
  return (entry.settled ??= new Promise<void>((resolve) => {
    entry.settle = resolve;
  }));
}

function addEndListener(entry: RunEntry, listener: () => void): void {
  const onEnd = entry.onEnd;
  if (onEnd === undefined) entry.onEnd = listener;
  else if (typeof onEnd === 'function') entry.onEnd = [onEnd, listener];
  else onEnd.push(listener);
}

/** An end listener's fault is its own: the run's end and the other listeners go on. */
function callQuietly(listener: () => void): void {
  try {
    listener();
  } catch {
    // see above
  }
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
