/**
 * call_tools_parallel's input, checked by hand for the common case: tool calls (no prompt
 * fields) whose every field is valid and whose keys come in the schema's order. Such an input
 * is what the zod schema would return for it, key for key, so it is returned as it is (no copy,
 * no allocation). Anything else — an unknown or misplaced key, a value out of bounds, a
 * prompt call, a non-plain object — is undefined: the schema (call-tools-parallel.ts) decides,
 * and its errors stay as they are. The lean tools/call path (server/lean-tools-call.ts) asks it first; test/tools/call-tools-input.test.ts
 * compares both ways on generated inputs.
 */
import { MAX_TIMEOUT_MS } from '../engine/input-bounds.js';
import type { CallInput } from './call-tools-parallel.js';

/** The top-level fields, in the order of CallToolsParallelInputShape. */
export const FAST_INPUT_KEYS = ['calls', 'max_concurrency', 'timeout_ms', 'fail_fast', 'retries', 'background'] as const;
/** The fields of a tool call the fast path knows, in the order of CallSchema's shape. */
export const FAST_CALL_KEYS = ['server', 'tool', 'arguments', 'timeout_ms', 'estimated_ms', 'as_task', 'reset_timeout_on_progress', 'max_total_timeout_ms'] as const;

export function fastCallToolsParallelInput(value: unknown): CallInput | undefined {
  if (!isPlainObject(value)) return undefined;
  let last = -1;
  let hasCalls = false;
  for (const key in value) {
    const field = value[key];
    let rank: number;
    switch (key) {
      case 'calls':
        if (!areFastCalls(field)) return undefined;
        hasCalls = true;
        rank = 0;
        break;
      case 'max_concurrency':
        if (!isIntegerIn(field, 1, 1024)) return undefined;
        rank = 1;
        break;
      case 'timeout_ms':
        if (!isIntegerIn(field, 1, MAX_TIMEOUT_MS)) return undefined;
        rank = 2;
        break;
      case 'fail_fast':
        if (typeof field !== 'boolean') return undefined;
        rank = 3;
        break;
      case 'retries':
        if (!isIntegerIn(field, 0, 10)) return undefined;
        rank = 4;
        break;
      case 'background':
        if (typeof field !== 'boolean') return undefined;
        rank = 5;
        break;
      default:
        return undefined;
    }
    if (rank <= last) return undefined;
    last = rank;
  }
  return hasCalls ? (value as CallInput) : undefined;
}

function areFastCalls(calls: unknown): boolean {
  if (!Array.isArray(calls) || calls.length === 0) return false;
  for (let i = 0; i < calls.length; i++) if (!isFastCall(calls[i])) return false;
  return true;
}

function isFastCall(call: unknown): boolean {
  if (!isPlainObject(call)) return false;
  let last = -1;
  let hasTool = false;
  for (const key in call) {
    const field = call[key];
    let rank: number;
    switch (key) {
      case 'server':
        if (typeof field !== 'string' || field.length === 0) return false;
        rank = 0;
        break;
      case 'tool':
        if (typeof field !== 'string' || field.length === 0) return false;
        hasTool = true;
        rank = 1;
        break;
      case 'arguments':
        // z.record(z.string(), z.unknown()) copies own keys but never "__proto__": leave that one to it.
        if (!isPlainObject(field) || Object.prototype.hasOwnProperty.call(field, '__proto__')) return false;
        rank = 2;
        break;
      case 'timeout_ms':
        if (!isIntegerIn(field, 1, MAX_TIMEOUT_MS)) return false;
        rank = 3;
        break;
      case 'estimated_ms':
        if (typeof field !== 'number' || !(field >= 0 && field <= MAX_TIMEOUT_MS)) return false;
        rank = 4;
        break;
      case 'as_task':
        if (typeof field !== 'boolean') return false;
        rank = 5;
        break;
      case 'reset_timeout_on_progress':
        if (typeof field !== 'boolean') return false;
        rank = 6;
        break;
      case 'max_total_timeout_ms':
        if (!isIntegerIn(field, 1, MAX_TIMEOUT_MS)) return false;
        rank = 7;
        break;
      default:
        return false;
    }
    if (rank <= last) return false;
    last = rank;
  }
  return hasTool;
}

/** What JSON.parse makes of an object (the schema's output is one too). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
