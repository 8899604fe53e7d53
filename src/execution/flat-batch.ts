/**
 * A run of independent tool calls that needs nothing of the scheduler but its order and its
 * caps (issue 13: one batch of N calls; flat-batch-check.ts says which runs are): N single
 * attempts, without the scheduler's step states, attempt contexts and deadline heap.
 *
 * It answers what runSteps answers through engine/scheduler.ts for the same steps: the same
 * records (status, attempts, times measured the same way, result or error, the cancellation's
 * error and reason), the same events in the same order, the same learned durations. Calls
 * start in the scheduler's order (engine/start-order.ts), at most `maxConcurrency` at once; a
 * call whose capped server is full waits for it (flat-batch-queue.ts) without holding a global
 * slot, as the scheduler parks it. test/execution/flat-batch.test.ts runs generated batches
 * both ways on one real pool and compares.
 *
 * Memory: what is kept per call is a few numbers in typed arrays; its call options (the same
 * shape as one-tool-step.ts' and the scheduler path's, so the downstream code that reads them
 * sees one kind of object) exist while it runs, and only its record once it has ended.
 */
import { setMaxListeners } from 'node:events';
import { unwatchAbort, watchAbort, type AbortWatcher, type WatcherList } from '../downstream/abort-watch.js';
import type { CallReceiver } from '../downstream/call-receiver.js';
import type { CallOptions, DownstreamPool } from '../downstream/pool.js';
import { callError, type CallError, type CallOutcome, type LateAnswer } from '../engine/outcome.js';
import { describeStepError, normalizeOutcome, type SchedulerEvent, type StepRecord, type StepStatus } from '../engine/scheduler.js';
import type { SlotLease } from '../engine/server-slots.js';
import { finishedRecord } from '../engine/step-record.js';
import { prepareFlatBatch, serverOfStep } from './flat-batch-order.js';
import { FlatBatchQueue } from './flat-batch-queue.js';
import type { Resolution, RunnableStep, RunStepsOptions, RunStepsResult } from './run-steps.js';
import { isResolved, SMALL_RUN_STEPS } from './step-checks.js';

/** runSteps' answer for a flat batch (isFlatBatch). */
export async function runFlatBatch(
  pool: DownstreamPool,
  steps: readonly RunnableStep[],
  known: ReadonlyArray<Resolution | undefined>,
  options: RunStepsOptions,
): Promise<RunStepsResult> {
  const batch = new FlatBatch(pool, steps, known as ReadonlyArray<Resolution>, options);
  const { records, makespan_ms } = await new Promise<{ records: StepRecord[]; makespan_ms: number }>((resolve) => batch.start(resolve));
  batch.lateTaken = false;
  const late = batch.lateAnswers;
  if (late !== undefined) {
    for (const [index, answer] of late) {
      const record = records[index]!;
      if (record.status !== 'ok') record.late = answer;
    }
  }
  // Nothing resolves during a flat batch: its resolutions are the ones it was given (no copy of a list as long as the batch).
  return { records, makespan_ms, resolutions: known as Array<Resolution | undefined>, notRetried: [] };
}

const WAITING = 0;
const RUNNING = 1;
const DONE = 2;

class FlatBatch implements AbortWatcher, CallReceiver {
  abortPrev: AbortWatcher | undefined = undefined;
  abortNext: AbortWatcher | undefined = undefined;
  abortList: WatcherList | undefined = undefined;

  readonly #n: number;
  readonly #phase: Uint8Array;
  /** The steps not started yet, in the start order. */
  readonly #queue: FlatBatchQueue;
  /** Per step, once it has started: when (run time), and when it was sent (NaN until then). */
  readonly #attemptAt: Float64Array;
  readonly #sentAt: Float64Array;
  /** The server slots of running calls, by step index (holes elsewhere). */
  readonly #leases: Array<SlotLease | undefined>;
  /** Filled in as calls end, in any order (made at its full length: no store out of bounds). */
  readonly #records: StepRecord[];
  /** Per step: the duration keys (only with durations). */
  readonly #toolKeys: string[] | undefined;
  readonly #detailKeys: Array<string | undefined> | undefined;
  /** Steps whose fixed arguments failed the check (they fail at once). */
  readonly #invalid: Map<number, CallError> | undefined;
  readonly #maxConcurrency: number;
  readonly #signal: AbortSignal;
  #running = 0;
  #done = 0;
  #settling = 0;
  #stopped = false;
  #pumping = false;
  #pumpAgain = false;
  #startedAt = 0;
  #resolve: ((result: { records: StepRecord[]; makespan_ms: number }) => void) | undefined;
  /** Late answers are kept while the run goes on (runSteps' `running`). */
  lateTaken = true;
  lateAnswers: Map<number, LateAnswer> | undefined;
  /** The last server a timeout was worked out for, and that timeout (calls of a batch mostly share one). */
  #timeoutServer: string | undefined = undefined;
  #timeoutOfServer: number | undefined = undefined;
  #timeoutKnown = false;
  /** The step whose call is being started (-1 when none), and when: a call sent within its start was sent then. */
  #starting = -1;
  #startingAt = 0;
  /** The last plain call's options, handed again to calls with the same slot lease and timeout (#callOptionsOf). */
  #sharedOptions: CallOptions | undefined;

  constructor(
    private readonly pool: DownstreamPool,
    private readonly steps: readonly RunnableStep[],
    private readonly known: ReadonlyArray<Resolution>,
    private readonly options: RunStepsOptions,
  ) {
    const n = steps.length;
    this.#n = n;
    this.#phase = new Uint8Array(n);
    this.#attemptAt = new Float64Array(n);
    this.#sentAt = new Float64Array(n).fill(NaN);
    this.#leases = new Array<SlotLease | undefined>(n);
    this.#records = new Array<StepRecord>(n);
    const max = options.maxConcurrency;
    this.#maxConcurrency = max >= 1 ? max : 1;
    // The scheduler's run signal for a run only the caller can stop: the caller's, else one nobody aborts.
    this.#signal = options.signal ?? new AbortController().signal;
    const prepared = prepareFlatBatch(pool, steps, known, options);
    this.#queue = new FlatBatchQueue(pool.serverSlots, n, prepared.order, () => {
      if (this.#settling === 0) this.#pump();
    });
    this.#toolKeys = prepared.toolKeys;
    this.#detailKeys = prepared.detailKeys;
    this.#invalid = prepared.invalid;
  }

  #serverOf(index: number): string | undefined {
    return serverOfStep(this.pool, this.steps[index]!, this.known[index]!);
  }

  start(resolve: (result: { records: StepRecord[]; makespan_ms: number }) => void): void {
    this.#resolve = resolve;
    this.#startedAt = performance.now();
    const signal = this.#signal;
    if (signal.aborted) {
      this.#stop('the run was cancelled before it started');
      return;
    }
    if (this.options.signal) watchAbort(signal, this);
    // Many calls listen to the caller's signal at once (the SDK path adds a listener per call): no leak warning.
    if (this.#n > SMALL_RUN_STEPS) setMaxListeners(0, signal);
    this.#pump();
  }

  #now(): number {
    return performance.now() - this.#startedAt;
  }

  #pump(): void {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    do {
      this.#pumpAgain = false;
      this.#dispatch();
    } while (this.#pumpAgain);
    this.#pumping = false;
  }

  #dispatch(): void {
    const slots = this.pool.serverSlots;
    const queue = this.#queue;
    while (!this.#stopped && this.#running < this.#maxConcurrency) {
      const position = queue.pop();
      if (position === undefined) return;
      const index = queue.indexAt(position);
      const server = this.#serverOf(index);
      let lease: SlotLease | undefined;
      if (server !== undefined) {
        lease = slots.tryAcquire(server);
        if (!lease) {
          queue.park(position, server);
          continue;
        }
      }
      this.#startCall(index, server, lease);
    }
  }

  #startCall(index: number, server: string | undefined, lease: SlotLease | undefined): void {
    const step = this.steps[index]!;
    this.#phase[index] = RUNNING;
    this.#running += 1;
    const now = this.#now();
    this.#attemptAt[index] = now;
    this.#leases[index] = lease;
    if (this.options.onEvent) this.#emit({ type: 'started', id: step.id, attempt: 1, at_ms: now });
    // A call sent within this (a ready server: the usual case) was sent now: no second clock reading.
    this.#starting = index;
    this.#startingAt = now;
    try {
      // The call's news comes back by callback (callSent, callReported, callLate): no promise per call.
      const atOnce = this.#execute(index, step, server, lease);
      // What the scheduler's Promise.resolve(outcome).then does with an outcome known at once: a microtask later.
      if (atOnce !== undefined) queueMicrotask(() => this.#settle(index, normalizeOutcome(atOnce, step.id)));
    } catch (error) {
      queueMicrotask(() => this.#settle(index, { ok: false, error: callError('internal_error', `step "${step.id}" threw: ${describeStepError(error)}`) }));
    } finally {
      this.#starting = -1;
    }
  }

  /** CallReceiver: call `index`'s outcome, when its promise's reaction would have run (call-receiver.ts). */
  callReported(index: number, outcome: CallOutcome): void {
    this.#settle(index, normalizeOutcome(outcome, this.steps[index]!.id));
  }

  /** CallReceiver: call `index`'s request is being sent now (the scheduler's ExecuteContext.sent). */
  callSent(index: number): void {
    if (this.#phase[index] === RUNNING && Number.isNaN(this.#sentAt[index]!)) this.#sentAt[index] = index === this.#starting ? this.#startingAt : this.#now();
  }

  /** CallReceiver: a timed-out or cancelled call's answer that came anyway. */
  callLate(index: number, answer: LateAnswer): void {
    if (this.lateTaken) (this.lateAnswers ??= new Map()).set(index, answer);
  }

  /** scheduleSteps' timeout of a step: its own, its server's, the default. */
  #timeoutOf(step: RunnableStep, server: string | undefined): number {
    if (step.timeoutMs !== undefined) return step.timeoutMs;
    if (!this.#timeoutKnown || server !== this.#timeoutServer) {
      this.#timeoutServer = server;
      this.#timeoutOfServer = server === undefined ? undefined : this.options.serverTimeoutOf?.(server);
      this.#timeoutKnown = true;
    }
    return this.#timeoutOfServer ?? this.options.defaultTimeoutMs;
  }

  /** Starts the call (undefined), or its outcome when known at once (an unresolved tool, invalid arguments). */
  #execute(index: number, step: RunnableStep, server: string | undefined, lease: SlotLease | undefined): CallOutcome | undefined {
    const resolution = this.known[index]!;
    if (!isResolved(resolution)) return { ok: false, error: resolution };
    const invalid = this.#invalid?.get(index);
    if (invalid) return { ok: false, error: invalid };
    this.pool.startCall(resolution, step.arguments ?? {}, this.#callOptionsOf(step, server, lease!), this, index);
    return undefined;
  }

  /**
   * A call's options: its signal, timeout and slot (its news comes to callSent / callLate, not
   * to closures). Calls of one server in one shared slot lease (an uncapped server's) with no
   * options of their own get one object, made once: the downstream code only reads it.
   */
  #callOptionsOf(step: RunnableStep, server: string | undefined, lease: SlotLease): CallOptions {
    const timeoutMs = this.#timeoutOf(step, server);
    const plain = step.asTask !== true && step.resetTimeoutOnProgress === undefined && step.maxTotalTimeoutMs === undefined;
    const shared = this.#sharedOptions;
    if (plain && shared !== undefined && shared.slot === lease && shared.timeoutMs === timeoutMs) return shared;
    // Keys in the order one-tool-step.ts and the scheduler path set them (less the two callbacks).
    const callOptions: CallOptions = { signal: this.#signal, timeoutMs, slot: lease };
    if (step.asTask) callOptions.asTask = true;
    if (step.resetTimeoutOnProgress !== undefined) callOptions.resetTimeoutOnProgress = step.resetTimeoutOnProgress;
    if (step.maxTotalTimeoutMs !== undefined) callOptions.maxTotalTimeoutMs = step.maxTotalTimeoutMs;
    if (plain) this.#sharedOptions = callOptions;
    return callOptions;
  }

  #settle(index: number, outcome: CallOutcome): void {
    if (this.#phase[index] !== RUNNING) return;
    this.#settling += 1;
    try {
      this.#end(index);
      // One clock reading for the learned duration and the record's end.
      const now = this.#now();
      if (outcome.ok) {
        const toolKeys = this.#toolKeys;
        if (toolKeys !== undefined) this.options.durations!.record(toolKeys[index]!, now - this.#attemptAt[index]!, this.#detailKeys?.[index]);
        this.#finish(index, 'ok', true, outcome, undefined, undefined, now);
      } else {
        this.#finish(index, 'failed', true, undefined, outcome.error, undefined, now);
      }
    } finally {
      this.#settling -= 1;
    }
    this.#pump();
  }

  /** The call leaves the running set and gives its slot back (the scheduler's #releaseSlot). */
  #end(index: number): void {
    this.#running -= 1;
    const lease = this.#leases[index];
    this.#leases[index] = undefined;
    lease?.release();
  }

  /** The caller's signal aborted (abort-watch.ts). */
  aborted(): void {
    this.#stop('the run was cancelled');
  }

  /** The scheduler's #stop for a cancellation: calls in flight and calls not started are cancelled, in input order. */
  #stop(reason: string): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#settling += 1;
    for (let index = 0; index < this.#n; index++) {
      const phase = this.#phase[index];
      if (phase === RUNNING) {
        this.#end(index);
        this.#finish(index, 'cancelled', true, undefined, callError('cancelled', `stopped in flight: ${reason}`), reason);
      } else if (phase === WAITING) {
        this.#finish(index, 'cancelled', false, undefined, callError('cancelled', `not started: ${reason}`), `not started: ${reason}`);
      }
    }
    this.#settling -= 1;
  }

  #finish(
    index: number,
    status: StepStatus,
    /** Whether its attempt began (else: not started). */
    ran: boolean,
    ok: { result: StepRecord['result'] } | undefined,
    error: CallError | undefined,
    reason: string | undefined,
    now = this.#now(),
  ): void {
    this.#phase[index] = DONE;
    const sentAt = this.#sentAt[index]!;
    const record = finishedRecord(
      this.steps[index]!.id, status, ran ? 1 : 0,
      ran ? this.#attemptAt[index]! : undefined, Number.isNaN(sentAt) ? undefined : sentAt,
      now, ok?.result, error, reason,
    );
    this.#records[index] = record;
    this.#done += 1;
    if (this.options.onEvent) this.#emit({ type: 'finished', record });
    if (this.#done === this.#n) this.#complete();
  }

  #complete(): void {
    if (this.options.signal) unwatchAbort(this.options.signal, this);
    this.#queue.close();
    this.#stopped = true;
    this.#resolve!({ records: this.#records, makespan_ms: this.#now() });
  }

  #emit(event: SchedulerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's fault must not break the run.
    }
  }
}
