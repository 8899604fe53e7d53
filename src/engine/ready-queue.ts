/**
 * A priority queue for a scheduler's ready steps that is cheap when most of them are ready
 * at the start (call_tools_parallel: every call): those are sorted once and taken from the
 * front in O(1); steps that become ready later go into a heap. `pop` returns the smaller of
 * the two fronts, so the order is exactly that of one heap with the same `compare`. Pure.
 */
import { MinHeap } from './min-heap.js';

export class ReadyQueue<T> {
  #sorted: T[] = [];
  #head = 0;
  readonly #heap: MinHeap<T>;

  constructor(private readonly compare: (a: T, b: T) => number) {
    this.#heap = new MinHeap(compare);
  }

  get size(): number {
    return this.#sorted.length - this.#head + this.#heap.size;
  }

  /** Adds many items at once (sorted here, in place: the array is the queue's from now on). */
  pushAll(items: T[]): void {
    if (this.#head < this.#sorted.length) {
      for (const item of items) this.#heap.push(item);
      return;
    }
    this.#sorted = items.sort(this.compare);
    this.#head = 0;
  }

  push(item: T): void {
    this.#heap.push(item);
  }

  pop(): T | undefined {
    if (this.#head < this.#sorted.length) {
      const first = this.#sorted[this.#head]!;
      const top = this.#heap.peek();
      if (top === undefined || this.compare(first, top) <= 0) {
        this.#head += 1;
        if (this.#head === this.#sorted.length) {
          this.#sorted = [];
          this.#head = 0;
        }
        return first;
      }
    }
    return this.#heap.pop();
  }
}
