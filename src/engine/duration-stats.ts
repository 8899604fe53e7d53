/**
 * Learned tool durations, used to rank steps that carry no `estimated_ms`. Two levels of
 * key: a tool (`server/tool`) and, finer, one call shape of it (the tool plus a digest of
 * its arguments, made by the caller). The finer key predicts better when the same call
 * comes again (a plan run a second time); the tool's key covers new arguments.
 *
 * Each key keeps a plain mean over its first samples, then an exponential moving average,
 * so an estimate follows a tool that gets slower. A snapshot can be saved and loaded (the
 * state file keeps them across sessions); the number of keys is capped, the least recently
 * used going first. Pure: no I/O, no clock.
 */

export interface DurationEntry {
  mean: number;
  count: number;
}

/** What a snapshot holds: key -> entry, least recently used first. */
export type DurationSnapshot = Array<[string, DurationEntry]>;

export const DEFAULT_MAX_KEYS = 5000;

export class DurationStats {
  /** Insertion order is recency order: a touched key is moved to the end. */
  readonly #entries = new Map<string, DurationEntry>();
  #changes = 0;

  constructor(
    private readonly window = 20,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {}

  /** Records one duration under `key` and, when given, under the finer `detailKey`. */
  record(key: string, ms: number, detailKey?: string): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.#recordOne(key, ms);
    if (detailKey !== undefined) this.#recordOne(detailKey, ms);
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

  /** How many records so far: a saver compares it with the count at its last save. */
  get changes(): number {
    return this.#changes;
  }

  get size(): number {
    return this.#entries.size;
  }

  snapshot(): DurationSnapshot {
    return [...this.#entries].map(([key, entry]) => [key, { mean: entry.mean, count: entry.count }]);
  }

  /** Adds saved entries (skipping malformed ones); entries recorded since start win. */
  load(snapshot: readonly unknown[]): number {
    let loaded = 0;
    for (const item of snapshot) {
      if (!Array.isArray(item) || item.length !== 2) continue;
      const [key, entry] = item as [unknown, unknown];
      if (typeof key !== 'string' || key === '' || this.#entries.has(key)) continue;
      const { mean, count } = (entry ?? {}) as Partial<DurationEntry>;
      if (typeof mean !== 'number' || !Number.isFinite(mean) || mean < 0) continue;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) continue;
      this.#entries.set(key, { mean, count: Math.min(count, this.window) });
      loaded += 1;
    }
    this.#evict();
    return loaded;
  }

  #recordOne(key: string, ms: number): void {
    const entry = this.#entries.get(key);
    if (!entry) {
      this.#entries.set(key, { mean: ms, count: 1 });
      this.#evict();
      return;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    entry.count += 1;
    entry.mean += (ms - entry.mean) / Math.min(entry.count, this.window);
  }

  #evict(): void {
    while (this.#entries.size > this.maxKeys) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) return;
      this.#entries.delete(oldest);
    }
  }
}
