/**
 * Which earlier steps a text mentions, by id or by title, without testing every earlier
 * step: ids are looked up by token, titles by their first characters, then whole. Same answers as
 * `mentionsWord(text, id)` and `text.toLowerCase().includes(title)`. Pure.
 */
import { mentionsWord } from './heuristic-text.js';

/** Ids made only of these characters are whole tokens wherever `mentionsWord` finds them. */
const TOKEN_ID = /^[A-Za-z0-9_-]+$/;

/** Whether a UTF-16 code unit is one of [A-Za-z0-9_-], the characters of a token. */
function isTokenUnit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || c === 45;
}

const MIN_TITLE = 6;

/**
 * The prefilter tables are bitsets of 512 bits (`firstUnits`, `heads`) or 128 (`tokenStarts`):
 * 64 bytes at most, so V8 keeps them on its heap; a larger typed array gets a backing store of
 * its own, and a fresh 64 KiB one per analysis cost more, on the corpus's small plans, than the
 * rest of the index. Values are masked to 512 and collide; the lookups after them keep answers exact.
 */
const MASK = 0x1ff;

/** Whether bit i of a bitset is set (false beyond its end). */
function hasBit(bits: Uint32Array, i: number): boolean {
  return i >>> 5 < bits.length && ((bits[i >>> 5]! >>> (i & 31)) & 1) === 1;
}

/** Sets bit i of a bitset (nothing beyond its end). */
function setBit(bits: Uint32Array, i: number): void {
  if (i >>> 5 < bits.length) bits[i >>> 5]! |= 1 << (i & 31);
}

/**
 * A small-integer hash of the three UTF-16 code units of `text` from `at` (no string is
 * allocated). Colliding titles share a bucket; the whole-title lookup keeps answers exact.
 */
function headKey(text: string, at: number): number {
  return ((text.charCodeAt(at) * 1021 + text.charCodeAt(at + 1)) * 1021 + text.charCodeAt(at + 2)) & 0x3fffffff;
}

/**
 * The distinct lengths, ascending, of the titles whose first three characters have one
 * `headKey` (colliding heads share a list; the whole-title lookup keeps answers exact).
 */
type TitleLengths = number[];

/** `\uXXXX` for a code unit: it stands for itself in a character class. */
function unitEscape(unit: number): string {
  return `\\u${unit.toString(16).padStart(4, '0')}`;
}

/**
 * A global expression finding, in a lowercased text, the tokens (maximal runs of
 * [A-Za-z0-9_-]) of two units or more whose first unit starts one of `ids`.
 */
function knownIdTokens(ids: ReadonlyMap<string, number>): RegExp {
  const seen = new Uint32Array(4);
  const units: number[] = [];
  // forEach rather than for...of: no iterator result per id.
  ids.forEach((_, id) => {
    const c = id.charCodeAt(0);
    if (c < 128 && !hasBit(seen, c)) {
      setBit(seen, c);
      units.push(c);
    }
  });
  if (units.length === 0) return /(?!)/g;
  let first = '';
  for (let x = 0; x < units.length; x++) first += unitEscape(units[x]!);
  return new RegExp(`(?<![A-Za-z0-9_-])[${first}][A-Za-z0-9_-]+`, 'g');
}

/** What idsIn / titlesIn return when they find nothing: one shared list, never changed. */
const NO_POSITIONS: number[] = [];

export class MentionIndex {
  /** added[p] === 1: the id at position p is registered (with `knownIds` only). */
  private readonly added: Uint8Array | undefined;

  /**
   * `knownIds`: every id that will be registered, each a distinct token id in lowercase, by its
   * position (an analysis's position map, when its ids are so: `lowercaseTokenIds`). Ids are
   * then looked up there, and registering one only marks it, rather than filling a map of its own.
   */
  constructor(private readonly knownIds?: ReadonlyMap<string, number>) {
    if (knownIds === undefined) return;
    this.added = new Uint8Array(knownIds.size);
    this.idTokens = knownIdTokens(knownIds);
  }

  /**
   * With `knownIds`: the tokens that start like one of them, found natively (a regular
   * expression), rather than by a loop over every code unit, which costs far more while the
   * analysis's code is not optimized yet (a process's first analysis).
   */
  private readonly idTokens: RegExp | undefined;

  /** Token id -> the first position with it; later positions with it, when there are any, in `moreByToken`. */
  private readonly byToken = new Map<string, number>();
  private readonly moreByToken = new Map<string, number[]>();
  /** Bit c: some registered token id starts with code unit c (< 128). */
  private readonly tokenStarts = new Uint32Array(4);
  /** Ids with other characters (spaces, dots): few, tested one by one. */
  private readonly otherIds: Array<{ id: string; position: number }> = [];
  /** headKey of a title -> the distinct lengths of the titles starting so. */
  private readonly titles = new Map<number, TitleLengths>();
  /**
   * Bit c & MASK: some title starts with a code unit c (so masked), checked before its
   * headKey is computed.
   */
  private readonly firstUnits = new Uint32Array(16);
  /** Bit h & MASK: some title's headKey is h (checked before the Map lookup). */
  private readonly heads = new Uint32Array(16);
  /**
   * The distinct titles (trimmed, lowercased) -> an index into `titleFirst` (the first position
   * with the title) and `titleMore` (the later positions, if any). Looked up by the text's own
   * substrings: the Map hashes them natively, where a hash computed code unit by code unit runs
   * as interpreted code in a process's first analysis.
   */
  private readonly byTitle = new Map<string, number>();
  private readonly titleFirst: number[] = [];
  private readonly titleMore = new Map<number, number[]>();

  /** Registers an id (length >= 2) and a title (length >= 6 once trimmed) at `position`. */
  add(position: number, id: string, title: string | undefined): void {
    this.addId(position, id);
    if (title !== undefined) this.addTitle(position, title);
  }

  /** Registers an id (length >= 2) at `position`. */
  addId(position: number, id: string): void {
    // With known ids, `id` is the one known at `position` (the caller's contract): marking it is all.
    if (this.added !== undefined) {
      this.added[position] = 1;
      if (id.length >= 2) setBit(this.tokenStarts, id.charCodeAt(0));
      return;
    }
    if (id.length >= 2) {
      if (TOKEN_ID.test(id)) {
        const key = id.toLowerCase();
        setBit(this.tokenStarts, key.charCodeAt(0));
        if (!this.byToken.has(key)) this.byToken.set(key, position);
        else {
          const more = this.moreByToken.get(key);
          if (more) more.push(position);
          else this.moreByToken.set(key, [position]);
        }
      } else {
        this.otherIds.push({ id, position });
      }
    }
  }

  /** Registers a title (length >= 6 once trimmed) at `position`. */
  addTitle(position: number, title: string): void {
    const t = title.trim().toLowerCase();
    if (t.length < MIN_TITLE) return;
    const known = this.byTitle.get(t);
    if (known !== undefined) {
      const more = this.titleMore.get(known);
      if (more) more.push(position);
      else this.titleMore.set(known, [position]);
      return;
    }
    this.byTitle.set(t, this.titleFirst.length);
    this.titleFirst.push(position);
    const head = headKey(t, 0);
    setBit(this.firstUnits, t.charCodeAt(0) & MASK);
    setBit(this.heads, head & MASK);
    const lengths = this.titles.get(head);
    if (lengths === undefined) this.titles.set(head, [t.length]);
    else if (!lengths.includes(t.length)) {
      // Kept ascending: titlesIn reports the titles at one place shortest first.
      let x = lengths.length;
      lengths.push(t.length);
      for (; x > 0 && lengths[x - 1]! > t.length; x--) lengths[x] = lengths[x - 1]!;
      lengths[x] = t.length;
    }
  }

  /**
   * Positions of registered steps whose id `text` mentions as a word (repeats possible).
   * `lower` is `text.toLowerCase()`, when the caller has it already.
   */
  idsIn(text: string, lower = text.toLowerCase()): number[] {
    let found = NO_POSITIONS;
    const idTokens = this.idTokens;
    if (idTokens !== undefined) {
      // The tokens of lower.split(/[^A-Za-z0-9_-]+/) of two units or more that start like a known id.
      idTokens.lastIndex = 0;
      // `test` rather than `exec`: no match object per token; the token ends at lastIndex.
      while (idTokens.test(lower)) {
        const end = idTokens.lastIndex;
        let start = end - 2;
        while (start > 0 && isTokenUnit(lower.charCodeAt(start - 1))) start--;
        const p = this.knownIds!.get(lower.slice(start, end));
        if (p !== undefined && this.added![p] === 1) {
          if (found === NO_POSITIONS) found = [];
          found.push(p);
        }
      }
      return this.otherIdsIn(text, found);
    }
    // The tokens of lower.split(/[^A-Za-z0-9_-]+/), found by scanning; only those starting
    // like a registered id are cut out and looked up.
    for (let start = 0; start < lower.length; ) {
      if (!isTokenUnit(lower.charCodeAt(start))) {
        start++;
        continue;
      }
      let end = start + 1;
      while (end < lower.length && isTokenUnit(lower.charCodeAt(end))) end++;
      if (this.added !== undefined) {
        if (end - start >= 2 && hasBit(this.tokenStarts, lower.charCodeAt(start))) {
          const p = this.knownIds!.get(lower.slice(start, end));
          if (p !== undefined && this.added[p] === 1) {
            if (found === NO_POSITIONS) found = [];
            found.push(p);
          }
        }
      } else if (hasBit(this.tokenStarts, lower.charCodeAt(start))) {
        const token = lower.slice(start, end);
        const first = this.byToken.get(token);
        if (first !== undefined) {
          if (found === NO_POSITIONS) found = [];
          found.push(first);
          const more = this.moreByToken.size === 0 ? undefined : this.moreByToken.get(token);
          if (more) for (let x = 0; x < more.length; x++) found.push(more[x]!);
        }
      }
      start = end;
    }
    return this.otherIdsIn(text, found);
  }

  /** `found` and the positions of the ids with other characters that `text` mentions. */
  private otherIdsIn(text: string, found: number[]): number[] {
    for (let x = 0; x < this.otherIds.length; x++) {
      const { id, position } = this.otherIds[x]!;
      if (!mentionsWord(text, id)) continue;
      if (found === NO_POSITIONS) found = [];
      found.push(position);
    }
    return found;
  }

  /**
   * Positions of registered steps whose title occurs in `text` (case-insensitive substring,
   * compared in UTF-16 code units as `String.prototype.includes` does; repeats possible).
   * `lower` is `text.toLowerCase()`, when the caller has it already.
   */
  titlesIn(text: string, lower = text.toLowerCase()): number[] {
    let found = NO_POSITIONS;
    if (this.titles.size === 0) return found;
    // The bit tests and headKey written out: calls per code unit cost most while the code is not optimized yet.
    // Both bitsets hold 512 bits, so a value masked to 512 is always inside them.
    const firstUnits = this.firstUnits;
    const heads = this.heads;
    for (let start = 0; start + MIN_TITLE <= lower.length; start++) {
      const c = lower.charCodeAt(start);
      const u = c & MASK;
      if (((firstUnits[u >>> 5]! >>> (u & 31)) & 1) === 0) continue;
      // headKey(lower, start)
      const head = ((c * 1021 + lower.charCodeAt(start + 1)) * 1021 + lower.charCodeAt(start + 2)) & 0x3fffffff;
      const h = head & MASK;
      if (((heads[h >>> 5]! >>> (h & 31)) & 1) === 0) continue;
      const lengths = this.titles.get(head);
      if (lengths === undefined) continue;
      // Each length some title starting so has, shortest first: the text's substring of that
      // length looked up whole (at one place and length, one distinct title at most matches).
      for (let x = 0; x < lengths.length; x++) {
        const end = start + lengths[x]!;
        if (end > lower.length) break;
        const e = this.byTitle.get(lower.slice(start, end));
        if (e === undefined) continue;
        if (found === NO_POSITIONS) found = [];
        found.push(this.titleFirst[e]!);
        const more = this.titleMore.size === 0 ? undefined : this.titleMore.get(e);
        if (more) for (let y = 0; y < more.length; y++) found.push(more[y]!);
      }
    }
    return found;
  }
}

/** Per position, the earlier positions its text names by id and by title. */
export interface Mentioned {
  ids: number[];
  titles: number[];
}

const MENTIONED = new WeakMap<object, Mentioned[]>();

/**
 * The mentions of every step of an analysis, computed once (the mentions rule and the
 * shared-source rule both read them). `ctx` is the analysis's rule context.
 */
export function mentionsOf(ctx: {
  order: readonly string[];
  facts: ReadonlyArray<{ text: string; lower: string; step: { title?: string | undefined } }>;
  position?: ReadonlyMap<string, number>;
}): Mentioned[] {
  let known = MENTIONED.get(ctx);
  if (known) return known;
  const index = new MentionIndex(lowercaseTokenIds(ctx.order, ctx.position));
  known = [];
  for (let k = 0; k < ctx.order.length; k++) {
    const f = ctx.facts[k]!;
    if (f.text === '') known.push(NONE);
    else {
      const ids = index.idsIn(f.text, f.lower);
      const titles = index.titlesIn(f.text, f.lower);
      known.push(ids.length === 0 && titles.length === 0 ? NONE : { ids, titles });
    }
    index.add(k, ctx.order[k]!, f.step.title);
  }
  MENTIONED.set(ctx, known);
  return known;
}

const NONE: Mentioned = Object.freeze({ ids: [], titles: [] }) as Mentioned;

/**
 * `position` when each id of `order` is a token id in lowercase (the usual ids: "step_1",
 * "fetch-data") and they are distinct; else undefined. `position` is a RuleContext's: the index
 * in `order` by id, so with one entry per step it maps every id to its index.
 */
export function lowercaseTokenIds(order: readonly string[], position: ReadonlyMap<string, number> | undefined): ReadonlyMap<string, number> | undefined {
  if (position === undefined || position.size !== order.length) return undefined;
  // One native test per id rather than a loop over its code units.
  for (let k = 0; k < order.length; k++) if (!LOWERCASE_TOKEN_ID.test(order[k]!)) return undefined;
  return position;
}

/** TOKEN_ID without capitals: an id that is its own lowercase form. */
const LOWERCASE_TOKEN_ID = /^[a-z0-9_-]+$/;
