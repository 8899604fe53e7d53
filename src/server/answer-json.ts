/**
 * JSON.stringify's exact bytes for the plain data of a run's answer (run-answer-line.ts; issue
 * 13: a one-call answer's structured part is ~450 bytes of records, numbers with one or two
 * decimals and one text block), written with the work its shape needs: member names the
 * answers use are constant pieces, a string that needs no escape is quoted as it is, a number
 * of whole tenths or hundredths (every rounded timing) is written from its digits without the
 * shortest-digits search, and a downstream result of one text block is written by hand.
 * Anything else — a value with toJSON, another prototype, a deeper level, an escape — is
 * JSON.stringify's own. test/server/answer-json.test.ts holds the bytes equal on generated data.
 */

const hasOwn = Object.prototype.hasOwnProperty;

/** How many levels below the given object are walked here (deeper ones: JSON.stringify). */
const WALKED_LEVELS = 3;

/**
 * JSON.stringify(object) without its opening brace: its members (each as JSON.stringify
 * writes them) and the closing brace; undefined when `object` is not a plain object whose
 * stringify this writes (the caller then stringifies it).
 */
export function membersJson(object: Record<string, unknown>): string | undefined {
  if (!isPlainObject(object)) return undefined;
  return membersOf(object, WALKED_LEVELS);
}

/** JSON.stringify(text). */
export function stringJson(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // What JSON.stringify escapes: control characters, the quote, the backslash; and lone surrogates (any surrogate goes there).
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** JSON.stringify(value) for a number. */
export function numberJson(value: number): string {
  if (Number.isInteger(value)) {
    // -0 prints as "0", as in JSON.stringify.
    if (value > -1e9 && value < 1e9) return `${value}`;
    return JSON.stringify(value);
  }
  if (!(value > 0 && value < 1e8)) return JSON.stringify(value);
  // The double nearest k / 10 or k / 100 (a rounded timing or ratio) prints as k's digits
  // with the point before the last one or two: that is the shortest form that reads back
  // as it, with at most 10 significant digits here.
  const tenths = value * 10;
  if (Number.isInteger(tenths) && tenths / 10 === value) {
    const whole = Math.floor(value);
    return `${whole}.${tenths - whole * 10}`;
  }
  const hundredths = value * 100;
  if (Number.isInteger(hundredths) && hundredths / 100 === value) {
    const whole = Math.floor(value);
    const rest = hundredths - whole * 100;
    // A multiple of 10 would print as tenths (when value * 10 did not come out whole).
    if (rest % 10 !== 0) return rest < 10 ? `${whole}.0${rest}` : `${whole}.${rest}`;
  }
  return JSON.stringify(value);
}

function membersOf(object: Record<string, unknown>, levels: number): string | undefined {
  let out = '';
  for (const key in object) {
    if (!hasOwn.call(object, key)) continue;
    const value = valueJson(object[key], levels - 1, key === 'result');
    if (value === undefined) continue;
    out += (out === '' ? '' : ',') + keyJson(key) + value;
  }
  return `${out}}`;
}

/** A value as JSON.stringify writes it inside an object (undefined: the member is left out). */
function valueJson(value: unknown, levels: number, isResult: boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return stringJson(value);
    case 'number':
      return numberJson(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      // undefined, a function, a symbol (left out); a BigInt (JSON.stringify throws, as before).
      return JSON.stringify(value);
  }
  if (value === null) return 'null';
  if (isResult) {
    const text = oneTextBlockOf(value);
    if (text !== undefined) return `{"content":[{"type":"text","text":${stringJson(text)}}]}`;
  }
  if (levels <= 0) return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // A hole, undefined, a function or a symbol is null in an array.
      out += valueJson(value[i], levels - 1, false) ?? 'null';
    }
    return `${out}]`;
  }
  if (!isPlainObject(value)) return JSON.stringify(value);
  return `{${membersOf(value, levels)}`;
}

/**
 * The text of a downstream result that is exactly { content: [{ type: "text", text }] } (own
 * members in that order, plain objects and array): how JSON.stringify writes it is known.
 */
function oneTextBlockOf(value: object): string | undefined {
  if (!isPlainObject(value)) return undefined;
  let keys = 0;
  for (const key in value) {
    if (keys > 0 || key !== 'content') return undefined;
    keys += 1;
  }
  const content = (value as { content?: unknown }).content;
  if (!Array.isArray(content) || content.length !== 1 || Object.getPrototypeOf(content) !== Array.prototype || typeof (content as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const block: unknown = content[0];
  if (typeof block !== 'object' || block === null || !isPlainObject(block)) return undefined;
  keys = 0;
  for (const key in block) {
    if ((keys === 0 && key !== 'type') || (keys === 1 && key !== 'text') || keys > 1) return undefined;
    keys += 1;
  }
  const { type, text } = block as { type?: unknown; text?: unknown };
  return keys === 2 && type === 'text' && typeof text === 'string' ? text : undefined;
}

/** A plain object JSON.stringify walks member by member: Object's prototype (or none), no toJSON. */
function isPlainObject(value: object): value is Record<string, unknown> {
  if (Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** A member's name and colon: the answers' names as constants, others as JSON.stringify quotes them. */
function keyJson(key: string): string {
  switch (key) {
    case 'results':
      return '"results":';
    case 'summary':
      return '"summary":';
    case 'index':
      return '"index":';
    case 'server':
      return '"server":';
    case 'tool':
      return '"tool":';
    case 'attempts':
      return '"attempts":';
    case 'started_ms':
      return '"started_ms":';
    case 'duration_ms':
      return '"duration_ms":';
    case 'ok':
      return '"ok":';
    case 'result':
      return '"result":';
    case 'total':
      return '"total":';
    case 'succeeded':
      return '"succeeded":';
    case 'failed':
      return '"failed":';
    case 'cancelled':
      return '"cancelled":';
    case 'wall_ms':
      return '"wall_ms":';
    case 'sum_ms':
      return '"sum_ms":';
    case 'speedup':
      return '"speedup":';
    default:
      return `${stringJson(key)}:`;
  }
}
