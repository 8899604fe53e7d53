/**
 * Learned tool durations, used to rank steps that carry no `estimated_ms`. Two levels of
 * key: a tool (`server/tool`) and, finer, one call shape of it (the tool plus a digest of
 * its arguments, made by the caller). The finer key predicts better when the same call
 * comes again (a plan run a second time); the tool's key covers new arguments.
 *
 * Each key keeps a plain mean over its first samples, then an exponential moving average,
 * so an estimate follows a tool that gets slower, and the same kind of average of how far
 * samples land from the mean (`spread`). A tool whose calls all take about as long, or whose
 * call shapes never come again, gains nothing from shapes: its callers need not digest
 * arguments (`shapesMatter`). A snapshot can be saved and loaded (the state file keeps them
 * across sessions); the number of keys is capped, the least recently used going first.
 * Pure: no I/O, no clock.
 */

export interface DurationEntry {
  mean: number;
  count: number;
  /** Mean absolute deviation from the mean (older snapshots have none). */
  spread?: number;
  /** A tool's call shapes recorded since start: new ones, and ones seen before (not saved). */
  novelShapes?: number;
  repeatedShapes?: number;
}

/** What a snapshot holds: key -> entry, least recently used first. */
export type DurationSnapshot = Array<[string, DurationEntry]>;

export const DEFAULT_MAX_KEYS = 5000;

/** A tool's calls differ enough for call shapes to change a rank: spread of 5 ms and 10% of the mean. */
export const SHAPE_SPREAD_MS = 5;
export const SHAPE_SPREAD_RATIO = 0.1;
/** Samples before a tool's spread is trusted. */
export const SPREAD_MIN_SAMPLES = 5;
/** New call shapes of a tool after which, if under 1 in 16 came again, its shapes are not worth learning. */
export const NOVEL_SHAPES_LIMIT = 1024;

export class DurationStats {
  /** Insertion order is recency order: a touched key is moved to the end. */
  readonly #entries = new Map<string, DurationEntry>();
  /** The most recently touched key (the last in #entries, unless a new key was added since). */
  #last: string | undefined;
  #changes = 0;

  constructor(
    private readonly window = 20,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {}

  /** Records one duration under `key` and, when given, under the finer `detailKey`. */
  record(key: string, ms: number, detailKey?: string): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const tool = this.#recordOne(key, ms);
    if (detailKey !== undefined) {
      if (this.#entries.has(detailKey)) tool.repeatedShapes = (tool.repeatedShapes ?? 0) + 1;
      else tool.novelShapes = (tool.novelShapes ?? 0) + 1;
      this.#recordOne(detailKey, ms);
    }
    this.#changes += 1;
  }

  /** The finer key's estimate when it has one, else the tool's. */
  estimate(key: string, detailKey?: string): number | undefined {
    if (detailKey !== undefined) {
      const detail = this.#entries.get(detailKey);
      if (detail) return detail.mean;
    }
    return this.#entries.get(key)?.mean;
  }

  /**
   * Whether call shapes of tool `key` are worth learning: its durations vary (spread of at
   * least SHAPE_SPREAD_MS and SHAPE_SPREAD_RATIO of its mean) or too few are known to tell,
   * unless NOVEL_SHAPES_LIMIT of its shapes were new since start and under 1 in 16 came again.
   */
  shapesMatter(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return true;
    // Shapes that never come again (a batch of calls with arguments all different) predict nothing.
    const novel = entry.novelShapes ?? 0;
    if (novel >= NOVEL_SHAPES_LIMIT && (entry.repeatedShapes ?? 0) * 16 < novel) return false;
    if (entry.count < SPREAD_MIN_SAMPLES || entry.spread === undefined) return true;
    return entry.spread >= SHAPE_SPREAD_MS && entry.spread >= SHAPE_SPREAD_RATIO * entry.mean;
  }

  /** How many records so far: a saver compares it with the count at its last save. */
  get changes(): number {
    return this.#changes;
  }

  get size(): number {
    return this.#entries.size;
  }

  snapshot(): DurationSnapshot {
    return [...this.#entries].map(([key, entry]) => [key, entry.spread === undefined ? { mean: entry.mean, count: entry.count } : { mean: entry.mean, count: entry.count, spread: entry.spread }]);
  }

  /** Adds saved entries (skipping malformed ones); entries recorded since start win. */
  load(snapshot: readonly unknown[]): number {
    let loaded = 0;
    for (const item of snapshot) {
      if (!Array.isArray(item) || item.length !== 2) continue;
      const [key, entry] = item as [unknown, unknown];
      if (typeof key !== 'string' || key === '' || this.#entries.has(key)) continue;
      const { mean, count, spread } = (entry ?? {}) as Partial<DurationEntry>;
      if (typeof mean !== 'number' || !Number.isFinite(mean) || mean < 0) continue;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) continue;
      const kept: DurationEntry = { mean, count: Math.min(count, this.window) };
      if (typeof spread === 'number' && Number.isFinite(spread) && spread >= 0) kept.spread = spread;
      this.#entries.set(key, kept);
      this.#last = undefined;
      loaded += 1;
    }
    this.#evict();
    return loaded;
  }

  #recordOne(key: string, ms: number): DurationEntry {
    const entry = this.#entries.get(key);
    if (!entry) {
      const created: DurationEntry = { mean: ms, count: 1, spread: 0 };
      this.#entries.set(key, created);
      this.#last = key;
      this.#evict();
      return created;
    }
    this.#touch(key, entry);
    entry.count += 1;
    const weight = Math.min(entry.count, this.window);
    const deviation = Math.abs(ms - entry.mean);
    entry.spread = entry.spread === undefined ? deviation : entry.spread + (deviation - entry.spread) / Math.min(entry.count - 1, this.window);
    entry.mean += (ms - entry.mean) / weight;
    return entry;
  }

  /** Moves `key` to the recent end (a no-op when it is there already: the hot tool of a batch). */
  #touch(key: string, entry: DurationEntry): void {
    if (this.#last === key) return;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#last = key;
  }

  #evict(): void {
    while (this.#entries.size > this.maxKeys) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) return;
      this.#entries.delete(oldest);
      if (oldest === this.#last) this.#last = undefined;
    }
  }
}
