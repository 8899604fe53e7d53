/**
 * One tools/call on the call lane (call-lane.ts), from send to its last answer: the same
 * life as the SDK path of tool-request.ts, with no AbortController, timer, listener, closure
 * or promise of its own beyond the one it returns. Its timeout, progress reset and grace are
 * call-timeout.ts's (the one owner, which the SDK path uses too):
 * - at the deadline the call is reported `timeout`; the request stays open for the grace,
 *   then one notifications/cancelled goes out and the connection decides (afterGrace: a
 *   capped stdio server is restarted before its next call);
 * - the caller's abort sends one notifications/cancelled at once; an answer within the
 *   grace is still a late answer; a capped server keeps the call's slot meanwhile;
 * - progress is passed on (and may restart the deadline).
 * The outcomes (codes and messages) are the SDK path's: call-outcome.ts makes both.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { callError, type CallOutcome, type LateAnswer, type ToolResult } from '../engine/outcome.js';
import { unwatchAbort, watchAbort, type AbortWatcher, type WatcherList } from './abort-watch.js';
import type { CallLane, LaneCall, WireError } from './call-lane.js';
import { tellLater, type CallReceiver } from './call-receiver.js';
import { outcomeOfFailure, outcomeOfResult, type FailureContext } from './call-outcome.js';
import { deadlineNow, TimedCall, TIMEOUT_REASON, type TimeoutRules } from './call-timeout.js';
import { lateOf } from './late-answer.js';
import { checkToolResult, isPlainTextResult } from './tool-result-check.js';
import type { CallOptions, RequestHost, Session } from './tool-request.js';

const OPEN = 0;
/** Reported `timeout`; the request stays open for the grace. */
const TIMED_OUT = 1;
/** The caller cancelled; notifications/cancelled is sent, a late answer may still come within the grace. */
const CANCELLED = 2;
const DONE = 3;

export function sendLaneRequest(
  host: RequestHost,
  session: Session,
  lane: CallLane,
  tool: string,
  args: Record<string, unknown>,
  options: CallOptions,
  rules: TimeoutRules,
  onReported: (() => void) | undefined,
): Promise<CallOutcome> {
  const request = new LaneRequest(host, session, lane, tool, options, rules, onReported, undefined, 0);
  // One promise per call, made by a shared executor (no closure over the call's arguments).
  takingSettle = request;
  const outcome = new Promise<CallOutcome>(giveSettle);
  takingSettle = undefined;
  request.send(args);
  return outcome;
}

/**
 * sendLaneRequest for a caller that takes the call's news by callback (call-receiver.ts): no
 * promise; `receiver` is told by `key`, and `options.onSent` / `onLateAnswer` are not read.
 */
export function startLaneRequest(
  host: RequestHost,
  session: Session,
  lane: CallLane,
  tool: string,
  args: Record<string, unknown>,
  options: CallOptions,
  rules: TimeoutRules,
  onReported: (() => void) | undefined,
  receiver: CallReceiver,
  key: number,
): void {
  new LaneRequest(host, session, lane, tool, options, rules, onReported, receiver, key).send(args);
}

/** The request whose promise is being made (sendLaneRequest): the executor hands it `resolve`. */
let takingSettle: LaneRequest | undefined;
function giveSettle(resolve: (outcome: CallOutcome) => void): void {
  takingSettle!.settle = resolve;
}

class LaneRequest extends TimedCall implements LaneCall, AbortWatcher {
  private state = OPEN;
  abortPrev: AbortWatcher | undefined = undefined;
  abortNext: AbortWatcher | undefined = undefined;
  abortList: WatcherList | undefined = undefined;
  private id = '';

  /** The promise's resolve, set by sendLaneRequest before send(). */
  settle: (outcome: CallOutcome) => void = ignoreOutcome;
  private sentAt = 0;
  private releaseSlot: (() => void) | undefined = undefined;

  constructor(
    private readonly host: RequestHost,
    private readonly session: Session,
    private readonly lane: CallLane,
    private readonly tool: string,
    private readonly options: CallOptions,
    rules: TimeoutRules,
    private readonly onReported: (() => void) | undefined,
    /** Told instead of the promise and the options' callbacks (startLaneRequest), by `key`. */
    private readonly receiver: CallReceiver | undefined,
    private readonly key: number,
  ) {
    super(rules);
  }

  /** Sends the request (once, right after the promise is made). */
  send(args: Record<string, unknown>): void {
    const { host, options } = this;
    if (this.receiver !== undefined) this.receiver.callSent(this.key);
    else options.onSent?.();
    // All set before the request is written (a transport may answer within the write).
    this.session.live += 1;
    // The request holds its server slot (when capped) for as long as it may run on the server.
    this.releaseSlot = host.capped ? options.slot?.retain() : undefined;
    if (options.signal) watchAbort(options.signal, this);
    // Sent now: the deadline's clock reading is the send time too (late answers measure from it).
    this.sentAt = this.startTimeout();
    try {
      this.id = this.lane.open(this, this.tool, args, this.rules.resetOnProgress || options.onProgress !== undefined);
    } catch (error) {
      this.finish();
      this.ended();
      this.releaseSlot?.();
      this.resolve(this.failure(error, options.signal));
    }
  }

  /** The call's one report. */
  private resolve(outcome: CallOutcome): void {
    this.onReported?.();
    // With a receiver: when the promise's reaction would have run (call-receiver.ts).
    if (this.receiver === undefined) this.settle(outcome);
    else tellLater(this.receiver, this.key, outcome);
  }

  /** A timed-out or cancelled call's answer that came anyway. */
  private tellLate(outcome: CallOutcome): void {
    if (this.receiver !== undefined) this.receiver.callLate(this.key, this.late(outcome));
    else this.options.onLateAnswer?.(this.late(outcome));
  }

  protected get where(): string {
    return `${this.host.name}.${this.tool}`;
  }

  answered(result: unknown, error: WireError | undefined): void {
    const state = this.state;
    this.finish();
    if (state === OPEN) {
      this.ended();
      this.releaseSlot?.();
      this.resolve(this.outcomeOf(result, error, this.options.signal));
      return;
    }
    if (state === TIMED_OUT) this.ended();
    if (this.receiver !== undefined || this.options.onLateAnswer !== undefined) this.tellLate(this.outcomeOf(result, error, undefined));
    this.releaseSlot?.();
  }

  malformed(problem: string): void {
    const state = this.state;
    this.finish();
    const outcome: CallOutcome = { ok: false, error: callError('invalid_result', this.host.redact(`${this.where} returned a malformed result: ${problem}`)) };
    if (state === OPEN) {
      this.ended();
      this.releaseSlot?.();
      this.resolve(outcome);
      return;
    }
    if (state === TIMED_OUT) this.ended();
    this.tellLate(outcome);
    this.releaseSlot?.();
  }

  /** The timeout owner may restart the deadline; the caller hears of it. */
  progressed(progress: number, total: number | undefined, message: string | undefined): void {
    if (this.state === CANCELLED) return;
    if (this.state === OPEN) this.progressReset();
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    if (total === undefined && message === undefined) onProgress({ progress });
    else if (message === undefined) onProgress({ progress, total: total! });
    else if (total === undefined) onProgress({ progress, message });
    else onProgress({ progress, total, message });
  }

  closed(): void {
    const state = this.state;
    this.finish();
    if (state === OPEN) {
      this.ended();
      this.releaseSlot?.();
      this.resolve(this.failure(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'), this.options.signal));
      return;
    }
    if (state === TIMED_OUT) this.ended();
    this.releaseSlot?.();
  }

  /** The caller's abort (abort-watch.ts: one listener per signal, not one per call). */
  aborted(): void {
    if (this.state !== OPEN) return;
    this.state = CANCELLED;
    this.lane.cancel(this.id, String(this.options.signal?.reason));
    this.ended();
    this.resolve(this.failure(new McpError(ErrorCode.RequestTimeout, 'cancelled'), this.options.signal));
    // Many servers ignore cancellation: its answer may still come; a capped server keeps the slot meanwhile.
    this.startGrace();
  }

  /** The timeout owner's deadline passed. */
  protected timedOut(message: string): void {
    this.state = TIMED_OUT;
    if (this.options.signal) unwatchAbort(this.options.signal, this);
    this.resolve({ ok: false, error: callError('timeout', message) });
  }

  /** The grace (after the timeout or the caller's cancel) passed with no answer. */
  protected graceEnded(): void {
    const state = this.state;
    this.lane.forget(this.id);
    this.state = DONE;
    if (state === TIMED_OUT) {
      // One notifications/cancelled, as the SDK's own timer would send.
      this.lane.cancel(this.id, TIMEOUT_REASON);
      this.ended();
    }
    if (this.session.ended) this.releaseSlot?.();
    else this.host.afterGrace(this.session, this.where, this.id, this.releaseSlot);
  }

  /** No more answers are expected: the deadline and the caller's listener go. */
  private finish(): void {
    this.stopTimeout();
    if (this.state === OPEN && this.options.signal) unwatchAbort(this.options.signal, this);
    this.state = DONE;
  }

  /** The request no longer counts as live (a retiring session may close). */
  private ended(): void {
    this.session.live -= 1;
    this.host.requestEnded(this.session);
  }

  private outcomeOf(result: unknown, error: WireError | undefined, callerSignal: AbortSignal | undefined): CallOutcome {
    if (error !== undefined) return this.failure(new McpError(error.code, error.message, error.data), callerSignal, true);
    let checked: ToolResult;
    // The usual result is taken as it is (checkToolResult's own first test), with no wrapper made.
    if (isPlainTextResult(result)) checked = result;
    else {
      const check = checkToolResult(result);
      if (!check.ok) return { ok: false, error: callError('invalid_result', this.host.redact(`${this.where} returned a malformed result: ${check.problem}`)) };
      checked = check.result;
    }
    const schemaProblem = outputSchemaProblem(this.session.client, this.tool, checked);
    if (schemaProblem !== undefined) return this.failure(schemaProblem, callerSignal);
    return outcomeOfResult(checked);
  }

  private failure(error: unknown, callerSignal: AbortSignal | undefined, fromWire = false): CallOutcome {
    const context: FailureContext = {
      server: this.host.name,
      tool: this.tool,
      timeoutMs: this.rules.timeoutMs,
      callerSignal,
      sessionEnd: this.session.ended ? (this.session.end ?? 'closed the connection') : undefined,
    };
    const outcome = outcomeOfFailure(error, context, fromWire);
    if (outcome.ok) return outcome;
    const message = this.host.redact(outcome.error.message);
    return message === outcome.error.message ? outcome : { ok: false, error: { ...outcome.error, message } };
  }

  private late(outcome: CallOutcome): LateAnswer {
    return lateOf(outcome, deadlineNow() - this.sentAt);
  }
}

function ignoreOutcome(): void {}

type OutputValidator = (value: unknown) => { valid: boolean; errorMessage?: string };

/**
 * The SDK Client's own check of structuredContent against the tool's outputSchema (it
 * compiled the validators when it listed the tools), with its messages: the lane keeps
 * what Client.callTool would have thrown.
 */
function outputSchemaProblem(client: Client, tool: string, result: { structuredContent?: unknown; isError?: boolean }): McpError | undefined {
  const lookup = (client as unknown as { getToolOutputValidator?: (name: string) => OutputValidator | undefined }).getToolOutputValidator;
  const validator = typeof lookup === 'function' ? lookup.call(client, tool) : undefined;
  if (!validator) return undefined;
  if (!result.structuredContent && !result.isError) {
    return new McpError(ErrorCode.InvalidRequest, `Tool ${tool} has an output schema but did not return structured content`);
  }
  if (!result.structuredContent) return undefined;
  try {
    const validation = validator(result.structuredContent);
    return validation.valid ? undefined : new McpError(ErrorCode.InvalidParams, `Structured content does not match the tool's output schema: ${validation.errorMessage}`);
  } catch (error) {
    return new McpError(ErrorCode.InvalidParams, `Failed to validate structured content: ${error instanceof Error ? error.message : String(error)}`);
  }
}
