/**
 * One tools/call on a live session, from send to its last answer, on the call lane
 * (lane-request.ts) or through the SDK Client (here). Either way the call's timeout is
 * call-timeout.ts's: at it the call is reported `timeout`, the request stays open for the
 * server's grace, and when the grace passes one notifications/cancelled goes out. An answer
 * within the grace is a late answer; while the request may still run it holds its server
 * slot (capped servers). The session's life (restart past the grace, HTTP session loss)
 * stays with the connection (RequestHost).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import { callError, type CallOutcome, type LateAnswer, type ToolResult } from '../engine/outcome.js';
import type { SlotLease } from '../engine/server-slots.js';
import { outcomeOfFailure, outcomeOfResult } from './call-outcome.js';
import { NO_SDK_TIMEOUT_MS, requestTimedOut, TimedCall, timeoutRulesOf, type TimeoutRules } from './call-timeout.js';
import type { RelayTarget } from './relay.js';
import { lateAnswerOf, lateFailure, lateResult } from './late-answer.js';
import { sendLaneRequest } from './lane-request.js';
import { callToolAsTask } from './task-call.js';
import type { WatchedTransport } from './watched-transport.js';

export interface CallOptions {
  signal?: AbortSignal;
  /** The call's whole timeout (default: the server's timeoutMs, else the pool default). */
  timeoutMs?: number;
  /** Part of `timeoutMs` already spent before this (resolving the tool): the request gets the rest. */
  waitedMs?: number;
  /** The server slot the call runs in: kept taken while a timed-out request may still run. */
  slot?: SlotLease;
  /** Called just before the request is sent. */
  onSent?: () => void;
  /** The answer of a timed-out or cancelled request that the server sent anyway, within the grace. */
  onLateAnswer?: (answer: LateAnswer) => void;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** Call a tool whose taskSupport is "optional" as an MCP task ("required" ones always are). */
  asTask?: boolean;
  /** Progress from the server restarts the timeout (default: the server's resetTimeoutOnProgress). */
  resetTimeoutOnProgress?: boolean;
  /** With resetTimeoutOnProgress: the most the call may take in all (default: the server's maxTotalTimeoutMs, else none). */
  maxTotalTimeoutMs?: number;
  /** The upstream client the server's requests during this call go to (downstream/relay.ts). */
  relayTarget?: RelayTarget;
}

export interface Session {
  client: Client;
  transport: Transport;
  /** The transport the client speaks through: it follows requests the SDK gave up on. */
  wire: WatchedTransport;
  /** Requests in flight that the SDK still waits for. */
  live: number;
  /** Replaced by a new session for new calls; closed once its live requests have ended. */
  retiring: boolean;
  /** Run once a retired session has closed (its held slots free then). */
  onRetired?: Array<() => void>;
  startedAt: number;
  ended: boolean;
  /** How it ended: "exited with code 3", "closed the connection". */
  end?: string;
  /** A message over the SDK's 10 MiB limit, when one came: the cause of the end that follows. */
  lastError?: string;
}

/** What a request needs from its connection. */
export interface RequestHost {
  readonly name: string;
  /** The server has a maxConcurrency. */
  readonly capped: boolean;
  readonly graceMs: number;
  /** The server's defaults for progress-reset timeouts (mcp.json). */
  readonly resetTimeoutOnProgress: boolean;
  readonly maxTotalTimeoutMs: number | undefined;
  /** Removes the server's config secrets from a message that can reach a tool result. */
  redact(message: string): string;
  now(): number;
  /** The server lost the session (HTTP 404): the next call starts a new one. */
  sessionLost(session: Session, why: string): void;
  /** A request of `session` settled (a retiring session may close now). */
  requestEnded(session: Session): void;
  /** A given-up request gave no answer within the grace; `releaseSlot` frees its slot. */
  afterGrace(session: Session, where: string, requestId: RequestId | undefined, releaseSlot: (() => void) | undefined): void;
}

export function sendToolRequest(
  host: RequestHost,
  session: Session,
  tool: string,
  args: Record<string, unknown>,
  options: CallOptions,
  timeoutMs: number,
  remainingMs: number,
  /** Runs once the call is reported (before its promise settles on the lane). */
  onReported?: () => void,
): Promise<CallOutcome> {
  const rules = timeoutRulesOf(host, options, timeoutMs, remainingMs);
  // Plain calls to a stdio server take the call lane (call-lane.ts, lane-request.ts); task
  // calls and HTTP servers the SDK Client.
  const lane = session.wire.lane;
  if (lane !== undefined && options.asTask !== true) return sendLaneRequest(host, session, lane, tool, args, options, rules, onReported);
  const outcome = new Promise<CallOutcome>((resolve) => void new SdkRequest(host, session, tool, args, options, rules, resolve));
  return onReported ? outcome.finally(onReported) : outcome;
}

const OPEN = 0;
/** Reported `timeout`; the SDK request stays open for the grace. */
const TIMED_OUT = 1;
/** Reported `cancelled`; the SDK forgot the request, the wire follows it for the grace. */
const CANCELLED = 2;
const DONE = 3;

/**
 * A call through the SDK Client. Its timeout is call-timeout.ts's, not the SDK's: the SDK
 * request gets no timer that can fire (NO_SDK_TIMEOUT_MS) and a signal of its own, tied to
 * the caller's only until the call is reported (the SDK never removes its abort listener).
 * When the grace after a timeout passes, that signal aborts with the SDK's own timeout error:
 * the SDK sends the one notifications/cancelled, as its timer would have.
 */
class SdkRequest extends TimedCall {
  private state = OPEN;
  /** Counted in session.live until the SDK request settles (or is given up). */
  private live = true;
  private readonly own = new AbortController();
  private readonly forwardAbort: (() => void) | undefined;
  private readonly sentAt: number;
  private readonly requestId: RequestId | undefined;
  private readonly releaseSlot: (() => void) | undefined;

  constructor(
    private readonly host: RequestHost,
    private readonly session: Session,
    private readonly tool: string,
    args: Record<string, unknown>,
    private readonly options: CallOptions,
    rules: TimeoutRules,
    private readonly settle: (outcome: CallOutcome) => void,
  ) {
    super(rules);
    const caller = options.signal;
    const own = this.own;
    if (caller) {
      this.forwardAbort = () => own.abort(caller.reason);
      caller.addEventListener('abort', this.forwardAbort, { once: true });
    }
    // Progress may restart the deadline (the timeout owner decides), and reaches the caller.
    const callerProgress = options.onProgress;
    const onProgress: CallOptions['onProgress'] = rules.resetOnProgress
      ? (p) => {
          this.progressReset();
          callerProgress?.(p);
        }
      : callerProgress;
    const requestOptions: RequestOptions = { timeout: NO_SDK_TIMEOUT_MS, signal: own.signal };
    if (onProgress) {
      requestOptions.onprogress = (p) =>
        onProgress({ progress: p.progress, ...(p.total !== undefined ? { total: p.total } : {}), ...(p.message !== undefined ? { message: p.message } : {}) });
    }
    options.onSent?.();
    this.sentAt = host.now();
    session.live += 1;
    const before = session.wire.lastToolCallId;
    // A task-augmented tool is called through the experimental tasks API (downstream/task-call.ts).
    const pending = options.asTask
      ? callToolAsTask(session.client, tool, args, { signal: own.signal, cancelTimeoutMs: rules.remainingMs + rules.graceMs, ...(onProgress ? { onProgress } : {}) })
      : session.client.callTool({ name: tool, arguments: args }, undefined, requestOptions);
    // callTool sent the request synchronously (or failed before sending: then the id did not move).
    this.requestId = session.wire.lastToolCallId !== before ? session.wire.lastToolCallId : undefined;
    // The request holds its server slot (when capped) for as long as it may run on the server,
    // which can be longer than the call: whoever took the slot releases it when the call ends.
    this.releaseSlot = host.capped ? options.slot?.retain() : undefined;
    this.startTimeout();
    pending.then(
      (result) => this.answered(result as ToolResult),
      (error: unknown) => this.failed(error),
    );
  }

  protected get where(): string {
    return `${this.host.name}.${this.tool}`;
  }

  /** The deadline passed: reported; the server may still be running it, so the request keeps its slot. */
  protected timedOut(message: string): void {
    this.state = TIMED_OUT;
    this.detachCaller();
    this.settle({ ok: false, error: callError('timeout', message) });
  }

  protected graceEnded(): void {
    const state = this.state;
    this.state = DONE;
    if (state === TIMED_OUT) {
      // The SDK sends the one notifications/cancelled (and forgets the request).
      this.own.abort(requestTimedOut());
      this.ended();
    } else {
      this.session.wire.unwatch(this.requestId!);
    }
    if (this.session.ended) this.releaseSlot?.();
    else this.host.afterGrace(this.session, this.where, this.requestId, this.releaseSlot);
  }

  private answered(result: ToolResult): void {
    const state = this.state;
    if (state === DONE) return;
    this.state = DONE;
    this.stopTimeout();
    this.ended();
    if (state === OPEN) this.settle(outcomeOfResult(result));
    else this.options.onLateAnswer?.(lateResult(result, this.host.now() - this.sentAt));
    this.releaseSlot?.();
  }

  private failed(error: unknown): void {
    const state = this.state;
    if (state === DONE) return;
    this.ended();
    // An HTTP server that restarted (or expired the session) answers 404 to its id: the
    // spec has the client start a new session, so the next call to it does.
    if (error instanceof StreamableHTTPError && error.code === 404) {
      this.host.sessionLost(this.session, 'lost its HTTP session (HTTP 404; the server restarted or expired it)');
    }
    if (state === OPEN) {
      const outcome = this.failure(error);
      this.settle(outcome);
      const cancelled = !outcome.ok && outcome.error.code === 'cancelled';
      if (cancelled && this.requestId !== undefined && !this.session.ended) return this.followCancelled(this.requestId);
    } else if (!this.session.ended) {
      this.options.onLateAnswer?.(lateFailure(error, this.where, this.host.now() - this.sentAt));
    }
    this.state = DONE;
    this.stopTimeout();
    this.releaseSlot?.();
  }

  /**
   * The caller cancelled a request the server may go on running (many ignore cancellation).
   * Its answer, if one still comes within the grace, is routed here by the WatchedTransport;
   * meanwhile a capped server keeps the call's slot.
   */
  private followCancelled(requestId: RequestId): void {
    this.state = CANCELLED;
    this.startGrace();
    this.session.wire.watch(requestId, (answer) => {
      if (this.state !== CANCELLED) return;
      this.state = DONE;
      this.stopTimeout();
      if (answer && this.options.onLateAnswer) this.options.onLateAnswer(lateAnswerOf(answer, this.where, this.host.now() - this.sentAt));
      this.releaseSlot?.();
    });
  }

  private failure(error: unknown): CallOutcome {
    const outcome = outcomeOfFailure(error, {
      server: this.host.name,
      tool: this.tool,
      timeoutMs: this.rules.timeoutMs,
      callerSignal: this.options.signal,
      sessionEnd: this.session.ended ? (this.session.end ?? 'closed the connection') : undefined,
    });
    if (outcome.ok) return outcome;
    const message = this.host.redact(outcome.error.message);
    return message === outcome.error.message ? outcome : { ...outcome, error: { ...outcome.error, message } };
  }

  private detachCaller(): void {
    if (this.forwardAbort) this.options.signal?.removeEventListener('abort', this.forwardAbort);
  }

  /** The SDK request is over (settled or given up): the session may close once none is left. */
  private ended(): void {
    if (!this.live) return;
    this.live = false;
    this.detachCaller();
    this.session.live -= 1;
    this.host.requestEnded(this.session);
  }
}
