/**
 * The calls waiting on the call lane (call-lane.ts), by request id. The lane numbers its
 * requests `pm-1`, `pm-2`, …, so a call sits in a ring at its number modulo the ring's size:
 * set, get and delete are an array access and a string compare, with nothing allocated and no
 * hash table rebuilt as calls come and go (a Map of 64 calls in flight rebuilt its table every
 * few dozen calls). A call that is still waiting when its slot comes round again (a slow call
 * among many fast ones) goes to a Map beside the ring; the ring doubles instead when at least
 * half of it is taken, so its size follows the number of calls in flight.
 */
export class LaneCalls<T> {
  private keys: Array<string | undefined>;
  private values: Array<T | undefined>;
  private mask: number;
  /** Calls whose slot was taken when they were sent. */
  private readonly spilled = new Map<string, T>();
  private count = 0;

  constructor(
    private readonly prefix: string,
    capacity = 128,
  ) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, capacity)));
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.values = new Array<T | undefined>(size).fill(undefined);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** `id` is the prefix and `n` in decimal, each id used once. */
  set(n: number, id: string, value: T): void {
    let slot = n & this.mask;
    if (this.keys[slot] !== undefined && this.count * 2 >= this.keys.length) {
      this.grow();
      slot = n & this.mask;
    }
    if (this.keys[slot] === undefined) {
      this.keys[slot] = id;
      this.values[slot] = value;
    } else {
      this.spilled.set(id, value);
    }
    this.count += 1;
  }

  get(id: string): T | undefined {
    const slot = this.slotOf(id);
    if (slot !== -1 && this.keys[slot] === id) return this.values[slot];
    return this.spilled.size === 0 ? undefined : this.spilled.get(id);
  }

  /** True when `id` was waiting (it no longer is). */
  delete(id: string): boolean {
    const slot = this.slotOf(id);
    if (slot !== -1 && this.keys[slot] === id) {
      this.keys[slot] = undefined;
      this.values[slot] = undefined;
      this.count -= 1;
      return true;
    }
    if (this.spilled.size === 0 || !this.spilled.delete(id)) return false;
    this.count -= 1;
    return true;
  }

  /** Every waiting call, in the order they were set (by number); none is left waiting. */
  drain(): T[] {
    const entries: Array<[number, T]> = [];
    for (let slot = 0; slot < this.keys.length; slot++) {
      const key = this.keys[slot];
      if (key !== undefined) entries.push([this.numberOf(key), this.values[slot]!]);
    }
    for (const [key, value] of this.spilled) entries.push([this.numberOf(key), value]);
    entries.sort((a, b) => a[0] - b[0]);
    this.keys.fill(undefined);
    this.values.fill(undefined);
    this.spilled.clear();
    this.count = 0;
    return entries.map((entry) => entry[1]);
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    const size = keys.length * 2;
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.values = new Array<T | undefined>(size).fill(undefined);
    this.mask = size - 1;
    const moved: Array<[string, T]> = [...this.spilled];
    this.spilled.clear();
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot];
      if (key !== undefined) moved.push([key, values[slot]!]);
    }
    for (const [key, value] of moved) {
      const slot = this.numberOf(key) & this.mask;
      if (this.keys[slot] === undefined) {
        this.keys[slot] = key;
        this.values[slot] = value;
      } else {
        this.spilled.set(key, value);
      }
    }
  }

  /** The ring slot for an id of the prefix and a decimal number; -1 for any other string. */
  private slotOf(id: string): number {
    const n = this.numberOf(id);
    return n < 0 ? -1 : n & this.mask;
  }

  /** The number after the prefix (digits only, at most 15 of them), else -1. */
  private numberOf(id: string): number {
    const start = this.prefix.length;
    const length = id.length;
    if (length <= start || length > start + 15) return -1;
    let n = 0;
    for (let i = start; i < length; i++) {
      const digit = id.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return -1;
      n = n * 10 + digit;
    }
    return n;
  }
}
