/**
 * A run's steps as the registry follows them from the scheduler's events, kept compactly and
 * turned into get_run's step views only when someone reads the run (issue 13: a plain
 * 10,000-call batch is followed by its request alone, and a view object per step, a Map entry
 * per step and one per result were kept for nothing until its end).
 *
 * Per step: its status (one byte), its attempts, the finished record of the event (the same
 * object the runner keeps for its answer), and a running step's news; server and tool are kept
 * per run of equal neighbours (a batch's calls mostly share both); ids "0", "1", … (a
 * call_tools_parallel run's) are not kept at all. A view is what the previous per-step objects
 * held, key for key in the order they were set: id, server, tool, status, attempts,
 * status_message (running) or duration_ms, error, reason, result (ended).
 * test/runs/step-table.test.ts compares both on generated event sequences.
 */
import type { StepRecord } from '../engine/scheduler.js';
import type { LiveStepStatus, RunStepSpec, RunStepView } from './run-types.js';

const STATUSES: readonly LiveStepStatus[] = ['pending', 'running', 'ok', 'failed', 'skipped', 'cancelled'];
const PENDING = 0;
const RUNNING = 1;
const CODES: Readonly<Record<string, number>> = { ok: 2, failed: 3, skipped: 4, cancelled: 5 };
/**
 * Up to this many steps, statuses and attempts are kept in plain arrays: a typed array costs
 * ~150 B and a slow constructor each, and most runs are one-call requests (issue 13).
 */
const SMALL_TABLE = 16;

/** Statuses or attempts + 1 by position, all 0 at first. */
type Counts = Uint8Array | Uint16Array | number[];

function zeros(size: number, large: () => Uint8Array | Uint16Array): Counts {
  if (size > SMALL_TABLE) return large();
  if (size === 1) return [0];
  const counts = new Array<number>(size);
  for (let k = 0; k < size; k++) counts[k] = 0;
  return counts;
}

export class StepTable {
  /** Steps, one per distinct id (a later spec of an id replaces an earlier one, in its place). */
  readonly size: number;
  /** The ids, by position; undefined when step k's id is String(k). */
  readonly #ids: string[] | undefined;
  /** Positions by id, when the ids are not positions. */
  readonly #positions: Map<string, number> | undefined;
  /** Runs of neighbours with one server and tool: the first position of each, its server, its tool. */
  readonly #runStart: number[];
  readonly #runServer: Array<string | undefined>;
  readonly #runTool: Array<string | undefined>;
  readonly #status: Counts;
  /** Attempts + 1 by position (0: none told yet). */
  #attempts: Counts | undefined;
  /** The record of each ended step (holes elsewhere). */
  #records: Array<StepRecord | undefined> | undefined;
  /** A running step's latest news, by position. */
  #messages: Map<number, string> | undefined;
  readonly #outputs: ReadonlySet<string> | undefined;

  constructor(steps: readonly RunStepSpec[], outputs: ReadonlySet<string> | undefined) {
    this.#outputs = outputs;
    let positional = true;
    for (let k = 0; k < steps.length; k++) {
      if (!isPositionId(steps[k]!.id, k)) {
        positional = false;
        break;
      }
    }
    let specs = steps;
    if (!positional) {
      // One step per id, in the order ids first came, with the last spec of each.
      const positions = new Map<string, number>();
      const unique: RunStepSpec[] = [];
      for (const step of steps) {
        const at = positions.get(step.id);
        if (at === undefined) {
          positions.set(step.id, unique.length);
          unique.push(step);
        } else {
          unique[at] = step;
        }
      }
      this.#positions = positions;
      this.#ids = unique.map((step) => step.id);
      specs = unique;
    }
    const size = specs.length;
    this.size = size;
    this.#status = zeros(size, () => new Uint8Array(size));
    // The first run of neighbours in arrays of its own size (a push on an empty array makes room for 16).
    if (size === 0) {
      this.#runStart = [];
      this.#runServer = [];
      this.#runTool = [];
      return;
    }
    this.#runStart = [0];
    this.#runServer = [specs[0]!.server];
    this.#runTool = [specs[0]!.tool];
    for (let k = 1; k < size; k++) {
      const { server, tool } = specs[k]!;
      const last = this.#runStart.length - 1;
      if (last >= 0 && this.#runServer[last] === server && this.#runTool[last] === tool) continue;
      this.#runStart.push(k);
      this.#runServer.push(server);
      this.#runTool.push(tool);
    }
  }

  /** The step's position, or -1 when the run has no such step. */
  positionOf(id: string): number {
    const positions = this.#positions;
    if (positions !== undefined) return positions.get(id) ?? -1;
    // Ids are positions: "12" is step 12 (and "012", "1e1" or " 12" no step). Read digit by
    // digit: no number parsed from text and no string made (this runs twice per call).
    const length = id.length;
    if (length === 0 || length > 9 || (length > 1 && id.charCodeAt(0) === 48)) return -1;
    let k = 0;
    for (let i = 0; i < length; i++) {
      const digit = id.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return -1;
      k = k * 10 + digit;
    }
    return k < this.size ? k : -1;
  }

  /** What the step is (for its news). */
  specAt(k: number): RunStepSpec {
    const run = this.#runOf(k);
    const spec: RunStepSpec = { id: this.#idAt(k) };
    if (this.#runServer[run] !== undefined) spec.server = this.#runServer[run];
    if (this.#runTool[run] !== undefined) spec.tool = this.#runTool[run];
    return spec;
  }

  statusAt(k: number): LiveStepStatus {
    return STATUSES[this.#status[k]!]!;
  }

  /** A 'started' event: a pending step runs; its attempts are the event's. */
  started(k: number, attempt: number): boolean {
    (this.#attempts ??= this.#noAttempts())[k] = attempt + 1;
    if (this.#status[k] !== PENDING) return false;
    this.#status[k] = RUNNING;
    return true;
  }

  /** A 'progress' event's message, on a running step (false: not running, nothing kept). */
  news(k: number, message: string): boolean {
    if (this.#status[k] !== RUNNING) return false;
    (this.#messages ??= new Map()).set(k, message);
    return true;
  }

  /** A 'finished' event of a pending or running step (false: it had ended, nothing changes). */
  finished(k: number, record: StepRecord): boolean {
    const status = this.#status[k]!;
    if (status !== PENDING && status !== RUNNING) return false;
    this.#messages?.delete(k);
    this.#status[k] = CODES[record.status]!;
    (this.#attempts ??= this.#noAttempts())[k] = record.attempts + 1;
    (this.#records ??= new Array<StepRecord | undefined>(this.size))[k] = record;
    return true;
  }

  /** Every step's view, in order. */
  views(): RunStepView[] {
    const views = new Array<RunStepView>(this.size);
    for (let k = 0; k < this.size; k++) views[k] = this.#viewAt(k);
    return views;
  }

  /** Each step's status, by id. */
  statuses(): Map<string, LiveStepStatus> {
    const statuses = new Map<string, LiveStepStatus>();
    for (let k = 0; k < this.size; k++) statuses.set(this.#idAt(k), this.statusAt(k));
    return statuses;
  }

  /** The result of every step that succeeded with one, by id (whatever the outputs). */
  results(): Map<string, NonNullable<StepRecord['result']>> {
    const results = new Map<string, NonNullable<StepRecord['result']>>();
    const records = this.#records;
    if (records === undefined) return results;
    for (let k = 0; k < this.size; k++) {
      const record = records[k];
      if (record !== undefined && record.status === 'ok' && record.result !== undefined) results.set(this.#idAt(k), record.result);
    }
    return results;
  }

  #noAttempts(): Counts {
    const size = this.size;
    return zeros(size, () => new Uint16Array(size));
  }

  #idAt(k: number): string {
    return this.#ids === undefined ? String(k) : this.#ids[k]!;
  }

  /** The run of neighbours position k is in (binary search: views are rare). */
  #runOf(k: number): number {
    const starts = this.#runStart;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= k) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  #viewAt(k: number): RunStepView {
    const run = this.#runOf(k);
    const server = this.#runServer[run];
    const tool = this.#runTool[run];
    const id = this.#idAt(k);
    let view: RunStepView;
    if (server !== undefined && tool !== undefined) {
      view = { id, server, tool, status: this.statusAt(k) };
    } else {
      view = { id } as RunStepView;
      if (server !== undefined) view.server = server;
      if (tool !== undefined) view.tool = tool;
      view.status = this.statusAt(k);
    }
    const attempts = this.#attempts?.[k] ?? 0;
    if (attempts > 0) view.attempts = attempts - 1;
    const status = this.#status[k]!;
    if (status === RUNNING) {
      const message = this.#messages?.get(k);
      if (message !== undefined) view.status_message = message;
      return view;
    }
    if (status === PENDING) return view;
    const record = this.#records![k]!;
    if (record.duration_ms !== undefined) view.duration_ms = Math.round(record.duration_ms * 10) / 10;
    if (record.error !== undefined) view.error = record.error;
    if (record.reason !== undefined) view.reason = record.reason;
    if (record.status === 'ok' && record.result !== undefined && (!this.#outputs || this.#outputs.has(id))) view.result = record.result;
    return view;
  }
}

/** Whether `id` is String(k), read digit by digit (no string made per step: a batch's table is made once per run of 10,000 steps). */
function isPositionId(id: string, k: number): boolean {
  const length = id.length;
  if (length === 0 || length > 15 || (length > 1 && id.charCodeAt(0) === 48)) return false;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    n = n * 10 + digit;
  }
  return n === k;
}
