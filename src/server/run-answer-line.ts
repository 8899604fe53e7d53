/**
 * A run tool's foreground answer as the JSON-RPC line the lean path writes (issue 13: one per
 * one-call request), built as text from the run's end: the bytes of
 * `JSON.stringify({ result: finishedAnswer(end), jsonrpc: "2.0", id })` and a newline, without
 * the answer's objects (its content block, the copy of the report's structured part beside
 * run_id and status, the message) or a walk of them. The fixed parts are written once, here;
 * only the text, the report's structured part and the ids are stringified.
 *
 * For small answers only: past a few calls (a report text over SMALL_TEXT characters) the pieces
 * and their joining cost more than the one JSON.stringify of the whole answer (warm, 30 echo
 * calls: 46 against 34 µs; one call: 2.2 against 2.6 µs), and the object path answers.
 *
 * Undefined for a shape this does not write byte for byte (structured members named run_id,
 * status or toJSON or like array indexes, which the spread of finishedAnswer orders or
 * replaces differently; a prototype other than Object's; isError not a boolean): the caller
 * then answers with finishedAnswer's object. test/server/run-answer-line.test.ts holds the
 * bytes equal on generated ends.
 */
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { RunEnd } from '../runs/run-types.js';
import { oneCallStructuredJson } from './one-call-json.js';

/** The largest report text written here (a one-call answer's is ~150 characters). */
const SMALL_TEXT = 512;
/** The answer line's fixed pieces, shared with prepared-answer-line.ts (one owner of the line's format). */
export const START = '{"result":{"content":[{"type":"text","text":';
export const STRUCTURED = '}],"structuredContent":{"run_id":';
export const STATUS = ',"status":';
export const IS_ERROR_TRUE = ',"isError":true},"jsonrpc":"2.0","id":';
export const IS_ERROR_FALSE = ',"isError":false},"jsonrpc":"2.0","id":';

export function runAnswerLine(end: RunEnd, id: RequestId): string | undefined {
  const report = end.report;
  let text: string;
  let rest: string;
  let isError: unknown;
  if (report === undefined) {
    text = `Run ${end.run_id} is ${end.status}${end.status_message ? `: ${end.status_message}` : ''}`;
    rest = '}';
    isError = end.status !== 'completed';
  } else {
    if (typeof report.text !== 'string' || report.text.length > SMALL_TEXT) return undefined;
    text = `${report.text}\nrun_id: ${end.run_id}`;
    const structured = report.structured;
    if (structured === undefined) rest = '}';
    else {
      if (!spreadsAsItStringifies(structured)) return undefined;
      // A one-call answer's (the commonest) from its template; any other by JSON.stringify.
      const oneCall = oneCallStructuredJson(structured);
      if (oneCall !== undefined) rest = `,${oneCall}`;
      else {
        const inner = JSON.stringify(structured);
        rest = inner === '{}' ? '}' : `,${inner.slice(1)}`;
      }
    }
    isError = report.isError;
  }
  if (typeof isError !== 'boolean') return undefined;
  return (
    START +
    JSON.stringify(text) +
    STRUCTURED +
    JSON.stringify(end.run_id) +
    STATUS +
    JSON.stringify(end.status) +
    rest +
    (isError ? IS_ERROR_TRUE : IS_ERROR_FALSE) +
    JSON.stringify(id) +
    '}\n'
  );
}

/**
 * `{ run_id, status, ...structured }` stringifies as run_id, status and then `structured` as it
 * stringifies alone: a plain object none of whose own keys is run_id, status or toJSON, or an
 * array index (those come first in an object's key order).
 */
function spreadsAsItStringifies(structured: Record<string, unknown>): boolean {
  if (typeof structured !== 'object' || structured === null || Object.getPrototypeOf(structured) !== Object.prototype) return false;
  for (const key in structured) {
    if (key === 'run_id' || key === 'status' || key === 'toJSON') return false;
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) return false;
  }
  return true;
}
