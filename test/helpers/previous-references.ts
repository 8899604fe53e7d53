/**
 * engine/references.ts's template scanning as it was before parseTemplate jumped from "{{" to
 * "{{" (main at 2f879db), for a property test (test/engine/references-scan.test.ts).
 */
import { formatPath, type InvalidReference, type StepReference } from '../../src/engine/references.js';

type Segment = { literal: string } | { reference: StepReference };

/** One `.key`, `[0]`, `["key"]` or `['key']` path segment, matched at `lastIndex` (sticky, shared). */
const PATH_SEGMENT = /\.([^.[\]\s{}"']+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\['((?:[^'\\]|\\.)*)'\]/y;

/** Parses the inside of `{{ ... }}`: a step id then `.key`, `[0]` or `["key"]` segments. */
function parseReferenceExpression(
  expression: string,
): { ok: true; stepId: string; path: Array<string | number> } | { ok: false; message: string } {
  const text = expression.trim();
  const head = /^[^.[\]\s{}"']+/.exec(text);
  if (!head) {
    return { ok: false, message: `Expected a step id after "{{", got ${text === '' ? 'nothing' : JSON.stringify(text)}` };
  }
  const path: Array<string | number> = [];
  let at = head[0].length;
  while (at < text.length) {
    PATH_SEGMENT.lastIndex = at;
    const match = PATH_SEGMENT.exec(text);
    if (!match) {
      return {
        ok: false,
        message: `Expected ".key", "[index]" or ["key"] at position ${at} of "${text}", got ${JSON.stringify(text.slice(at))}`,
      };
    }
    if (match[1] !== undefined) path.push(match[1]);
    else if (match[2] !== undefined) path.push(Number(match[2]));
    else if (match[3] !== undefined) path.push(JSON.parse(`"${match[3]}"`) as string);
    else path.push(match[4]!.replace(/\\(.)/g, '$1'));
    at = PATH_SEGMENT.lastIndex;
  }
  return { ok: true, stepId: head[0], path };
}

/** Splits a string into literal text and references; undefined when it holds none. */
export function previousParseTemplate(
  text: string,
  location: string,
  invalid: InvalidReference[] | undefined,
): Segment[] | undefined {
  if (!text.includes('{{')) return undefined;
  const segments: Segment[] = [];
  let literal = '';
  let hasReference = false;
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('\\{{', i)) {
      literal += '{{';
      i += 3;
      continue;
    }
    if (!text.startsWith('{{', i)) {
      literal += text[i];
      i += 1;
      continue;
    }
    const close = text.indexOf('}}', i + 2);
    if (close < 0) {
      invalid?.push({ raw: text.slice(i), location, message: `Expected "}}" to close the reference starting at position ${i}, got the end of the string` });
      literal += text.slice(i);
      break;
    }
    const raw = text.slice(i, close + 2);
    const parsed = parseReferenceExpression(text.slice(i + 2, close));
    if (parsed.ok) {
      if (literal !== '') segments.push({ literal });
      literal = '';
      segments.push({ reference: { stepId: parsed.stepId, path: parsed.path, raw, location } });
      hasReference = true;
    } else {
      invalid?.push({ raw, location, message: parsed.message });
      literal += raw;
    }
    i = close + 2;
  }
  if (literal !== '') segments.push({ literal });
  return hasReference || literal !== text ? segments : undefined;
}

/** Walks every string in a JSON-like value, depth first, in key order. */
function walkStrings(value: unknown, path: Array<string | number>, visit: (text: string, path: Array<string | number>) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walkStrings(value[i], path, visit);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      path.push(key);
      walkStrings((value as Record<string, unknown>)[key], path, visit);
      path.pop();
    }
  }
}

/** Whether any string in a JSON-like value contains `{{`: without it there is nothing for `scanReferences` to find. */
export function previousHoldsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) {
    for (const item of value) if (previousHoldsTemplate(item)) return true;
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) if (Object.hasOwn(value, key) && previousHoldsTemplate((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Every well-formed reference and every malformed one, with its location. */
export function previousScanReferences(args: unknown): { references: StepReference[]; invalid: InvalidReference[] } {
  const references: StepReference[] = [];
  const invalid: InvalidReference[] = [];
  walkStrings(args, [], (text, path) => {
    if (!text.includes('{{')) return;
    for (const segment of previousParseTemplate(text, formatPath(path), invalid) ?? []) {
      if ('reference' in segment) references.push(segment.reference);
    }
  });
  return { references, invalid };
}


