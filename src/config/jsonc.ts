/**
 * JSON with comments, as VS Code reads its mcp.json (and Cursor and Claude Desktop files
 * copied from it): `//` and `/* *\/` comments and a comma after the last member of an object
 * or array are allowed. Plain JSON is parsed as is; only when that fails is the text
 * scanned. Comments and trailing commas become spaces, so a remaining syntax error keeps
 * its position, and the error names its line and column in the file.
 */

export class JsoncSyntaxError extends Error {}

export function parseJsonc(text: string): unknown {
  const source = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(source);
  } catch (plainError) {
    const blanked = blankCommentsAndTrailingCommas(source);
    if (blanked === source) throw new JsoncSyntaxError(located(source, (plainError as Error).message));
    try {
      return JSON.parse(blanked);
    } catch (error) {
      throw new JsoncSyntaxError(located(source, (error as Error).message));
    }
  }
}

/** The text with every comment and trailing comma outside strings replaced by spaces (newlines kept). */
export function blankCommentsAndTrailingCommas(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  // The last significant (not blank, not comment) character seen, and where a pending comma is.
  let previous = '';
  let pendingComma = -1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      pendingComma = -1;
      previous = '"';
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if ((c === '}' || c === ']') && pendingComma >= 0) blank(pendingComma, pendingComma + 1);
    pendingComma = c === ',' && previous !== '' && previous !== '{' && previous !== '[' && previous !== ',' ? i : -1;
    previous = c;
    i++;
  }
  return out.join('');
}

/** Index just past the string literal that opens at `start` (or the end of the text). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '\n') return i;
    else i++;
  }
  return text.length;
}

/** JSON.parse's message with the line and column of its "position N", when it gives one. */
function located(text: string, message: string): string {
  const match = /at position (\d+)/.exec(message);
  if (match === null || /\(line \d+ column \d+\)/.test(message)) return message;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
