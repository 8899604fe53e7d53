/**
 * The common call_tools_parallel input, taken without zod on the lean path: calls of
 * { server?, tool, arguments?, timeout_ms?, estimated_ms? } and the batch's plain options.
 * Anything else, and every input zod would refuse, is left to the tool's schema
 * (CallToolsParallelInputShape), which stays the one grammar and gives the error texts:
 * test/server/plain-call-input.test.ts holds that whatever this takes, the schema takes too
 * and parses to an equal value.
 */
import { MAX_TIMEOUT_MS } from '../engine/input-bounds.js';
import type { CallInput } from '../tools/call-tools-parallel.js';

const BATCH_KEYS: ReadonlySet<string> = new Set(['calls', 'max_concurrency', 'timeout_ms', 'fail_fast', 'retries', 'background']);
const CALL_KEYS: ReadonlySet<string> = new Set(['server', 'tool', 'arguments', 'timeout_ms', 'estimated_ms']);

/** `args` as the schema would parse it, when it has the common shape; else undefined (ask the schema). */
export function plainCallToolsParallelInput(args: unknown): CallInput | undefined {
  if (!isPlainObject(args)) return undefined;
  for (const key in args) if (!BATCH_KEYS.has(key)) return undefined;
  const { calls, max_concurrency, timeout_ms, fail_fast, retries, background } = args;
  if (!Array.isArray(calls) || calls.length === 0) return undefined;
  if (max_concurrency !== undefined && !intIn(max_concurrency, 1, 1024)) return undefined;
  if (timeout_ms !== undefined && !intIn(timeout_ms, 1, MAX_TIMEOUT_MS)) return undefined;
  if (fail_fast !== undefined && typeof fail_fast !== 'boolean') return undefined;
  if (retries !== undefined && !intIn(retries, 0, 10)) return undefined;
  if (background !== undefined && typeof background !== 'boolean') return undefined;
  for (const call of calls) if (!isPlainCall(call)) return undefined;
  return args as CallInput;
}

function isPlainCall(call: unknown): boolean {
  if (!isPlainObject(call)) return false;
  for (const key in call) if (!CALL_KEYS.has(key)) return false;
  const { server, tool, arguments: callArguments, timeout_ms, estimated_ms } = call;
  if (typeof tool !== 'string' || tool.length === 0) return false;
  if (server !== undefined && (typeof server !== 'string' || server.length === 0)) return false;
  // An own "__proto__" key (JSON.parse makes one) is lost in zod's copy of a record: the schema decides.
  if (callArguments !== undefined && (!isPlainObject(callArguments) || Object.prototype.hasOwnProperty.call(callArguments, '__proto__'))) return false;
  if (timeout_ms !== undefined && !intIn(timeout_ms, 1, MAX_TIMEOUT_MS)) return false;
  if (estimated_ms !== undefined && !(typeof estimated_ms === 'number' && estimated_ms >= 0 && estimated_ms <= MAX_TIMEOUT_MS)) return false;
  return true;
}

function intIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

/** What zod takes as an object or a record: a non-array object whose prototype is Object's or null. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
