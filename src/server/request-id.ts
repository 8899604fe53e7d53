/**
 * The id of a JSON-RPC message known only by its first and last bytes (a message too large
 * to read whole): read from the top-level object only — an "id" inside "params" is not it.
 */
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';

export interface FoundId {
  id?: RequestId;
  /** The message has a top-level "result" or "error": it answers a request, it is not one. */
  isResponse: boolean;
}

/** `"id": 7 }` or `"id": "x" }` closing the message: the top-level object's last member. */
const TRAILING_ID = /"id"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\]|\\.)*")\s*\}\s*$/;

export function readTopLevelId(head: string, tail = ''): FoundId {
  const scan = scanTopLevel(head);
  if (scan.id !== undefined) return scan;
  const trailing = TRAILING_ID.exec(tail);
  const id = trailing ? toRequestId(trailing[1]!) : undefined;
  return id === undefined ? scan : { ...scan, id };
}

function toRequestId(token: string): RequestId | undefined {
  try {
    const value: unknown = JSON.parse(token);
    return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Walks the members of the top-level object as far as `text` goes, skipping nested values. */
function scanTopLevel(text: string): FoundId {
  const found: FoundId = { isResponse: false };
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return found;
  i += 1;
  for (;;) {
    i = skipSpace(text, i);
    if (text[i] !== '"') return found;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return found;
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd);
    if (text[i] !== ':') return found;
    if (key === 'result' || key === 'error') found.isResponse = true;
    const valueStart = skipSpace(text, i + 1);
    const valueEnd = endOfValue(text, valueStart);
    if (valueEnd < 0) return found;
    if (key === 'id') {
      const id = toRequestId(text.slice(valueStart, valueEnd));
      if (id !== undefined) found.id = id;
    }
    i = skipSpace(text, valueEnd);
    if (text[i] !== ',') return found;
    i += 1;
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

/** The index after the closing quote of the string starting at `i`, or -1 when it is cut off. */
function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return -1;
}

/** The index after the value starting at `i`, or -1 when it is cut off. */
function endOfValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return endOfString(text, i);
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') {
        j = endOfString(text, j) - 1;
        if (j < 0) return -1;
      } else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < text.length && !/[\s,}\]]/.test(text[j]!)) j++;
  return j === text.length ? -1 : j;
}
