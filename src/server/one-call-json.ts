/**
 * JSON.stringify's exact bytes for the structured part of a one-call call_tools_parallel
 * answer (issue 13: one per one-call request), for run-answer-line.ts: `{ results: [record],
 * summary }` with the record and summary call-records.ts builds for an ok call whose result
 * is one text block. That shape is checked member by member (names, order, types, plain
 * objects and arrays, no toJSON) and written from a template, its numbers (whole, or whole
 * tenths and hundredths: every rounded timing and ratio) from their digits without the
 * shortest-digits search; anything else is left to JSON.stringify (undefined). Warm, ~0.5
 * against ~1.4 µs for JSON.stringify of the same object, for ~600 B more garbage (the
 * template's pieces). test/server/one-call-json.test.ts holds the bytes equal.
 */

const hasOwn = Object.prototype.hasOwnProperty;

/** The record's members in the order callResultOf sets them for an ok call with a server. */
const RECORD_KEYS = ['index', 'server', 'tool', 'attempts', 'started_ms', 'duration_ms', 'ok', 'result'] as const;
/** The summary's members in summaryOf's order. */
const SUMMARY_KEYS = ['total', 'succeeded', 'failed', 'cancelled', 'wall_ms', 'sum_ms', 'speedup'] as const;

/** JSON.stringify(structured) without its opening brace, for the one-call shape; else undefined. */
export function oneCallStructuredJson(structured: Record<string, unknown>): string | undefined {
  if (!isPlain(structured) || !hasKeys(structured, TOP_KEYS)) return undefined;
  const results = structured.results;
  if (!Array.isArray(results) || results.length !== 1 || Object.getPrototypeOf(results) !== Array.prototype || hasToJSON(results)) return undefined;
  const record: unknown = results[0];
  const summary = structured.summary;
  if (!isPlainObject(record) || !hasKeys(record, RECORD_KEYS) || !isPlainObject(summary) || !hasKeys(summary, SUMMARY_KEYS)) return undefined;
  const { index, server, tool, attempts, started_ms, duration_ms, ok, result } = record;
  if (typeof index !== 'number' || typeof server !== 'string' || typeof tool !== 'string' || typeof attempts !== 'number') return undefined;
  if (typeof started_ms !== 'number' || typeof duration_ms !== 'number' || ok !== true) return undefined;
  const text = oneTextBlockOf(result);
  if (text === undefined) return undefined;
  const { total, succeeded, failed, cancelled, wall_ms, sum_ms, speedup } = summary;
  if (typeof total !== 'number' || typeof succeeded !== 'number' || typeof failed !== 'number' || typeof cancelled !== 'number') return undefined;
  if (typeof wall_ms !== 'number' || typeof sum_ms !== 'number' || typeof speedup !== 'number') return undefined;
  return (
    '"results":[{"index":' +
    numberJson(index) +
    ',"server":' +
    stringJson(server) +
    ',"tool":' +
    stringJson(tool) +
    ',"attempts":' +
    numberJson(attempts) +
    ',"started_ms":' +
    numberJson(started_ms) +
    ',"duration_ms":' +
    numberJson(duration_ms) +
    ',"ok":true,"result":{"content":[{"type":"text","text":' +
    stringJson(text) +
    '}]}}],"summary":{"total":' +
    numberJson(total) +
    ',"succeeded":' +
    numberJson(succeeded) +
    ',"failed":' +
    numberJson(failed) +
    ',"cancelled":' +
    numberJson(cancelled) +
    ',"wall_ms":' +
    numberJson(wall_ms) +
    ',"sum_ms":' +
    numberJson(sum_ms) +
    ',"speedup":' +
    numberJson(speedup) +
    '}}'
  );
}

const TOP_KEYS = ['results', 'summary'] as const;

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
  // The double nearest k / 10 or k / 100 (a rounded timing or ratio) prints as k's digits with
  // the point before the last one or two: the shortest form that reads back as it (at most 10
  // significant digits here, and no other as short within reach).
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

/** The text of a result that is exactly { content: [{ type: "text", text }] }; else undefined. */
function oneTextBlockOf(value: unknown): string | undefined {
  if (!isPlainObject(value) || !hasKeys(value, CONTENT_KEYS)) return undefined;
  const content = value.content;
  if (!Array.isArray(content) || content.length !== 1 || Object.getPrototypeOf(content) !== Array.prototype || hasToJSON(content)) return undefined;
  const block: unknown = content[0];
  if (!isPlainObject(block) || !hasKeys(block, BLOCK_KEYS)) return undefined;
  return block.type === 'text' && typeof block.text === 'string' ? block.text : undefined;
}

const CONTENT_KEYS = ['content'] as const;
const BLOCK_KEYS = ['type', 'text'] as const;

/** Exactly these own enumerable members, in this order (what JSON.stringify walks). */
function hasKeys(object: Record<string, unknown>, keys: readonly string[]): boolean {
  let k = 0;
  for (const key in object) {
    if (k >= keys.length || key !== keys[k] || !hasOwn.call(object, key)) return false;
    k += 1;
  }
  return k === keys.length;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && isPlain(value as Record<string, unknown>);
}

/** Object's prototype (the caller knows it is an object), no toJSON. */
function isPlain(object: Record<string, unknown>): boolean {
  return !Array.isArray(object) && Object.getPrototypeOf(object) === Object.prototype && !hasToJSON(object);
}

function hasToJSON(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
