/**
 * Step references inside plan arguments: `{{a}}`, `{{a.items[0].title}}`, `{{a["odd key"]}}`.
 *
 * - A string that is exactly one reference is replaced by the value, its type kept.
 * - A reference inside a longer string is interpolated as text (objects as JSON).
 * - When a path goes into a string that holds JSON text, the text is parsed on demand.
 * - `\{{` is a literal `{{`.
 * A path that does not resolve is a `reference_error` naming the reference and the keys
 * that do exist — never a silent empty string. Pure.
 */

import { callError, type CallError } from './outcome.js';

export interface StepReference {
  stepId: string;
  path: Array<string | number>;
  /** The reference as written, braces included: `{{a.items[0]}}`. */
  raw: string;
  /** JSON path inside the arguments: `query`, `list[1].name`, `["odd key"]` (empty at the root). */
  location: string;
}

export interface InvalidReference {
  raw: string;
  location: string;
  message: string;
}

type Segment = { literal: string } | { reference: StepReference };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Joins a base JSON path and a relative one: `steps[0].arguments` + `q` -> `steps[0].arguments.q`. */
export function joinPath(base: string, relative: string): string {
  if (relative === '') return base;
  if (base === '' || relative.startsWith('[')) return base + relative;
  return `${base}.${relative}`;
}

/** One `.key`, `[0]`, `["key"]` or `['key']` path segment, matched at `lastIndex` (sticky, shared). */
const PATH_SEGMENT = /\.([^.[\]\s{}"']+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\['((?:[^'\\]|\\.)*)'\]/y;

/** The step id that opens a reference's expression (not global: no state between uses). */
const STEP_ID_HEAD = /^[^.[\]\s{}"']+/;

/** True when a `{{...}}` reference can name step `id` (it holds none of the characters that end a reference's step id). */
export function isNameableStepId(id: string): boolean {
  const head = STEP_ID_HEAD.exec(id);
  return head !== null && head[0].length === id.length;
}

/** Parses the inside of `{{ ... }}`: a step id then `.key`, `[0]` or `["key"]` segments. */
export function parseReferenceExpression(
  expression: string,
): { ok: true; stepId: string; path: Array<string | number> } | { ok: false; message: string } {
  const text = expression.trim();
  const head = STEP_ID_HEAD.exec(text);
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

/**
 * Splits a string into literal text and references; undefined when it holds none. Jumps from
 * one "{{" to the next (`indexOf`), copying the literal text between them whole.
 */
export function parseTemplate(
  text: string,
  location: string,
  invalid: InvalidReference[] | undefined,
): Segment[] | undefined {
  let open = text.indexOf('{{');
  if (open < 0) return undefined;
  const segments: Segment[] = [];
  let literal = '';
  let hasReference = false;
  let i = 0;
  while (open >= 0) {
    // `\{{` is a literal "{{" (its backslash is not in the text before).
    if (open > i && text.charCodeAt(open - 1) === 92) {
      literal += `${text.slice(i, open - 1)}{{`;
      i = open + 2;
      open = text.indexOf('{{', i);
      continue;
    }
    if (open > i) literal += text.slice(i, open);
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      invalid?.push({ raw: text.slice(open), location, message: `Expected "}}" to close the reference starting at position ${open}, got the end of the string` });
      literal += text.slice(open);
      i = text.length;
      break;
    }
    const raw = text.slice(open, close + 2);
    const parsed = parseReferenceExpression(text.slice(open + 2, close));
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
    open = text.indexOf('{{', i);
  }
  if (i < text.length) literal += text.slice(i);
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
export function holdsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) {
    for (const item of value) if (holdsTemplate(item)) return true;
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) if (Object.hasOwn(value, key) && holdsTemplate((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Every well-formed reference and every malformed one, with its location. */
export function scanReferences(args: unknown): { references: StepReference[]; invalid: InvalidReference[] } {
  const references: StepReference[] = [];
  const invalid: InvalidReference[] = [];
  walkStrings(args, [], (text, path) => {
    if (!text.includes('{{')) return;
    for (const segment of parseTemplate(text, formatPath(path), invalid) ?? []) {
      if ('reference' in segment) references.push(segment.reference);
    }
  });
  return { references, invalid };
}

export function findReferences(args: unknown): StepReference[] {
  return scanReferences(args).references;
}

/** The ids that the arguments' well-formed references name, each once, in the order first met. */
export function referencedStepIds(references: readonly StepReference[]): string[] {
  const ids: string[] = [];
  for (const reference of references) if (!ids.includes(reference.stepId)) ids.push(reference.stepId);
  return ids;
}

/** What `templateIds` returns for a value none of whose strings holds "{{" (shared: do not change it). */
export const NO_TEMPLATE: readonly string[] = Object.freeze([]);

/**
 * In one walk of a value: `NO_TEMPLATE` when `holdsTemplate(value)` is false; else
 * `referencedStepIds(scanReferences(value).references)` when the value holds no malformed
 * reference, and undefined when it holds one (`scanReferences` then says which and where). No
 * paths, segments nor match objects are built: a reference whose inside is a plain step id (no
 * space, quote, brace, bracket, dot nor non-ASCII unit) is read in place, any other by
 * `parseReferenceExpression`.
 */
export function templateIds(value: unknown): readonly string[] | undefined {
  const ids: string[] = [];
  const found = collectIds(value, ids);
  return found === MALFORMED ? undefined : found === NO_BRACES ? NO_TEMPLATE : ids;
}

/** What `collectIds` found: no "{{" in any string, well-formed references only, a malformed one. */
const NO_BRACES = 0;
const WELL_FORMED = 1;
const MALFORMED = 2;

/** Adds the ids of the references in a value (walked as `walkStrings` does) to `ids`; stops at a malformed one. */
function collectIds(value: unknown, ids: string[]): number {
  if (typeof value === 'string') return idsOfText(value, ids);
  let found = NO_BRACES;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = collectIds(value[i], ids);
      if (item === MALFORMED) return MALFORMED;
      if (item === WELL_FORMED) found = WELL_FORMED;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const item = collectIds((value as Record<string, unknown>)[key], ids);
      if (item === MALFORMED) return MALFORMED;
      if (item === WELL_FORMED) found = WELL_FORMED;
    }
  }
  return found;
}

/** `parseTemplate`'s walk from one "{{" to the next, keeping only the ids. */
function idsOfText(text: string, ids: string[]): number {
  let open = text.indexOf('{{');
  if (open < 0) return NO_BRACES;
  let i = 0;
  while (open >= 0) {
    if (open > i && text.charCodeAt(open - 1) === 92) {
      i = open + 2;
      open = text.indexOf('{{', i);
      continue;
    }
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return MALFORMED;
    let id = plainId(text, open + 2, close);
    if (id === undefined) {
      const parsed = parseReferenceExpression(text.slice(open + 2, close));
      if (!parsed.ok) return MALFORMED;
      id = parsed.stepId;
    }
    if (!ids.includes(id)) ids.push(id);
    i = close + 2;
    open = text.indexOf('{{', i);
  }
  return WELL_FORMED;
}

/**
 * text[from, to) when it is a whole step id with no path: not empty, and no unit that
 * STEP_ID_HEAD stops at or `trim` removes (spaces and controls up to 32, `.[]{}"'`, non-ASCII).
 */
function plainId(text: string, from: number, to: number): string | undefined {
  if (to <= from) return undefined;
  for (let x = from; x < to; x++) {
    const c = text.charCodeAt(x);
    if (c <= 32 || c >= 127 || c === 46 || c === 91 || c === 93 || c === 123 || c === 125 || c === 34 || c === 39) return undefined;
  }
  return text.slice(from, to);
}

/** The one message for a malformed reference, at its JSON path below `argumentsPath` (run_plan and the analysis share it). */
export function invalidReferenceProblem(argumentsPath: string, bad: InvalidReference): { path: string; message: string } {
  return { path: joinPath(argumentsPath, bad.location), message: `${bad.message} (in ${JSON.stringify(bad.raw)})` };
}

const MAX_KEYS_SHOWN = 20;

function describeKeys(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? 'it is an empty array' : `it is an array of ${value.length} (indexes 0..${value.length - 1})`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return 'it is an empty object';
    const shown = keys.slice(0, MAX_KEYS_SHOWN).map((k) => JSON.stringify(k)).join(', ');
    return `keys that exist: ${shown}${keys.length > MAX_KEYS_SHOWN ? `, … (${keys.length} in all)` : ''}`;
  }
  if (typeof value === 'string') return `it is a string that is not JSON: ${JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value)}`;
  return `it is ${value === null ? 'null' : `a ${typeof value}`}`;
}

function parseJsonText(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** Follows a path into a value; JSON text met on the way is parsed on demand. */
export function selectPath(
  value: unknown,
  path: readonly (string | number)[],
): { ok: true; value: unknown } | { ok: false; at: number; container: unknown } {
  let current = value;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (typeof current === 'string') {
      const parsed = parseJsonText(current);
      if (parsed !== undefined) current = parsed;
    }
    if (Array.isArray(current)) {
      const index = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : -1;
      if (index < 0 || index >= current.length) return { ok: false, at: i, container: current };
      current = current[index];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, String(key))) {
      current = (current as Record<string, unknown>)[String(key)];
    } else {
      return { ok: false, at: i, container: current };
    }
  }
  return { ok: true, value: current };
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return String(value);
  return JSON.stringify(value);
}

export type ReferenceLookup = (stepId: string) => { found: true; value: unknown } | { found: false };

function resolveReference(reference: StepReference, lookup: ReferenceLookup, base: string): { ok: true; value: unknown } | { ok: false; error: CallError } {
  const where = joinPath(base, reference.location) || 'the step';
  const found = lookup(reference.stepId);
  if (!found.found) {
    return {
      ok: false,
      error: callError('reference_error', `Reference ${reference.raw} in ${where}: expected a finished step "${reference.stepId}", got no value for it`),
    };
  }
  const selected = selectPath(found.value, reference.path);
  if (selected.ok) return selected;
  const reached = formatPath([reference.stepId, ...reference.path.slice(0, selected.at)]);
  const missing = formatPath(reference.path.slice(selected.at, selected.at + 1));
  return {
    ok: false,
    error: callError(
      'reference_error',
      `Reference ${reference.raw} in ${where} does not resolve: ${reached} has no ${missing.startsWith('[') ? missing : `"${missing}"`}; ${describeKeys(selected.container)}`,
    ),
  };
}

function resolveValue(value: unknown, path: Array<string | number>, lookup: ReferenceLookup, base: string): { ok: true; value: unknown } | { ok: false; error: CallError } {
  if (typeof value === 'string') {
    const segments = parseTemplate(value, formatPath(path), undefined);
    if (!segments) return { ok: true, value };
    const only = segments.length === 1 ? segments[0]! : undefined;
    if (only && 'reference' in only) return resolveReference(only.reference, lookup, base);
    let text = '';
    for (const segment of segments) {
      if ('literal' in segment) text += segment.literal;
      else {
        const resolved = resolveReference(segment.reference, lookup, base);
        if (!resolved.ok) return resolved;
        text += asText(resolved.value);
      }
    }
    return { ok: true, value: text };
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const resolved = resolveValue(value[i], path, lookup, base);
      path.pop();
      if (!resolved.ok) return resolved;
      out.push(resolved.value);
    }
    return { ok: true, value: out };
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      path.push(key);
      const resolved = resolveValue(child, path, lookup, base);
      path.pop();
      if (!resolved.ok) return resolved;
      out[key] = resolved.value;
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}

/**
 * Replaces every reference in the arguments; the first one that does not resolve fails the
 * step. `base` names where they sit in the step, for messages (`arguments`; '' for a
 * prompt step's `prompt` and `system`).
 */
export function resolveArguments(
  args: Record<string, unknown> | undefined,
  lookup: ReferenceLookup,
  base = 'arguments',
): { ok: true; value: Record<string, unknown> } | { ok: false; error: CallError } {
  if (args === undefined) return { ok: true, value: {} };
  const resolved = resolveValue(args, [], lookup, base);
  if (!resolved.ok) return resolved;
  return { ok: true, value: resolved.value as Record<string, unknown> };
}
