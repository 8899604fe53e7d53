/**
 * Running duration averages per key (e.g. `server/tool`), used to estimate the remaining
 * path of steps without `estimated_ms`. A plain mean over the first samples, then an
 * exponential moving average, so an estimate follows a tool that gets slower. Pure.
 */
export class DurationStats {
  readonly #averages = new Map<string, { mean: number; count: number }>();

  constructor(private readonly window = 20) {}

  record(key: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const entry = this.#averages.get(key);
    if (!entry) {
      this.#averages.set(key, { mean: ms, count: 1 });
      return;
    }
    entry.count += 1;
    entry.mean += (ms - entry.mean) / Math.min(entry.count, this.window);
  }

  estimate(key: string): number | undefined {
    return this.#averages.get(key)?.mean;
  }
}
