/**
 * The start-up check of an mcp.json without zod (loading zod and building the schemas is
 * ~25 ms of CPU before the first downstream server can be spawned; issue 13). It takes only
 * what zod's schemas (schemas.ts) surely accept and give back unchanged: the common shapes,
 * plain JSON values in range. On anything else — a wrong type, a value out of range, a key
 * named `__proto__`, an `http` block — it gives up (NotPlain), and config/load.ts reads the
 * file with zod, which gives the result or the error. It never reports a problem itself, so
 * it cannot word one differently. test/config/plain-checks.test.ts compares both over
 * generated configs, valid and not.
 */
import { MAX_TIMEOUT_MS } from '../engine/max-timeout.js';
import { MAX_LIMIT_BYTES, MIN_LIMIT_BYTES } from '../tools/response-budget.js';
import {
  MAX_CANCEL_GRACE_MS,
  MAX_CONCURRENCY_LIMIT,
  MAX_REQUESTS_PER_MINUTE,
  MAX_RUNS,
  SERVER_ENTRY_KEYS,
  type RawChecks,
  type RawServerEntry,
  type RawSettings,
} from './model.js';

/** Thrown by plainChecks where only zod can say. */
export class NotPlain extends Error {
  constructor() {
    super('not a plain config: read with zod');
  }
}

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const integerIn = (min: number, max: number): Check => (value) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
const stringList: Check = (value) => Array.isArray(value) && value.every(isString);
const stringMap: Check = (value) => isRecord(value) && Object.values(value).every(isString);
const concurrency = integerIn(1, MAX_CONCURRENCY_LIMIT);
const timeout = integerIn(1, MAX_TIMEOUT_MS);
const grace = integerIn(0, MAX_CANCEL_GRACE_MS);
const bytes = integerIn(MIN_LIMIT_BYTES, MAX_LIMIT_BYTES);

const SERVER_ENTRY: Record<string, Check> = {
  type: (value) => value === 'stdio' || value === 'http' || value === 'sse' || value === 'streamable-http' || value === 'streamableHttp',
  command: (value) => typeof value === 'string' && value.length > 0,
  args: stringList,
  env: stringMap,
  cwd: isString,
  url: isString,
  headers: stringMap,
  timeoutMs: timeout,
  maxConcurrency: concurrency,
  startTimeoutMs: timeout,
  cancelGraceMs: grace,
  resetTimeoutOnProgress: isBoolean,
  maxTotalTimeoutMs: timeout,
  disabled: isBoolean,
  allow: stringList,
  deny: stringList,
};

const LLM: Record<string, Check> = {
  maxConcurrency: concurrency,
  requestsPerMinute: (value) => typeof value === 'number' && value > 0 && value <= MAX_REQUESTS_PER_MINUTE,
};
const RUNS: Record<string, Check> = { ttlMs: timeout, max: integerIn(1, MAX_RUNS) };

// Nested blocks are checked as wholes; `http` is left to zod.
const SETTINGS: Record<string, Check> = {
  maxConcurrency: concurrency,
  timeoutMs: timeout,
  startTimeoutMs: timeout,
  cancelGraceMs: grace,
  eager: isBoolean,
  maxResultBytes: bytes,
  maxResponseBytes: bytes,
  llm: (value) => strictOf(value, LLM) !== undefined,
  runs: (value) => strictOf(value, RUNS) !== undefined,
};

export const plainChecks: RawChecks = {
  serverEntry(entry) {
    if (hasOwn(entry, '__proto__')) throw new NotPlain();
    for (const key of SERVER_ENTRY_KEYS) {
      const value = entry[key];
      if (value !== undefined && !SERVER_ENTRY[key]!(value)) throw new NotPlain();
    }
    // zod's looseObject gives the keys it knows first, in its order, then the others.
    const out: Record<string, unknown> = {};
    for (const key of SERVER_ENTRY_KEYS) if (entry[key] !== undefined) out[key] = copy(entry[key]);
    for (const key of Object.keys(entry)) if (!hasOwn(SERVER_ENTRY, key)) out[key] = entry[key];
    return out as RawServerEntry;
  },
  settings(value) {
    const settings = strictOf(value, SETTINGS);
    if (settings === undefined) throw new NotPlain();
    if (settings.llm !== undefined) settings.llm = strictOf(settings.llm, LLM);
    if (settings.runs !== undefined) settings.runs = strictOf(settings.runs, RUNS);
    return settings as RawSettings;
  },
};

/** A copy of `value` with its keys in `checks`' order, when it has no other key and each checks; else undefined. */
function strictOf(value: unknown, checks: Record<string, Check>): Record<string, unknown> | undefined {
  if (!isRecord(value) || hasOwn(value, '__proto__')) return undefined;
  for (const key of Object.keys(value)) {
    const check = hasOwn(checks, key) ? checks[key] : undefined;
    if (check === undefined || !check(value[key])) return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(checks)) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

/** Arrays and string maps as zod gives them: new ones (their strings are values). */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  if (isRecord(value)) {
    if (hasOwn(value, '__proto__')) throw new NotPlain();
    return { ...value };
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}
