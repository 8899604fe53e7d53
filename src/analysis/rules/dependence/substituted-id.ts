/**
 * A tool call whose argument is a literal identifier ("propertyId": 52047578, "movie_id": "550")
 * or literal coordinates ("latitude": 43.39) follows the earlier calls that find that kind of
 * thing ("search_property_by_place", "get_popular_movies", "get_coordinates"): planners write
 * the value they expect an earlier call to return, with no reference to mark it, and a user
 * rarely states an id. The kind is the id argument's name without "id" ("property", "movie",
 * "author"; not a bare "id" or a generic "user_id"); a finder is an earlier tool call whose name
 * holds that word and which takes no id of that kind itself (calls that each take a different
 * property id are siblings, not finders of each other's).
 * A bare entity argument ("movie": "Elio", "theater": "Century 16", "pod": "cart-7d9f", or a
 * "kind/name" resource: "pod/cart-7d9f") names a thing a user may state too ("actor": "Leonardo
 * DiCaprio"), so it follows only a call that finds many of that kind: a finding verb and the kind in
 * plural as its object ("find_movies", "search_nearby_theaters"), or a listing call whose argument is the
 * plural ("kubectl_get" {resource: "pods"}). Pure.
 */
import type { DependenceRule } from '../rule.js';
import type { AnalysisStep } from '../../schema.js';
import { nameWords } from '../../name-words.js';

/** A tool name's word and its singular forms: "movies" -> movies, movie; "properties" -> properties, property. */
function forms(word: string): string[] {
  if (word.length <= 3 || !word.endsWith('s') || word.endsWith('ss')) return [word];
  const out = [word, word.slice(0, -1)];
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.length > 4 && word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  return out;
}

/** Kinds too generic to tell what found the id (a user's own id is usually stated). */
const GENERIC = new Set(['user', 'my', 'the', 'of', 'by', 'for', 'data', 'info', 'item', 'object', 'record', 'value', 'unique', 'external', 'internal']);
const ID_WORDS = new Set(['id', 'ids']);
/** Single-word argument names that state an input rather than name a found thing. */
const NOT_ENTITIES = new Set(['text', 'query', 'q', 'input', 'prompt', 'name', 'title', 'value', 'type', 'format', 'mode', 'content', 'message', 'body', 'subject', 'description', 'language', 'lang', 'target', 'source', 'from', 'to', 'date', 'time', 'start', 'end', 'unit', 'units', 'url', 'path', 'file', 'filename', 'command', 'code', 'sql', 'script', 'pattern', 'method', 'operation', 'action', 'resource', 'kind', 'key', 'label', 'status', 'sort', 'order', 'filter', 'limit', 'page', 'size', 'model', 'version', 'location', 'city', 'country', 'address', 'email', 'phone', 'question', 'instructions', 'task', 'goal', 'topic', 'keyword', 'keywords', 'term', 'search', 'expression', 'equation', 'template', 'channel', 'category', 'tag', 'tags']);
/** Keys whose value may be written "kind/name" (Kubernetes' "pod/cart-7d9f"). */
const ENTITY_VALUE_KEYS = new Set(['resource', 'target', 'object', 'ref']);
/** Marks a kind named by a bare entity key ("movie": "Elio") rather than an id: only a call that finds many of that kind finds it. */
const ENTITY = 'entity:';
/** Verbs of a tool name that find many things of a kind ("find_movies", "list_pods", "search_theaters"). */
const FIND_VERBS = new Set(['find', 'search', 'list', 'discover', 'browse', 'lookup', 'recommend', 'query']);
const KIND_SLASH_NAME = /^([A-Za-z]+)\/[A-Za-z0-9][\w.-]*$/;
const GEO_KEYS = new Set(['latitude', 'longitude', 'lat', 'lng', 'lon']);
/** What a tool's name says it finds when it finds coordinates. */
const GEO_WORDS = new Set(['coordinate', 'geocode', 'geocoding']);
const GEO = 'coordinate';

/** Literal scalar arguments only: a {{reference}} is a certain edge already, an empty string states nothing. */
function literal(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '' || value.includes('{{')) return undefined;
  return value;
}

/** The kinds of identifier (and coordinates) a step's arguments state as literals, with the argument that states each. */
function literalIds(step: AnalysisStep, entities: boolean): Map<string, string> | undefined {
  const args = step.arguments;
  if (step.tool === undefined || args === undefined) return undefined;
  let kinds: Map<string, string> | undefined;
  for (const key in args) {
    if (!Object.hasOwn(args, key)) continue;
    // Most keys neither end in "id"/"ids" nor name a coordinate: no tokenising for them.
    const lower = key.toLowerCase();
    if (!lower.endsWith('id') && !lower.endsWith('ids') && !GEO_KEYS.has(lower)) {
      if (!entities) continue;
      // A bare entity key ("movie": "Elio", "pod": "cart-7d9f") or a kind/name value ("resource": "pod/cart-7d9f").
      const value = literal(args[key]);
      if (value === undefined) continue;
      const entity = ENTITY_VALUE_KEYS.has(lower) ? KIND_SLASH_NAME.exec(value)?.[1]?.toLowerCase() : /^[a-z]+$/.test(key) && !NOT_ENTITIES.has(lower) && !GENERIC.has(lower) ? lower : undefined;
      if (entity !== undefined && !GENERIC.has(entity)) (kinds ??= new Map()).set(`${ENTITY}${entity}`, `${key} ${value}`);
      continue;
    }
    const value = literal(args[key]);
    if (value === undefined) continue;
    const ws = nameWords(key);
    if (ws.length === 1 && GEO_KEYS.has(ws[0]!)) {
      kinds ??= new Map();
      if (!kinds.has(GEO)) kinds.set(GEO, `${key} ${value}`);
      continue;
    }
    if (ws.length < 2 || !ID_WORDS.has(ws[ws.length - 1]!)) continue;
    const kind = ws[ws.length - 2]!;
    if (GENERIC.has(kind) || ID_WORDS.has(kind)) continue;
    (kinds ??= new Map()).set(kind, `${key} ${value}`);
  }
  return kinds;
}

/**
 * The kinds a tool's name says it deals with: its words and their singular forms; coordinates for
 * a geocoder. Each once, in the order first met; a list, read with an index loop once per tool
 * call (an unoptimized for...of over a set makes an object per kind).
 */
function toolKinds(tool: string): string[] {
  const kinds = new Set<string>();
  for (const w of nameWords(tool)) {
    for (const f of forms(w)) kinds.add(GEO_WORDS.has(f) ? GEO : f);
  }
  return [...kinds];
}

/** The kinds a finder of many names in plural beside a finding verb: "find_movies" -> entity:movie; none for "get_actor_info". */
function pluralKinds(tool: string): string[] {
  const ws = nameWords(tool);
  const out: string[] = [];
  for (let v = 0; v < ws.length; v++) {
    if (!FIND_VERBS.has(ws[v]!)) continue;
    // The verb's object: the next word, or the one after a modifier ("find_nearby_restaurants";
    // not "searchMiddleEasternBooks", which names a topic, not the kind it returns).
    for (let w = v + 1; w <= v + 2 && w < ws.length; w++) {
      const fs = forms(ws[w]!);
      for (let i = 1; i < fs.length; i++) if (!GENERIC.has(fs[i]!)) out.push(`${ENTITY}${fs[i]}`);
    }
  }
  return out;
}

const LISTING_VERBS = new Set(['get', 'list', 'search', 'find', 'query', 'fetch', 'describe']);

/**
 * What a listing call lists by its arguments rather than its name: `kubectl_get {resource: "pods"}`
 * finds pods. A plural word of letters alone as an argument's value; undefined when none (or the
 * call's name has no listing verb).
 */
function listedKinds(step: AnalysisStep, toolKindsOfName: readonly string[]): string[] | undefined {
  const args = step.arguments;
  if (args === undefined || !toolKindsOfName.some((w) => LISTING_VERBS.has(w))) return undefined;
  let out: string[] | undefined;
  for (const key in args) {
    if (!Object.hasOwn(args, key)) continue;
    const v = args[key];
    if (typeof v !== 'string' || !/^[a-z]{3,}s$/.test(v)) continue;
    for (const f of forms(v)) if (f !== v && !GENERIC.has(f)) (out ??= []).push(f);
  }
  return out;
}

export const substitutedId: DependenceRule = {
  name: 'substituted-id',
  start: (ctx) => {
    /** Earlier tool-call positions by the kinds their names hold (not those that take an id of that kind). */
    const finders = new Map<string, number[]>();
    const kindsOfTool = new Map<string, string[]>();
    const entityKindsOfTool = new Map<string, string[]>();
    let entityFinderSeen = false;
    return (k, found) => {
      const step = ctx.facts[k]!.step;
      if (step.tool === undefined) return;
      let kinds = kindsOfTool.get(step.tool);
      if (kinds === undefined) kindsOfTool.set(step.tool, (kinds = toolKinds(step.tool)));
      let entityKinds = entityKindsOfTool.get(step.tool);
      if (entityKinds === undefined) entityKindsOfTool.set(step.tool, (entityKinds = pluralKinds(step.tool)));
      const listed = listedKinds(step, kinds);
      if (listed !== undefined) entityKinds = [...entityKinds, ...listed.map((w) => `${ENTITY}${w}`)];
      // Bare entity arguments are read only once a finder of many has been seen, or for such a finder itself.
      const ids = literalIds(step, entityFinderSeen || entityKinds.length > 0);
      if (ids !== undefined && !found.followsAll) {
        for (const [kind, stated] of ids) {
          const earlier = finders.get(kind);
          if (earlier === undefined) continue;
          for (let x = 0; x < earlier.length; x++) {
            const e = earlier[x]!;
            const what = kind === GEO ? 'coordinate' : kind.startsWith(ENTITY) ? kind.slice(ENTITY.length) : `${kind} id`;
            found.add(e, `"${step.tool}" takes a literal ${what} (${stated}) that "${ctx.facts[e]!.step.tool}" before it finds`);
          }
        }
      }
      if (entityKinds.length > 0) {
        kinds = [...kinds, ...entityKinds];
        entityFinderSeen = true;
      }
      for (let x = 0; x < kinds.length; x++) {
        const kind = kinds[x]!;
        // A call that takes an id of this kind uses one; it does not find them for the others.
        if (ids?.has(kind) === true) continue;
        let list = finders.get(kind);
        if (list === undefined) finders.set(kind, (list = []));
        list.push(k);
      }
    };
  },
};
