/**
 * Heuristic rules for tool-call steps: writes to the same server or the same resource
 * are ordered, and so are reads and writes of the same resource. Pure.
 */
import type { AnalysisStep, ToolInfoLookup } from './schema.js';

export type AccessKind = 'read' | 'write';

const WRITE_WORDS = new Set(
  ('write create update delete remove set put post insert upsert move rename edit append save send upload ' +
    'patch add modify drop commit push deploy publish store reset clear replace apply merge execute run ' +
    'trigger start stop kill install uninstall mkdir rm mv cp copy truncate overwrite submit book pay order clone init checkout rebase tag stage ' +
    'click fill navigate goto hover scroll drag build screenshot')
    .split(' '),
);
const READ_WORDS = new Set(
  ('get read list search find fetch query describe show view lookup look open load retrieve check inspect ' +
    'count stat stats head tail browse echo ping status download scan diff compare validate')
    .split(' '),
);
const RESOURCE_KEY = /path|file|uri|url|key|name|^id$|_id$|table|dir|folder|source|destination|target|entit|collection|bucket|index|document|repo|branch|resource|topic|channel|queue/i;

function toolWords(tool: string): string[] {
  const bare = tool.includes('__') ? tool.slice(tool.indexOf('__') + 2) : tool;
  return bare
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Annotations win (readOnlyHint / destructiveHint); otherwise the tool name's words. */
export function accessKind(step: AnalysisStep, toolInfo?: ToolInfoLookup): { kind: AccessKind; why: string } {
  const tool = step.tool ?? '';
  const annotations = toolInfo?.(step.server, tool)?.annotations;
  if (annotations?.readOnlyHint === true) return { kind: 'read', why: 'readOnlyHint: true' };
  if (annotations?.destructiveHint === true) return { kind: 'write', why: 'destructiveHint: true' };
  if (annotations?.readOnlyHint === false) return { kind: 'write', why: 'readOnlyHint: false' };
  let byName = nameKinds.get(tool);
  if (byName === undefined) {
    if (nameKinds.size >= 10_000) nameKinds.clear();
    nameKinds.set(tool, (byName = kindOfName(tool)));
  }
  // A new object per call: callers may keep it; the cache's own is never handed out.
  return { kind: byName.kind, why: byName.why };
}

/** Argument keys that name an HTTP method, and the methods that change what they address. */
const METHOD_KEY = /^(?:method|http_?method|verb|request_?method)$/i;
const WRITE_METHOD = /^(?:post|put|patch|delete)$/i;
/** Argument keys that name where a call puts what it makes (`output_path`, `dest`, `save_to`): a file written. */
const OUTPUT_KEY = /^(?:output|out|dest|destination|save|save_?to|target)(?:_?(?:path|file|filename|dir|directory|location))?$|^(?:output|out|save|dest)_?(?:path|file|filename|dir)$/i;
/** A statement that changes a database: SQL's data- and schema-changing verbs at its start. */
const WRITE_STATEMENT = /^\s*(?:insert|update|delete|upsert|merge|replace|create|drop|alter|truncate|grant|revoke)\s/i;

/**
 * A write that a call's top-level arguments state although its tool's name does not: an HTTP
 * method that changes what it addresses (`http_request` with `method: "POST"`), or a SQL
 * statement that changes a database (`query: "INSERT INTO ..."`). The reason, or undefined.
 */
export function writeByArguments(step: AnalysisStep): string | undefined {
  const args = step.arguments;
  if (args === undefined) return undefined;
  for (const key in args) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    if (METHOD_KEY.test(key) && WRITE_METHOD.test(value)) return `write-like argument ${key}: "${value}"`;
    if (OUTPUT_KEY.test(key) && value.trim() !== '') return `writes to its argument ${key}`;
    if (WRITE_STATEMENT.test(value)) return `write-like statement in argument ${key}`;
  }
  return undefined;
}

/** `kindOfName(tool)`, remembered across analyses: tool names repeat from plan to plan (the words cost two regular expressions). */
const nameKinds = new Map<string, { kind: AccessKind; why: string }>();

/** The access kind a tool's name suggests. */
function kindOfName(tool: string): { kind: AccessKind; why: string } {
  const ws = toolWords(tool);
  const writeWord = ws.find((w) => WRITE_WORDS.has(w));
  const readWord = ws.find((w) => READ_WORDS.has(w));
  // Any write word makes it a write: "get_or_create" writes.
  if (writeWord !== undefined) {
    return { kind: 'write', why: `write-like name "${tool}"` };
  }
  return { kind: 'read', why: readWord ? `read-like name "${tool}"` : `no write signal in "${tool}"` };
}

/** Server of a tool step: `server`, else the `server__tool` prefix. */
export function serverOf(step: AnalysisStep): string | undefined {
  if (step.server) return step.server;
  const tool = step.tool ?? '';
  return tool.includes('__') ? tool.slice(0, tool.indexOf('__')) : undefined;
}

/** Literal resource-like argument values (paths, keys, names, ids); references excluded. */
export function resourcesOf(step: AnalysisStep): string[] {
  const out: string[] = [];
  const args = step.arguments;
  // for...in over own keys: Object.keys's order, without its list.
  if (args) for (const key in args) if (Object.hasOwn(args, key)) collectResources(key, args[key], out);
  return out;
}

const resourceKeys = new Map<string, boolean>();

/** RESOURCE_KEY.test(key), remembered: argument names repeat across a plan. */
function isResourceKey(key: string): boolean {
  let yes = resourceKeys.get(key);
  if (yes === undefined) {
    if (resourceKeys.size >= 10_000) resourceKeys.clear();
    resourceKeys.set(key, (yes = RESOURCE_KEY.test(key)));
  }
  return yes;
}

/** Keys of an id (`book_id`, `id`): a number there names a record as a string would (`{ book_id: 42 }`). */
const ID_KEY = /(?:^|_)id$/i;

function collectResources(key: string, value: unknown, out: string[]): void {
  if (typeof value === 'number') {
    // Keys that end in "id" first (most numbers are amounts or counts): no expression for the others.
    if (key.length >= 2 && (key.charCodeAt(key.length - 1) | 32) === 100 && (key.charCodeAt(key.length - 2) | 32) === 105 && Number.isInteger(value) && ID_KEY.test(key)) out.push(String(value));
  } else if (typeof value === 'string') {
    if (isResourceKey(key) && !value.includes('{{') && value.trim() !== '') {
      out.push(value.trim().replace(/\/+$/, '') || '/');
    }
  } else if (Array.isArray(value)) {
    for (const v of value) collectResources(key, v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectResources(isResourceKey(k) ? k : key, v, out);
  }
}

/** Argument keys whose value is code to run: a shell command, a script, a SQL statement. */
const CODE_KEY = /^(?:command|cmd|commands|script|code|sql|query|statement|shell|args)$/i;

/** Whether a call's top-level arguments hold code to run (`command: "python clean.py"`, `query: "UPDATE ..."`): its effects are not in its arguments. */
export function runsCode(step: AnalysisStep): boolean {
  const args = step.arguments;
  if (args === undefined) return false;
  for (const key in args) if (Object.hasOwn(args, key) && CODE_KEY.test(key) && typeof args[key] === 'string') return true;
  return false;
}

/**
 * Whether a string among a step's arguments (at any depth) holds one of `resources` (at least
 * four characters): `python /work/clean.py` runs the file `/work/clean.py` names.
 */
export function argumentsMention(step: AnalysisStep, resources: readonly string[]): boolean {
  if (resources.length === 0 || step.arguments === undefined) return false;
  return mentionsIn(step.arguments, resources, 0);
}

function mentionsIn(value: unknown, resources: readonly string[], depth: number): boolean {
  if (typeof value === 'string') {
    for (let r = 0; r < resources.length; r++) if (resources[r]!.length >= 4 && value.includes(resources[r]!)) return true;
    return false;
  }
  if (depth > 8 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (mentionsIn(value[i], resources, depth + 1)) return true;
    return false;
  }
  for (const key in value) if (Object.hasOwn(value, key) && mentionsIn((value as Record<string, unknown>)[key], resources, depth + 1)) return true;
  return false;
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(b.endsWith('/') ? b : `${b}/`) || b.startsWith(a.endsWith('/') ? a : `${a}/`);
}

/** What the tool rules need to know about one tool-call step, computed once. */
export interface ToolAccess {
  kind: AccessKind;
  why: string;
  resources: string[];
  server: string | undefined;
}

export function toolAccess(
  step: AnalysisStep,
  toolInfo?: ToolInfoLookup,
  kind: { kind: AccessKind; why: string } = accessKind(step, toolInfo),
): ToolAccess {
  return { kind: kind.kind, why: kind.why, resources: resourcesOf(step), server: serverOf(step) };
}

/**
 * Resources that `resource` overlaps as a descendant: "/d/a.txt" lies under "/d/" and "/d"
 * (and "/"). `overlaps(x, y)` holds exactly when x === y, y is among these of x, or x among these of y.
 */
export function enclosingResources(resource: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < resource.length; i++) {
    if (resource[i] !== '/') continue;
    if (i > 0) out.push(resource.slice(0, i));
    if (i + 1 < resource.length) out.push(resource.slice(0, i + 1));
  }
  return out;
}

/**
 * Why `later` must wait for `earlier` (both tool steps), or undefined when they may overlap.
 * Read/read never conflicts. Otherwise: a shared resource conflicts; on the same server,
 * unknown resources conflict (when unsure, order).
 */
export function accessConflict(a: ToolAccess, b: ToolAccess): string | undefined {
  if (a.kind === 'read' && b.kind === 'read') return undefined;
  const ra = a.resources;
  const rb = b.resources;
  const shared = ra.find((x) => rb.some((y) => overlaps(x, y)));
  const what = `${a.kind} (${a.why}) then ${b.kind} (${b.why})`;
  if (shared !== undefined) return `${what} of the same resource "${shared}"`;
  const sa = a.server;
  const sameServer = sa !== undefined && sa === b.server;
  if (!sameServer) return undefined;
  // Servers need not be safe under concurrent writes (server-memory loses them): order them.
  if (a.kind === 'write' && b.kind === 'write') return `${what} on the same server "${sa}"`;
  if (ra.length === 0 || rb.length === 0) return `${what} on server "${sa}" with no distinct resource`;
  return undefined;
}

/** `accessConflict` for two steps. */
export function toolConflict(
  earlier: AnalysisStep,
  later: AnalysisStep,
  toolInfo?: ToolInfoLookup,
): string | undefined {
  return accessConflict(toolAccess(earlier, toolInfo), toolAccess(later, toolInfo));
}
