/**
 * The one owner of downstream call timeouts, for both request paths (the call lane,
 * lane-request.ts, and the SDK Client, tool-request.ts):
 * - the rules: the call's timeout over the server's, progress-reset with its total, the grace;
 * - the deadline: at it the call is reported `timeout` (with the message made here) while
 *   its request stays open for the grace; progress restarts it (never past the total);
 * - the grace, after a timeout or the caller's cancel: when it passes with no answer the
 *   request path gives up on the request (one notifications/cancelled; a capped stdio
 *   server is restarted before its next call).
 * No other timer decides a call's timeout: the SDK Client is given none of its own that can
 * fire (NO_SDK_TIMEOUT_MS). Every deadline sits in one DeadlineQueue under one setTimeout.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { DeadlineQueue, type DeadlineEntry, type DeadlineList } from './deadline-queue.js';

/** What decides one call's timeout. */
export interface TimeoutRules {
  /** The call's whole timeout, as named in messages. */
  readonly timeoutMs: number;
  /** What is left of it when the request is sent (resolving the tool may have used some). */
  readonly remainingMs: number;
  readonly resetOnProgress: boolean;
  /** With resetOnProgress: the most the call may take in all. */
  readonly maxTotalMs: number | undefined;
  /** How long a timed-out or cancelled request may still answer. */
  readonly graceMs: number;
}

/** The server's defaults (mcp.json) under a call's own options. */
export interface TimeoutDefaults {
  readonly graceMs: number;
  readonly resetTimeoutOnProgress: boolean;
  readonly maxTotalTimeoutMs: number | undefined;
}

export interface TimeoutOptions {
  resetTimeoutOnProgress?: boolean;
  maxTotalTimeoutMs?: number;
}

export function timeoutRulesOf(defaults: TimeoutDefaults, options: TimeoutOptions, timeoutMs: number, remainingMs: number): TimeoutRules {
  const resetOnProgress = options.resetTimeoutOnProgress ?? defaults.resetTimeoutOnProgress;
  const maxTotalMs = resetOnProgress ? (options.maxTotalTimeoutMs ?? defaults.maxTotalTimeoutMs) : undefined;
  const graceMs = defaults.graceMs;
  // The calls of a batch have the same rules: the last object is handed out again (frozen, so
  // no holder can change it for another), not one made per call.
  const last = lastRules;
  if (last.timeoutMs === timeoutMs && last.remainingMs === remainingMs && last.resetOnProgress === resetOnProgress && last.maxTotalMs === maxTotalMs && last.graceMs === graceMs) {
    return last;
  }
  lastRules = Object.freeze({ timeoutMs, remainingMs, resetOnProgress, maxTotalMs, graceMs });
  return lastRules;
}

let lastRules: TimeoutRules = Object.freeze({ timeoutMs: NaN, remainingMs: NaN, resetOnProgress: false, maxTotalMs: undefined, graceMs: NaN });

/** The message of a call reported `timeout` while its request stays open for the grace. */
export function timeoutMessage(where: string, rules: TimeoutRules): string {
  const since = rules.resetOnProgress ? ` of its last progress${rules.maxTotalMs === undefined ? '' : ` (or ${rules.maxTotalMs} ms in all)`}` : '';
  return `${where} gave no result within ${rules.timeoutMs} ms${since}; the downstream request is cancelled unless it answers within ${rules.graceMs} ms more`;
}

/** What a request is cancelled with when the grace after its timeout passes: the SDK's own error for its timer. */
export function requestTimedOut(): McpError {
  return new McpError(ErrorCode.RequestTimeout, 'Request timed out');
}
/** The reason in that notifications/cancelled, as the SDK writes it. */
export const TIMEOUT_REASON = String(requestTimedOut());

/** The SDK Client's request timeout: the largest a Node timer takes (~24.8 days), so it never decides. */
export const NO_SDK_TIMEOUT_MS = 2 ** 31 - 1;

const IDLE = 0;
const RUNNING = 1;
const GRACE = 2;
const STOPPED = 3;

/** Every call's deadline, on the clock requests measure with. */
const deadlines = new DeadlineQueue();

/** The deadlines' clock (performance.now, as RequestHost.now), which startTimeout's answer is a reading of. */
export function deadlineNow(): number {
  return deadlines.now();
}

/**
 * A request under the timeout owner. The request path starts it when the request is sent
 * and stops it when no more answers are expected; it is told `timedOut` at most once (then
 * the grace runs) and `graceEnded` at most once, after a timeout or `startGrace`.
 */
export abstract class TimedCall implements DeadlineEntry {
  due = 0;
  prev: DeadlineEntry | undefined = undefined;
  next: DeadlineEntry | undefined = undefined;
  list: DeadlineList | undefined = undefined;
  private phase = IDLE;
  private startedAt = 0;

  constructor(readonly rules: TimeoutRules) {}

  /** The request is sent: the deadline runs from now, which it returns (deadlineNow's clock: one reading for both). */
  protected startTimeout(): number {
    const now = deadlines.now();
    // Only a total needs the start (progress restarts the deadline, never past it).
    if (this.rules.maxTotalMs !== undefined) this.startedAt = now;
    this.phase = RUNNING;
    deadlines.schedule(this, this.rules.remainingMs, now);
    return now;
  }

  /** Progress came: with resetOnProgress the deadline starts again, never past the total. */
  protected progressReset(): void {
    if (this.phase !== RUNNING || !this.rules.resetOnProgress) return;
    const total = this.rules.maxTotalMs;
    const left = total === undefined ? this.rules.remainingMs : Math.min(this.rules.remainingMs, total - (deadlines.now() - this.startedAt));
    deadlines.schedule(this, left);
  }

  /** The caller cancelled (or the path gave up otherwise): the request may answer for the grace. */
  protected startGrace(): void {
    this.phase = GRACE;
    deadlines.schedule(this, this.rules.graceMs);
  }

  /** No more answers are expected. */
  protected stopTimeout(): void {
    this.phase = STOPPED;
    deadlines.remove(this);
  }

  /** The deadline passed: report the call `timeout` with this message; the grace follows. */
  protected abstract timedOut(message: string): void;

  /** The grace passed with no answer. */
  protected abstract graceEnded(): void;

  /** The queue's call: this entry's deadline passed. */
  expire(): void {
    if (this.phase === RUNNING) {
      this.phase = GRACE;
      this.timedOut(timeoutMessage(this.where, this.rules));
      if (this.phase !== GRACE) return;
      if (this.rules.graceMs > 0) {
        deadlines.schedule(this, this.rules.graceMs);
        return;
      }
    }
    if (this.phase !== GRACE) return;
    this.phase = STOPPED;
    this.graceEnded();
  }

  /** `server.tool`, for messages. */
  protected abstract get where(): string;
}
