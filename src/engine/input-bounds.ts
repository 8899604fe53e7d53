/**
 * Bounds of every time and rate input, for mcp.json and for the tools' inputs alike, with
 * errors that say what was expected and what came. A timer longer than 2^31 - 1 ms fires at
 * once in Node (and warns): no value that reaches a timer may exceed MAX_TIMEOUT_MS (a day).
 */
import * as z from 'zod';
import { MAX_TIMEOUT_MS, TIMEOUT_EXPECTED } from './max-timeout.js';

export { MAX_TIMEOUT_MS, TIMEOUT_EXPECTED };
/** One call per 1000 s at the slowest, so the wait between two calls stays under a day. */
export const MIN_CALLS_PER_SECOND = 0.001;
export const MAX_CALLS_PER_SECOND = 1_000_000;

const ESTIMATE_EXPECTED = `expected a number of milliseconds from 0 to ${MAX_TIMEOUT_MS}`;
const RATE_EXPECTED = `expected a number of calls per second from ${MIN_CALLS_PER_SECOND} to ${MAX_CALLS_PER_SECOND}`;
export const MAX_RETRIES = 10;
export const MAX_CONCURRENCY = 1024;
const RETRIES_EXPECTED = `expected an integer number of retries from 0 to ${MAX_RETRIES}`;
const CONCURRENCY_EXPECTED = `expected an integer from 1 to ${MAX_CONCURRENCY} (how many at once)`;

function got(expected: string) {
  return { error: (issue: { input?: unknown }) => `${expected}, got ${describe(issue.input)}` };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}

/** A timeout in ms: an integer from 1 to MAX_TIMEOUT_MS. */
export function timeoutMsSchema() {
  const error = got(TIMEOUT_EXPECTED);
  return z.number(error).int(error).min(1, error).max(MAX_TIMEOUT_MS, error);
}

/** An estimated duration in ms: from 0 to MAX_TIMEOUT_MS. */
export function estimatedMsSchema() {
  const error = got(ESTIMATE_EXPECTED);
  return z.number(error).min(0, error).max(MAX_TIMEOUT_MS, error);
}

/** A rate limit: calls per second from MIN_CALLS_PER_SECOND to MAX_CALLS_PER_SECOND. */
export function callsPerSecondSchema() {
  const error = got(RATE_EXPECTED);
  return z.number(error).min(MIN_CALLS_PER_SECOND, error).max(MAX_CALLS_PER_SECOND, error);
}

/** Retries of a call or step: an integer from 0 to MAX_RETRIES. */
export function retriesSchema() {
  const error = got(RETRIES_EXPECTED);
  return z.number(error).int(error).min(0, error).max(MAX_RETRIES, error);
}

/** A cap on calls or steps in flight: an integer from 1 to MAX_CONCURRENCY. */
export function concurrencySchema() {
  const error = got(CONCURRENCY_EXPECTED);
  return z.number(error).int(error).min(1, error).max(MAX_CONCURRENCY, error);
}

/** How long a long poll waits: an integer of milliseconds from 0 to `max` (the caller's bound). */
export function waitMsSchema(max: number) {
  const error = got(`Expected "wait_ms" to be an integer from 0 to at most ${max} ms (stay inside the client's request timeout)`);
  return z.number(error).int(error).min(0, error).max(max, error);
}
