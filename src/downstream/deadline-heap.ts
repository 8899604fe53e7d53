/**
 * The deadlines of every downstream call in one min-heap under one setTimeout, instead of a
 * Node timer per call (a Timeout object, a list insert and an unenroll each). An entry is the
 * call itself (its `due` and `slot` fields): scheduling, moving and removing it allocate
 * nothing. The timer is armed for the earliest deadline and left armed when that entry goes
 * early (it then fires, finds nothing due and re-arms); it is cleared once the heap is empty,
 * so no timer holds the event loop open without a call waiting.
 */

export interface DeadlineEntry {
  /** When it is due, on the heap's clock (ms); set by the heap. */
  due: number;
  /** Its place in the heap, -1 when not in it; set by the heap. */
  slot: number;
  /** Its deadline passed (it has left the heap). */
  expire(): void;
}

/** Node fires a timer on its loop clock, which may trail the precise clock by under 1 ms. */
const CLOCK_SLACK_MS = 1;

export class DeadlineHeap {
  private readonly heap: DeadlineEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The deadline the timer is armed for (Infinity when it is not). */
  private armedFor = Infinity;
  private readonly onTimer = () => this.fire();

  constructor(readonly now: () => number = () => performance.now()) {}

  get size(): number {
    return this.heap.length;
  }

  /** Puts `entry` in the heap due at `due`, or moves it there if it is in already. */
  schedule(entry: DeadlineEntry, due: number): void {
    const heap = this.heap;
    if (entry.slot < 0) {
      entry.due = due;
      entry.slot = heap.length;
      heap.push(entry);
      this.up(entry.slot);
    } else {
      const earlier = due < entry.due;
      entry.due = due;
      if (earlier) this.up(entry.slot);
      else this.down(entry.slot);
    }
    if (due < this.armedFor) this.arm();
  }

  /** Takes `entry` out of the heap (nothing when it is not in it). */
  remove(entry: DeadlineEntry): void {
    const slot = entry.slot;
    if (slot < 0) return;
    entry.slot = -1;
    const heap = this.heap;
    const last = heap.pop()!;
    if (last !== entry) {
      heap[slot] = last;
      last.slot = slot;
      this.down(slot);
      this.up(last.slot);
    }
    if (heap.length === 0) this.disarm();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const heap = this.heap;
    const now = this.now() + CLOCK_SLACK_MS;
    try {
      while (heap.length > 0 && heap[0]!.due <= now) {
        const first = heap[0]!;
        this.remove(first);
        first.expire();
      }
    } finally {
      if (heap.length > 0 && heap[0]!.due < this.armedFor) this.arm();
    }
  }

  private arm(): void {
    const first = this.heap[0];
    if (first === undefined) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = first.due;
    this.timer = setTimeout(this.onTimer, Math.max(0, first.due - this.now()));
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private up(slot: number): void {
    const heap = this.heap;
    const entry = heap[slot]!;
    while (slot > 0) {
      const parentSlot = (slot - 1) >> 1;
      const parent = heap[parentSlot]!;
      if (parent.due <= entry.due) break;
      heap[slot] = parent;
      parent.slot = slot;
      slot = parentSlot;
    }
    heap[slot] = entry;
    entry.slot = slot;
  }

  private down(slot: number): void {
    const heap = this.heap;
    const length = heap.length;
    const entry = heap[slot]!;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && heap[right]!.due < heap[left]!.due ? right : left;
      const smaller = heap[child]!;
      if (smaller.due >= entry.due) break;
      heap[slot] = smaller;
      smaller.slot = slot;
      slot = child;
    }
    heap[slot] = entry;
    entry.slot = slot;
  }
}
