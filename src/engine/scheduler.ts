/**
 * Runs a DAG of steps as fast as its dependencies allow. Event-driven, no polling: a step
 * is dispatched the moment its last dependency succeeds. Ready steps go: those that settle at
 * once (known failures) first, then longest remaining path, then higher priority, then plan order. Global, per-server and rate limits;
 * per-attempt timeouts, retries with backoff, a whole-run timeout, three failure modes and
 * external cancellation. Pure: time comes from the injected clock, work from `execute`.
 * `runSchedule` never rejects and returns exactly one record per step, in plan order.
 *
 * Per attempt the hot path costs one small context object and no timer: attempt timeouts are
 * deadlines in one heap, watched by a single clock timer. An attempt's own AbortSignal is made
 * only when the executor reads `context.signal` (an AbortController is the costliest thing
 * per call otherwise); the run has one `runSignal` that aborts when the whole run stops.
 */

import { remainingPathLengths, type DependencyGraph } from './graph.js';
import { MinHeap } from './min-heap.js';
import { callError, isRetryable, retryAfterMsOf, type CallError, type CallOutcome } from './outcome.js';
import { RateLimiter } from './rate-limiter.js';
import { ReadyQueue } from './ready-queue.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import type { SlotLease } from './server-slots.js';
import { compareStarts, ownRank } from './start-order.js';

export type { RetryPolicy } from './retry-policy.js';

export * from './schedule-types.js';
import type {
  Clock, ExecuteContext, FailureMode, ScheduleResult, ScheduledStep, SchedulerEvent, SchedulerOptions, StepRecord, StepStatus,
} from './schedule-types.js';
import { systemClock } from './schedule-types.js';
import { finishedRecord } from './step-record.js';

type Phase = 'pending' | 'ready' | 'running' | 'backoff' | 'done';

interface StepState {
  readonly step: ScheduledStep;
  readonly index: number;
  rank: number;
  readonly priority: number;
  /** 1 when the step settles at once (ScheduledStep.settlesAtOnce), else 0. */
  readonly first: number;
  /** Dependencies that have not yet succeeded (or, under `continue`, finished). */
  waiting: number;
  /** NO_DEPENDENTS (shared) until a first dependent is added. */
  dependents: StepState[];
  phase: Phase;
  attempts: number;
  startedAt?: number;
  attemptStartedAt: number;
  /** Bumped whenever an attempt settles, so late answers of an abandoned attempt are ignored. */
  token: number;
  /** The running attempt (undefined between attempts): aborting it aborts its signal, if one was made. */
  attempt: AttemptContext | undefined;
  /** The running attempt's server slot. */
  lease: SlotLease | undefined;
  /** When an attempt was first sent (ExecuteContext.sent). */
  sentAt?: number;
  /** A backoff wait. */
  timer?: unknown;
}

/** When a running attempt times out; stale once the attempt settled (its token moved on). */
interface Deadline {
  readonly at: number;
  readonly seq: number;
  readonly state: StepState;
  readonly token: number;
}

/** The dependents of a step that has none: shared, never pushed to (replaced on the first edge). */
const NO_DEPENDENTS: StepState[] = [];

export function runSchedule(options: SchedulerOptions): Promise<ScheduleResult> {
  return new Promise((resolve) => new ScheduleRun(options, resolve).start());
}

class ScheduleRun {
  readonly #clock: Clock;
  readonly #states: StepState[];
  readonly #ready: ReadyQueue<StepState>;
  /** Steps waiting for a slot of their server; made when the first one parks. */
  #parked: Map<string, MinHeap<StepState>> | undefined;
  #parkedCount = 0;
  /** Depth of settle/stop work in progress: a slot freed meanwhile is picked up by its final pump. */
  #settling = 0;
  #unsubscribe: (() => void) | undefined;
  readonly #records = new Map<string, StepRecord>();
  readonly #finalRecords: StepRecord[] = [];
  readonly #retryPolicy: RetryPolicy;
  readonly #maxConcurrency: number;
  readonly #limiter: RateLimiter | undefined;
  readonly #failureMode: FailureMode;
  #startedAt = 0;
  #running = 0;
  #backingOff = 0;
  #done = 0;
  #stopped = false;
  #pumping = false;
  #pumpAgain = false;
  #rateTimer: unknown;
  #runTimer: unknown;
  /** Attempt deadlines; none while the executor enforces timeouts (no heap made then). */
  readonly #deadlines: MinHeap<Deadline> | undefined;
  #deadlineSeq = 0;
  #deadlineTimer: unknown;
  #deadlineTimerAt = Infinity;
  #onAbort: (() => void) | undefined;
  /** Aborted when the run stops (fail_fast, run timeout, cancellation); made when first read. */
  #runController: AbortController | undefined;
  #stopReason: Error | undefined;

  constructor(
    private readonly options: SchedulerOptions,
    private readonly resolve: (result: ScheduleResult) => void,
  ) {
    this.#clock = options.clock ?? systemClock;
    // The default policy is only read: shared unless the run changes it.
    this.#retryPolicy = options.retry === undefined ? DEFAULT_RETRY_POLICY : { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#deadlines = options.executorEnforcesTimeouts ? undefined : new MinHeap<Deadline>(byDeadline);
    const max = options.maxConcurrency ?? Infinity;
    this.#maxConcurrency = max >= 1 ? max : 1;
    this.#limiter = options.maxCallsPerSecond === undefined ? undefined : new RateLimiter(options.maxCallsPerSecond);
    this.#failureMode = options.failureMode ?? 'partial_completion';
    this.#ready = new ReadyQueue(byPriority);
    const byId = new Map<string, StepState>();
    this.#states = options.steps.map((step, index) => {
      const state: StepState = {
        step, index, rank: 0, priority: step.priority ?? 0, first: step.settlesAtOnce ? 1 : 0, waiting: 0,
        dependents: NO_DEPENDENTS, phase: 'pending', attempts: 0, attemptStartedAt: 0, token: 0, attempt: undefined, lease: undefined,
      };
      if (!byId.has(step.id)) byId.set(step.id, state);
      return state;
    });
    // Each step's known dependencies, by index; only steps that have some (a batch has none).
    const depsOf: Array<string[] | undefined> = [];
    let edges = 0;
    for (const state of this.#states) {
      if (state.step.dependsOn.length === 0) continue;
      const known = new Set<string>();
      for (const dep of state.step.dependsOn) {
        const from = byId.get(dep);
        if (!from || from === state || known.has(dep)) continue;
        known.add(dep);
        if (from.dependents === NO_DEPENDENTS) from.dependents = [];
        from.dependents.push(state);
        state.waiting += 1;
        edges += 1;
      }
      depsOf[state.index] = [...known];
    }
    if (edges === 0) {
      this.#assignRanks(undefined, byId);
      return;
    }
    const dependsOn = new Map<string, string[]>();
    for (const state of this.#states) {
      if (byId.get(state.step.id) === state) dependsOn.set(state.step.id, depsOf[state.index] ?? []);
    }
    this.#assignRanks({ ids: [...byId.keys()], dependsOn }, byId);
  }

  /** `graph` is undefined when there are no edges. */
  #assignRanks(graph: DependencyGraph | undefined, byId: ReadonlyMap<string, StepState>): void {
    const weightOf = (step: ScheduledStep): number => ownRank(step.estimatedMs, this.options.durations, step.durationKey, step.durationDetailKey);
    if (graph === undefined) {
      // No edges (call_tools_parallel): a step's remaining path is its own weight.
      for (const state of this.#states) state.rank = weightOf(byId.get(state.step.id)!.step);
      return;
    }
    const weight = (id: string): number => weightOf(byId.get(id)!.step);
    let ranks: Map<string, number>;
    try {
      ranks = remainingPathLengths(graph, weight);
    } catch {
      ranks = new Map(graph.ids.map((id) => [id, weight(id)])); // a cycle: those steps never run
    }
    for (const state of this.#states) state.rank = ranks.get(state.step.id) ?? 0;
  }

  start(): void {
    this.#startedAt = this.#clock.now();
    if (this.#states.length === 0) {
      this.#complete();
      return;
    }
    const { signal, timeoutMs } = this.options;
    if (signal?.aborted) {
      this.#stop('cancelled', 'the run was cancelled before it started');
      return;
    }
    if (signal) {
      this.#onAbort = () => this.#stop('cancelled', 'the run was cancelled');
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    if (timeoutMs !== undefined) {
      this.#runTimer = this.#clock.setTimeout(() => this.#stop('run_timeout', `the run's timeout_ms of ${timeoutMs} ms ran out`), timeoutMs);
    }
    const initial: StepState[] = [];
    for (const state of this.#states) {
      if (state.waiting > 0) continue;
      state.phase = 'ready';
      initial.push(state);
    }
    this.#ready.pushAll(initial);
    this.#pump();
  }

  #now(): number {
    return this.#clock.now() - this.#startedAt;
  }

  #makeReady(state: StepState): void {
    state.phase = 'ready';
    this.#ready.push(state);
  }

  #pump(): void {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    do {
      this.#pumpAgain = false;
      this.#dispatchReady();
    } while (this.#pumpAgain);
    this.#pumping = false;
    this.#settleStuckSteps();
  }

  /** A slot of `server` freed (here or in another run): its best parked step may take it. */
  #onSlotFreed(server: string): void {
    const next = this.#parked?.get(server)?.pop();
    if (!next) return;
    this.#parkedCount -= 1;
    this.#ready.push(next);
    if (this.#settling === 0) this.#pump();
  }

  #dispatchReady(): void {
    while (!this.#stopped && this.#running < this.#maxConcurrency && this.#ready.size > 0) {
      const state = this.#ready.pop()!;
      const server = state.step.server;
      let lease: SlotLease | undefined;
      if (server !== undefined && this.options.slots) {
        lease = this.options.slots.tryAcquire(server);
        if (!lease) {
          // Its server is full: wait there, in priority order, holding no global slot and
          // without blocking steps of other servers.
          this.#parked ??= new Map();
          let parked = this.#parked.get(server);
          if (!parked) this.#parked.set(server, (parked = new MinHeap(byPriority)));
          // Freed slots matter to a run only once it has parked a step: it listens from then
          // on (a run that never parks costs the slot table nothing, and is not told of frees).
          this.#unsubscribe ??= this.options.slots.subscribe((freed) => this.#onSlotFreed(freed));
          parked.push(state);
          this.#parkedCount += 1;
          continue;
        }
      }
      if (this.#limiter) {
        const wait = this.#limiter.waitMs(this.#clock.now());
        if (wait > 0) {
          lease?.release();
          this.#ready.push(state);
          if (this.#rateTimer === undefined) {
            this.#rateTimer = this.#clock.setTimeout(() => {
              this.#rateTimer = undefined;
              this.#pump();
            }, wait);
          }
          return;
        }
        this.#limiter.take(this.#clock.now());
      }
      this.#startAttempt(state, lease);
    }
  }

  #startAttempt(state: StepState, lease: SlotLease | undefined): void {
    const { step } = state;
    state.phase = 'running';
    state.attempts += 1;
    state.token += 1;
    const token = state.token;
    const now = this.#now();
    state.startedAt ??= now;
    state.attemptStartedAt = now;
    this.#running += 1;
    state.lease = lease;
    const context = new AttemptContext(this, state, token);
    state.attempt = context;
    if (this.options.onEvent) this.#emit({ type: 'started', id: step.id, attempt: state.attempts, at_ms: now });
    if (step.timeoutMs !== undefined && !this.options.executorEnforcesTimeouts) this.#addDeadline(state, token, this.#clock.now() + step.timeoutMs);
    let pending: Promise<CallOutcome>;
    try {
      pending = Promise.resolve(this.options.execute(step, context));
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (outcome) => this.#settleAttempt(state, token, normalizeOutcome(outcome, step.id)),
      (error: unknown) =>
        this.#settleAttempt(state, token, { ok: false, error: callError('internal_error', `step "${step.id}" threw: ${describeStepError(error)}`) }),
    );
  }

  /** AttemptContext.sent. */
  sent(state: StepState, token: number): void {
    if (state.token === token && state.sentAt === undefined) state.sentAt = this.#now();
  }

  /** ExecuteContext.runSignal: aborted (with the stop's reason) once the run stops. */
  get runSignal(): AbortSignal {
    // A run that only the caller's signal can stop (no fail_fast, no run timeout) stops exactly
    // when that signal aborts: it serves as the run signal, and no controller is made.
    const { signal } = this.options;
    if (signal && this.#failureMode !== 'fail_fast' && this.options.timeoutMs === undefined) return signal;
    if (!this.#runController) {
      this.#runController = new AbortController();
      if (this.#stopReason) this.#runController.abort(this.#stopReason);
    }
    return this.#runController.signal;
  }

  get records(): ReadonlyMap<string, StepRecord> {
    return this.#records;
  }

  #addDeadline(state: StepState, token: number, at: number): void {
    this.#deadlines?.push({ at, seq: this.#deadlineSeq++, state, token });
    if (at < this.#deadlineTimerAt) this.#armDeadlineTimer(at);
  }

  #armDeadlineTimer(at: number): void {
    if (this.#deadlineTimer !== undefined) this.#clock.clearTimeout(this.#deadlineTimer);
    this.#deadlineTimerAt = at;
    this.#deadlineTimer = this.#clock.setTimeout(() => this.#onDeadline(), Math.max(0, at - this.#clock.now()));
  }

  /** Drops deadlines of attempts that have settled from the top of the heap. */
  #dropStaleDeadlines(): void {
    const deadlines = this.#deadlines;
    if (!deadlines) return;
    for (let top = deadlines.peek(); top && !isLive(top); top = deadlines.peek()) deadlines.pop();
  }

  /** The deadline timer fired: time out every attempt that is due, then watch the next deadline. */
  #onDeadline(): void {
    this.#deadlineTimer = undefined;
    this.#deadlineTimerAt = Infinity;
    const now = this.#clock.now();
    for (;;) {
      this.#dropStaleDeadlines();
      const top = this.#deadlines?.peek();
      if (!top || top.at > now || this.#stopped) break;
      this.#deadlines?.pop();
      const { state, token } = top;
      const timeoutMs = state.step.timeoutMs;
      this.#settleAttempt(state, token, {
        ok: false,
        error: callError('timeout', `Expected step "${state.step.id}" to finish within ${timeoutMs} ms, got no answer in time (attempt ${state.attempts})`),
      });
    }
    const next = this.#deadlines?.peek();
    if (next && !this.#stopped && next.at < this.#deadlineTimerAt) this.#armDeadlineTimer(next.at);
  }

  #releaseSlot(state: StepState): void {
    this.#running -= 1;
    state.attempt = undefined;
    this.#dropStaleDeadlines();
    const lease = state.lease;
    state.lease = undefined;
    lease?.release();
  }

  #settleAttempt(state: StepState, token: number, outcome: CallOutcome): void {
    if (state.token !== token || state.phase !== 'running') return;
    this.#settling += 1;
    try {
      this.#settleRunning(state, outcome);
    } finally {
      this.#settling -= 1;
    }
    this.#pump();
  }

  #settleRunning(state: StepState, outcome: CallOutcome): void {
    state.token += 1;
    const attempt = state.attempt;
    this.#releaseSlot(state);
    const { step } = state;
    if (outcome.ok) {
      if (step.durationKey !== undefined) this.options.durations?.record(step.durationKey, this.#now() - state.attemptStartedAt, step.durationDetailKey);
      this.#finish(state, 'ok', { result: outcome.result });
      for (const dependent of state.dependents) this.#dependencyDone(dependent);
    } else {
      if (outcome.error.code === 'timeout') attempt?.abort(new Error(outcome.error.message));
      if (isRetryable(outcome.error) && state.attempts <= (step.retries ?? 0) && this.#mayRetry(step, outcome.error, state.attempts)) {
        this.#retryLater(state, outcome.error);
      } else {
        this.#finish(state, 'failed', { error: outcome.error });
        this.#afterFailure(state);
      }
    }
  }

  #mayRetry(step: ScheduledStep, error: CallError, attempt: number): boolean {
    try {
      return this.options.mayRetry?.(step, error, attempt) ?? true;
    } catch {
      return false;
    }
  }

  #retryLater(state: StepState, error: CallError): void {
    // Never sooner than the callee asked (a 429's retry delay), whatever the backoff says.
    const delay = Math.max(backoffDelayMs(this.#retryPolicy, state.attempts, this.options.random ?? Math.random), retryAfterMsOf(error));
    state.phase = 'backoff';
    this.#backingOff += 1;
    if (this.options.onEvent) this.#emit({ type: 'retrying', id: state.step.id, attempt: state.attempts, delay_ms: delay, error });
    state.timer = this.#clock.setTimeout(() => {
      state.timer = undefined;
      if (state.phase !== 'backoff') return;
      this.#backingOff -= 1;
      this.#makeReady(state);
      this.#pump();
    }, delay);
  }

  #dependencyDone(dependent: StepState): void {
    dependent.waiting -= 1;
    if (dependent.waiting === 0 && dependent.phase === 'pending') this.#makeReady(dependent);
  }

  #afterFailure(failed: StepState): void {
    const id = failed.step.id;
    if (this.#failureMode === 'continue') {
      for (const dependent of failed.dependents) this.#dependencyDone(dependent);
    } else if (this.#failureMode === 'fail_fast') {
      this.#stop('fail_fast', `step "${id}" failed and failure_mode is fail_fast`);
    } else {
      // partial_completion: everything downstream of the failed step is skipped.
      const stack: Array<[StepState, StepState]> = failed.dependents.map((d) => [d, failed]);
      while (stack.length > 0) {
        const [state, via] = stack.pop()!;
        if (state.phase !== 'pending') continue;
        const reason =
          via === failed ? `dependency "${id}" failed` : `ancestor "${id}" failed (via "${via.step.id}")`;
        this.#finish(state, 'skipped', { reason });
        for (const dependent of state.dependents) stack.push([dependent, state]);
      }
    }
  }

  /** Ends the run early: in-flight and backing-off steps are cancelled, the rest skipped or cancelled. */
  #stop(why: 'fail_fast' | 'run_timeout' | 'cancelled', reason: string): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#settling += 1;
    const errorCode = why === 'run_timeout' ? 'timeout' : 'cancelled';
    const stopReason = new Error(reason);
    this.#stopReason = stopReason;
    this.#runController?.abort(stopReason);
    for (const state of this.#states) {
      if (state.phase === 'running' || state.phase === 'backoff') {
        const attempt = state.attempt;
        state.token += 1;
        if (state.phase === 'running') this.#releaseSlot(state);
        else if (state.timer !== undefined) this.#clock.clearTimeout(state.timer);
        attempt?.abort(stopReason);
        this.#finish(state, 'cancelled', { error: callError(errorCode, `stopped in flight: ${reason}`), reason });
      } else if (state.phase !== 'done') {
        if (why === 'cancelled') this.#finish(state, 'cancelled', { error: callError('cancelled', `not started: ${reason}`), reason: `not started: ${reason}` });
        else this.#finish(state, 'skipped', { reason: `not started: ${reason}` });
      }
    }
    this.#settling -= 1;
  }

  /** Steps that can never run (a dependency cycle, a cap that never frees) end as skipped. */
  #settleStuckSteps(): void {
    if (this.#done === this.#states.length || this.#stopped) return;
    // A parked step waits for a slot that another run (or a call past its timeout) holds: it frees.
    if (this.#running > 0 || this.#backingOff > 0 || this.#ready.size > 0 || this.#parkedCount > 0 || this.#rateTimer !== undefined) return;
    for (const state of this.#states) {
      if (state.phase !== 'done') this.#finish(state, 'skipped', { reason: 'its dependencies can never all succeed (dependency cycle)' });
    }
  }

  #finish(state: StepState, status: StepStatus, fields: Pick<StepRecord, 'result' | 'error' | 'reason'>): void {
    if (state.phase === 'backoff') this.#backingOff -= 1;
    state.phase = 'done';
    const record = finishedRecord(
      state.step.id, status, state.attempts, state.startedAt, state.sentAt, this.#now(), fields.result, fields.error, fields.reason,
    );
    if (!this.#records.has(record.id)) this.#records.set(record.id, record);
    this.#finalRecords[state.index] = record;
    this.#done += 1;
    if (this.options.onEvent) this.#emit({ type: 'finished', record });
    if (this.#done === this.#states.length) this.#complete();
  }

  #complete(): void {
    if (this.#runTimer !== undefined) this.#clock.clearTimeout(this.#runTimer);
    if (this.#rateTimer !== undefined) this.#clock.clearTimeout(this.#rateTimer);
    this.#rateTimer = undefined;
    if (this.#deadlineTimer !== undefined) this.#clock.clearTimeout(this.#deadlineTimer);
    this.#deadlineTimer = undefined;
    this.#deadlineTimerAt = Infinity;
    if (this.#onAbort) this.options.signal?.removeEventListener('abort', this.#onAbort);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#stopped = true;
    this.resolve({ records: this.#finalRecords, makespan_ms: this.#now() });
  }

  #emit(event: SchedulerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's fault must not break the run.
    }
  }
}

/**
 * What `execute` gets for one attempt. Its AbortSignal is made on first read of `signal`: an
 * executor that never reads it (one that enforces its own timeout and listens to the run's
 * `runSignal`) costs no AbortController. Aborted before the read, the signal comes aborted.
 */
class AttemptContext implements ExecuteContext {
  readonly attempt: number;
  declare readonly timeoutMs?: number;
  declare readonly slot?: SlotLease;
  readonly records: ReadonlyMap<string, StepRecord>;
  readonly sent: () => void;
  #controller: AbortController | undefined;
  #abortReason: Error | undefined;

  constructor(
    private readonly run: ScheduleRun,
    state: StepState,
    token: number,
  ) {
    this.attempt = state.attempts;
    this.records = run.records;
    const self = this as { timeoutMs?: number; slot?: SlotLease };
    if (state.step.timeoutMs !== undefined) self.timeoutMs = state.step.timeoutMs;
    if (state.lease) self.slot = state.lease;
    this.sent = () => run.sent(state, token);
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#abortReason) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#abortReason !== undefined;
  }

  get runSignal(): AbortSignal {
    return this.run.runSignal;
  }

  abort(reason: Error): void {
    if (this.#abortReason) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }
}

function byDeadline(a: Deadline, b: Deadline): number {
  return a.at - b.at || a.seq - b.seq;
}

function isLive(deadline: Deadline): boolean {
  return deadline.state.token === deadline.token && deadline.state.phase === 'running';
}

/** The start order (engine/start-order.ts). */
function byPriority(a: StepState, b: StepState): number {
  return compareStarts(a.first, a.rank, a.priority, a.index, b.first, b.rank, b.priority, b.index);
}

/** An executor's answer as a CallOutcome; anything else is an internal_error naming the step. */
export function normalizeOutcome(outcome: unknown, id: string): CallOutcome {
  if (outcome && typeof outcome === 'object' && 'ok' in outcome) {
    const o = outcome as CallOutcome;
    if (o.ok === true && o.result && typeof o.result === 'object') return o;
    if (o.ok === false && o.error && typeof o.error === 'object') return o;
  }
  return { ok: false, error: callError('internal_error', `Expected step "${id}" to end with { ok, result | error }, got ${describeStepError(outcome)}`) };
}

/** A thrown value or a bad outcome, as a step's error message shows it. */
export function describeStepError(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
