/**
 * When to try a server again after it crashed or failed to start: 0, 250 ms, 1 s, 4 s, then
 * 8 s for every further consecutive failure. A session that stayed up for `healthyAfterMs`
 * before it ended resets the count, so a server that crashes once a day restarts at once.
 * Pure: time is passed in.
 */
export const DEFAULT_RESTART_DELAYS_MS: readonly number[] = [0, 250, 1000, 4000, 8000];
export const DEFAULT_HEALTHY_AFTER_MS = 30_000;

export class RestartBackoff {
  private failures = 0;
  private lastFailureAt = 0;

  constructor(
    private readonly delaysMs: readonly number[] = DEFAULT_RESTART_DELAYS_MS,
    private readonly healthyAfterMs: number = DEFAULT_HEALTHY_AFTER_MS,
  ) {}

  /** A session that had been up since `upSince` ended (crash) or a start failed (upSince undefined). */
  recordFailure(now: number, upSince?: number): void {
    if (upSince !== undefined && now - upSince >= this.healthyAfterMs) this.failures = 0;
    this.failures += 1;
    this.lastFailureAt = now;
  }

  /** Milliseconds to wait from `now` before the next attempt (0 when it may start now). */
  waitMs(now: number): number {
    if (this.failures === 0) return 0;
    const delay = this.delaysMs[Math.min(this.failures, this.delaysMs.length) - 1] ?? 0;
    return Math.max(0, this.lastFailureAt + delay - now);
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
