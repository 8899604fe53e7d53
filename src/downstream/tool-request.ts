/**
 * One tools/call on a live session, from send to its last answer. The call's timeout is a
 * timer here; at it the call is reported `timeout`, but the request stays open for the
 * server's grace, and the SDK's own request timer (timeout + grace) is the one that cancels
 * it: one notifications/cancelled. An answer within the grace is a late answer; while the
 * request may still run it holds its server slot (capped servers). The session's life
 * (restart past the grace, HTTP session loss) stays with the connection (RequestHost).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { callError, type CallOutcome, type LateAnswer, type ToolResult } from '../engine/outcome.js';
import type { SlotLease } from '../engine/server-slots.js';
import { outcomeOfFailure, outcomeOfResult } from './call-outcome.js';
import type { RelayTarget } from './relay.js';
import { lateAnswerOf, lateFailure, lateResult } from './late-answer.js';
import { sendLaneRequest } from './lane-request.js';
import { callToolAsTask } from './task-call.js';
import { timeoutMessage } from './timeout-message.js';
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
  // Plain calls to a stdio server take the call lane (call-lane.ts, lane-request.ts); task
  // calls and HTTP servers the SDK Client.
  const lane = session.wire.lane;
  if (lane !== undefined && options.asTask !== true) return sendLaneRequest(host, session, lane, tool, args, options, timeoutMs, remainingMs, onReported);
  const outcome = sendSdkRequest(host, session, tool, args, options, timeoutMs, remainingMs);
  return onReported ? outcome.finally(onReported) : outcome;
}

function sendSdkRequest(
  host: RequestHost,
  session: Session,
  tool: string,
  args: Record<string, unknown>,
  options: CallOptions,
  timeoutMs: number,
  remainingMs: number,
): Promise<CallOutcome> {
  const graceMs = host.graceMs;
  const resetOnProgress = options.resetTimeoutOnProgress ?? host.resetTimeoutOnProgress;
  const maxTotalMs = resetOnProgress ? (options.maxTotalTimeoutMs ?? host.maxTotalTimeoutMs) : undefined;
  // Progress restarts our report timer (below) and the SDK's; the SDK needs onprogress for that.
  let onProgressReset: (() => void) | undefined;
  const callerProgress = options.onProgress;
  const onProgress: CallOptions['onProgress'] = resetOnProgress
    ? (p) => {
        onProgressReset?.();
        callerProgress?.(p);
      }
    : callerProgress;
  // At the call's timeout the call is reported `timeout`, but the request stays open for the
  // grace: a server that is still working may answer (the call ran: a late answer). The
  // SDK's request timer, at timeout + grace, is the one that cancels it: one
  // notifications/cancelled. The SDK gets a signal of its own, tied to the caller's only
  // until the call is reported (the SDK never removes its abort listener).
  const requestOptions: RequestOptions = { timeout: remainingMs + graceMs };
  if (resetOnProgress) {
    requestOptions.resetTimeoutOnProgress = true;
    if (maxTotalMs !== undefined) requestOptions.maxTotalTimeout = maxTotalMs + graceMs;
  }
  const own = new AbortController();
  requestOptions.signal = own.signal;
  const caller = options.signal;
  const forwardAbort = caller ? () => own.abort(caller.reason) : undefined;
  if (forwardAbort) caller?.addEventListener('abort', forwardAbort, { once: true });
  if (onProgress) {
    requestOptions.onprogress = (p) =>
      onProgress({ progress: p.progress, ...(p.total !== undefined ? { total: p.total } : {}), ...(p.message !== undefined ? { message: p.message } : {}) });
  }
  options.onSent?.();
  const sentAt = host.now();
  session.live += 1;
  const before = session.wire.lastToolCallId;
  // A task-augmented tool is called through the experimental tasks API (downstream/task-call.ts).
  const pending = options.asTask
    ? callToolAsTask(session.client, tool, args, { signal: own.signal, timeoutMs: remainingMs + graceMs, ...(onProgress ? { onProgress } : {}) })
    : session.client.callTool({ name: tool, arguments: args }, undefined, requestOptions);
  // callTool sent the request synchronously (or failed before sending: then the id did not move).
  const requestId = session.wire.lastToolCallId !== before ? session.wire.lastToolCallId : undefined;
  const where = `${host.name}.${tool}`;
  // The request holds its server slot (when capped) for as long as it may run on the server,
  // which can be longer than the call: whoever took the slot releases it when the call ends.
  const releaseSlot = host.capped ? options.slot?.retain() : undefined;
  return new Promise<CallOutcome>((resolve) => {
    let reported = false;
    const detachCaller = () => {
      if (forwardAbort) caller?.removeEventListener('abort', forwardAbort);
    };
    const reportTimeout = () => {
      reported = true;
      detachCaller();
      // The server may still be running it: the request keeps its slot meanwhile.
      resolve({
        ok: false,
        error: callError('timeout', timeoutMessage(where, timeoutMs, resetOnProgress, maxTotalMs, graceMs)),
      });
    };
    let timer = setTimeout(reportTimeout, remainingMs);
    if (resetOnProgress) {
      onProgressReset = () => {
        if (reported) return;
        clearTimeout(timer);
        // The call's timeout starts again, but never past its total.
        const left = maxTotalMs === undefined ? remainingMs : Math.min(remainingMs, maxTotalMs - (host.now() - sentAt));
        timer = setTimeout(reportTimeout, Math.max(0, left));
      };
    }
    const settled = () => {
      clearTimeout(timer);
      detachCaller();
      session.live -= 1;
      host.requestEnded(session);
    };
    pending.then(
      (result) => {
        settled();
        releaseSlot?.();
        if (!reported) return resolve(outcomeOfResult(result as ToolResult));
        options.onLateAnswer?.(lateResult(result as ToolResult, host.now() - sentAt));
      },
      (error: unknown) => {
        settled();
        // An HTTP server that restarted (or expired the session) answers 404 to its id: the
        // spec has the client start a new session, so the next call to it does.
        if (error instanceof StreamableHTTPError && error.code === 404) {
          host.sessionLost(session, 'lost its HTTP session (HTTP 404; the server restarted or expired it)');
        }
        // The SDK's own timer (not the caller: its abort reaches the SDK through `own` only before the report).
        const sdkTimedOut = error instanceof McpError && error.code === ErrorCode.RequestTimeout && !own.signal.aborted;
        // With no grace the SDK's timer may fire first: the same timeout, and the grace is over.
        if (!reported && sdkTimedOut) reportTimeout();
        if (!reported) {
          const outcome = redactedOutcome(
            host,
            outcomeOfFailure(error, {
              server: host.name,
              tool,
              timeoutMs,
              callerSignal: options.signal,
              sessionEnd: session.ended ? (session.end ?? 'closed the connection') : undefined,
            }),
          );
          resolve(outcome);
          const cancelled = !outcome.ok && outcome.error.code === 'cancelled';
          if (cancelled && requestId !== undefined && !session.ended) followCancelled(host, session, requestId, sentAt, where, options, releaseSlot);
          else releaseSlot?.();
          return;
        }
        if (session.ended) return releaseSlot?.();
        if (sdkTimedOut) {
          // The grace passed with no answer; the SDK has sent the cancellation.
          return host.afterGrace(session, where, requestId, releaseSlot);
        }
        options.onLateAnswer?.(lateFailure(error, where, host.now() - sentAt));
        releaseSlot?.();
      },
    );
  });
}

/**
 * The caller cancelled a request the server may go on running (many ignore cancellation).
 * Its answer, if one still comes within the grace, is routed here by the WatchedTransport;
 * meanwhile a capped server keeps the call's slot.
 */
function followCancelled(host: RequestHost, session: Session, requestId: RequestId, sentAt: number, where: string, options: CallOptions, releaseSlot: (() => void) | undefined): void {
  const timer = setTimeout(() => {
    session.wire.unwatch(requestId);
    host.afterGrace(session, where, requestId, releaseSlot);
  }, host.graceMs);
  timer.unref?.();
  session.wire.watch(requestId, (answer) => {
    clearTimeout(timer);
    if (answer && options.onLateAnswer) options.onLateAnswer(lateAnswerOf(answer, where, host.now() - sentAt));
    releaseSlot?.();
  });
}

function redactedOutcome(host: RequestHost, outcome: CallOutcome): CallOutcome {
  if (outcome.ok) return outcome;
  const message = host.redact(outcome.error.message);
  return message === outcome.error.message ? outcome : { ...outcome, error: { ...outcome.error, message } };
}
