/**
 * Positions by word stem, answering "which registered stems are related to this one"
 * (`relatedStems`: equal, one a prefix of the other, or sharing their first 7 letters)
 * through a few map lookups rather than a scan. Pure.
 */
import { RELATED_PREFIX, isAlphabetic, relatedStems } from './heuristic-text.js';

const MIN_PREFIX = 4;

/** A registered stem: its positions, and (with `groupOf`) their run starts. */
interface Registered {
  stem: string;
  positions: number[];
  runs: number[] | undefined;
}

/** A stem looked up: the byKey lists under its keys, and the related stems found in them when they held `total` entries. */
interface Query {
  lists: Registered[][];
  total: number;
  related: Registered[];
  /** Whether the first key is a prefix key, whose stems are tested with relatedStems. */
  tested: boolean;
  /** The index's `version` when `total` was last checked: the lists cannot have grown since while it is the same. */
  version: number;
}

/**
 * Each method takes the stem and, optionally, its id (`StemIds`, the analysis's: the facts'
 * `verbId`, `headStemIds`, `textStemIds`), which spares a lookup by the stem's text. An index is
 * given ids always or never.
 */
export class StemIndex {
  /** Each distinct stem, by id. Plans repeat their words: keys are registered once per stem. */
  private readonly registered: Array<Registered | undefined> = objectList();
  /** Ids of the stems given without one. */
  private readonly ownIds = new Map<string, number>();
  /**
   * "p" + a prefix of length MIN_PREFIX..RELATED_PREFIX -> the stems starting so; "e" + a stem
   * shorter than RELATED_PREFIX -> that stem (looked up whole, as a prefix of longer ones);
   * "x" + a stem with digits -> that stem.
   */
  private readonly byKey = new Map<string, Registered[]>();
  /**
   * Per stem looked up, the lists of byKey under its keys (`queryKeys`), created empty for keys
   * no stem has yet, so later stems land in them too (one map lookup per query instead of one
   * per key), and the related stems found there.
   */
  private readonly queried: Array<Query | undefined> = objectList();
  /** Counts the entries added to byKey's lists: a query's lists have not grown while it is unchanged. */
  private version = 0;

  constructor(private readonly groupOf?: Int32Array) {}

  add(stem: string, position: number, id = this.idOf(stem)): void {
    const known = id < this.registered.length ? this.registered[id] : fill(this.registered, id);
    if (known) {
      const list = known.positions;
      if (this.groupOf !== undefined) {
        // Per list index, the index where the run of consecutive entries of one group ending there
        // starts, so a reader skipping one group's entries jumps over each run at once.
        const runs = known.runs!;
        const last = list.length - 1;
        const g = this.groupOf[position]!;
        runs.push(g !== -1 && this.groupOf[list[last]!] === g ? runs[last]! : last + 1);
      }
      list.push(position);
      return;
    }
    const entry: Registered = { stem, positions: [position], runs: this.groupOf === undefined ? undefined : [0] };
    this.registered[id] = entry;
    // Stems with digits relate only to equal ones (`relatedStems`): one exact key.
    if (!isAlphabetic(stem)) {
      this.register(`x${stem}`, entry);
      return;
    }
    for (let n = MIN_PREFIX; n <= Math.min(stem.length, RELATED_PREFIX); n++) this.register(`p${stem.slice(0, n)}`, entry);
    if (stem.length < RELATED_PREFIX) this.register(`e${stem}`, entry);
  }

  /** Calls `found` with each position whose stem is related to `stem` (repeats possible, any order). */
  forEachRelated(stem: string, found: (position: number) => void, id = this.idOf(stem)): void {
    const related = this.relatedTo(stem, id);
    // Index loops: an unoptimized for...of allocates an object per item.
    for (let x = 0; x < related.length; x++) {
      const positions = related[x]!.positions;
      for (let y = 0; y < positions.length; y++) found(positions[y]!);
    }
  }

  /**
   * The registered stems related to `stem`, into `into` from index 0 (a buffer reused from call to
   * call: entries past the count are stale); returns how many (repeats possible).
   */
  relatedStemList(stem: string, into: string[], id = this.idOf(stem)): number {
    const related = this.relatedTo(stem, id);
    for (let x = 0; x < related.length; x++) into[x] = related[x]!.stem;
    return related.length;
  }

  /**
   * The position lists (ascending, shared: do not change them) of the stems related to `stem`,
   * into `lists` from index 0, and those stems into `stems` at the same index; returns how many
   * (the caller's buffers, reused from call to call: entries past the count are stale).
   */
  relatedLists(stem: string, lists: number[][], stems: string[], id = this.idOf(stem)): number {
    const related = this.relatedTo(stem, id);
    for (let x = 0; x < related.length; x++) {
      lists[x] = related[x]!.positions;
      stems[x] = related[x]!.stem;
    }
    return related.length;
  }

  /**
   * The position lists (ascending, shared: do not change them) of the stems related to `stem`,
   * into `lists` from index 0, and each one's run starts (needs `groupOf`) into `runStarts` at the
   * same index; returns how many (the caller's buffers, reused from call to call: entries past
   * the count are stale. Not emptied: `length = 0` frees an array's storage, and the next push allocates it again).
   */
  relatedRunLists(stem: string, lists: number[][], runStarts: number[][], id = this.idOf(stem)): number {
    const related = this.relatedTo(stem, id);
    for (let x = 0; x < related.length; x++) {
      lists[x] = related[x]!.positions;
      runStarts[x] = related[x]!.runs!;
    }
    return related.length;
  }

  /**
   * The registered stems related to `stem`, in key order (shared: do not change it). The first key
   * gives stems that start with this one or share its first RELATED_PREFIX letters (tested when it
   * is a prefix key); the others give shorter stems that this one starts with. Kept until a stem
   * joins the lists under its keys (their lengths then add up to more).
   */
  private relatedTo(stem: string, id: number): Registered[] {
    let query = id < this.queried.length ? this.queried[id] : fill(this.queried, id);
    if (query === undefined) {
      const keys = queryKeys(stem);
      const lists: Registered[][] = [];
      for (let i = 0; i < keys.length; i++) {
        let list = this.byKey.get(keys[i]!);
        if (list === undefined) this.byKey.set(keys[i]!, (list = []));
        lists.push(list);
      }
      query = { lists, total: -1, related: [], tested: isAlphabetic(stem) && stem.length >= MIN_PREFIX, version: -1 };
      this.queried[id] = query;
    }
    if (query.version === this.version) return query.related;
    query.version = this.version;
    const lists = query.lists;
    let total = 0;
    for (let i = 0; i < lists.length; i++) total += lists[i]!.length;
    if (total !== query.total) {
      const related: Registered[] = [];
      for (let i = 0; i < lists.length; i++) {
        const stems = lists[i]!;
        for (let x = 0; x < stems.length; x++) {
          const registered = stems[x]!;
          if (i === 0 && query.tested && !relatedStems(registered.stem, stem)) continue;
          related.push(registered);
        }
      }
      query.related = related;
      query.total = total;
    }
    return query.related;
  }

  /** The id of a stem given without one. */
  private idOf(stem: string): number {
    let id = this.ownIds.get(stem);
    if (id === undefined) this.ownIds.set(stem, (id = this.ownIds.size));
    return id;
  }

  private register(key: string, entry: Registered): void {
    this.version++;
    const list = this.byKey.get(key);
    if (list) list.push(entry);
    else this.byKey.set(key, [entry]);
  }
}

/**
 * An empty list whose elements may be objects or undefined from the start: a list made `[]`
 * holds small integers until the first object or undefined changes its kind, and that throws
 * away the optimized code that read it.
 */
function objectList<T>(): Array<T | undefined> {
  const list: Array<T | undefined> = [undefined];
  list.pop();
  return list;
}

/**
 * Makes `list` at least `id + 1` long with `undefined` (not by assigning past its end, which
 * would leave holes and may make it a dictionary); returns undefined.
 */
function fill<T>(list: Array<T | undefined>, id: number): undefined {
  while (list.length <= id) list.push(undefined);
  return undefined;
}

/** The keys `forEachRelated` looks up for a stem, computed once per stem. */
function queryKeys(stem: string): string[] {
  let keys = QUERY_KEYS.get(stem);
  if (keys === undefined) {
    if (QUERY_KEYS.size >= 50_000) QUERY_KEYS.clear();
    if (!isAlphabetic(stem)) keys = [`x${stem}`];
    else if (stem.length < MIN_PREFIX) keys = [`e${stem}`];
    else {
      keys = [`p${stem.slice(0, RELATED_PREFIX)}`];
      for (let n = MIN_PREFIX; n < Math.min(stem.length, RELATED_PREFIX); n++) keys.push(`e${stem.slice(0, n)}`);
    }
    QUERY_KEYS.set(stem, keys);
  }
  return keys;
}

const QUERY_KEYS = new Map<string, string[]>();
