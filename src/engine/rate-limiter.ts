/**
 * A sliding-window limit on dispatches: at most `count` starts in any `windowMs`, with
 * count/window = the requested calls per second (2 per second: 2 in any 1000 ms; 0.5 per
 * second: 1 in any 2000 ms; 2.5 per second: 2 in any 800 ms). Time is passed in. Pure.
 */
export class RateLimiter {
  readonly #count: number;
  readonly #windowMs: number;
  /** Start times of the last `count` dispatches, as a ring. */
  readonly #starts: number[] = [];
  #next = 0;

  constructor(callsPerSecond: number) {
    if (!(callsPerSecond > 0) || !Number.isFinite(callsPerSecond)) {
      throw new RangeError(`Expected calls per second to be a positive finite number, got ${callsPerSecond}`);
    }
    this.#count = Math.max(1, Math.floor(callsPerSecond));
    this.#windowMs = (1000 * this.#count) / callsPerSecond;
  }

  /** Milliseconds until the next dispatch is allowed (0: now). */
  waitMs(now: number): number {
    if (this.#starts.length < this.#count) return 0;
    const oldest = this.#starts[this.#next]!;
    return Math.max(0, oldest + this.#windowMs - now);
  }

  /** Records a dispatch at `now` (call only when waitMs(now) is 0). */
  take(now: number): void {
    if (this.#starts.length < this.#count) this.#starts.push(now);
    else {
      this.#starts[this.#next] = now;
      this.#next = (this.#next + 1) % this.#count;
    }
  }
}
