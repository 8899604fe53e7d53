/**
 * The usual answer to a call-lane request read without JSON.parse (issue 13: one parse of each
 * downstream line, and for the common one not even that). An SDK server answers a tools/call
 * whose result is one text block with exactly this line (its Protocol writes `{ result, jsonrpc,
 * id }`, JSON.stringify'd):
 *
 *   {"result":{"content":[{"type":"text","text":"<text>"}]},"jsonrpc":"2.0","id":"<id>"}
 *
 * readTextAnswer takes such a line only when JSON.parse would give exactly that message, with
 * the same text and id: no whitespace between tokens, an id without quote, backslash or control
 * character, a text whose escapes (if any) JSON.parse reads as a string literal by itself.
 * Anything else — other keys, another order, whitespace, a number id, garbage — is not taken
 * and goes to JSON.parse as before, which gives today's message or today's error.
 */

const HEAD = '{"result":{"content":[{"type":"text","text":"';
const TAIL = '"}]},"jsonrpc":"2.0","id":"';
/** What JSON.parse refuses raw inside a string literal (the id is checked here; the text by JSON.parse). */
const CONTROL = /[\u0000-\u001f]/;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSE_BRACE = 0x7d;

/** Where readTextAnswer puts what it read (one object reused by its caller: nothing made per line). */
export interface TextAnswer {
  id: string;
  text: string;
}

/** True when `line` is the usual text answer; then `into` holds its id and text. */
export function readTextAnswer(line: string, into: TextAnswer): boolean {
  if (!line.startsWith(HEAD)) return false;
  const start = HEAD.length;
  // The text's closing quote: the first quote not escaped (an even run of backslashes before it).
  let close = line.indexOf('"', start);
  const firstBackslash = line.indexOf('\\', start);
  if (firstBackslash !== -1 && firstBackslash < close) {
    while (close !== -1 && backslashesBefore(line, close, start) % 2 === 1) close = line.indexOf('"', close + 1);
  }
  if (close === -1 || !line.startsWith(TAIL, close)) return false;
  const idStart = close + TAIL.length;
  const idEnd = line.length - 2;
  if (idEnd <= idStart || line.charCodeAt(idEnd) !== QUOTE || line.charCodeAt(idEnd + 1) !== CLOSE_BRACE) return false;
  const id = line.slice(idStart, idEnd);
  if (id.indexOf('"') !== -1 || id.indexOf('\\') !== -1 || CONTROL.test(id)) return false;
  let text: string;
  try {
    // The string literal alone, read by JSON.parse: its escapes and control characters judged as
    // in the whole line, and the text a string of its own (a slice would keep the whole chunk
    // read alive as long as the result, and make every later walk of it go through the slice).
    text = JSON.parse(line.slice(start - 1, close + 1)) as string;
  } catch {
    return false;
  }
  into.id = id;
  into.text = text;
  return true;
}

function backslashesBefore(line: string, at: number, from: number): number {
  let count = 0;
  for (let i = at - 1; i >= from && line.charCodeAt(i) === BACKSLASH; i--) count++;
  return count;
}
