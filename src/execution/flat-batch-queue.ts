/**
 * The steps of a flat batch (flat-batch.ts) not started yet, in the start order
 * (flat-batch-order.ts), as the scheduler's ready queue and parking hold them: a step whose
 * capped server is full is parked for that server (in the start order) without holding a
 * global slot, and goes back before the steps not yet taken when a slot of its server frees.
 * Positions are places in the start order; `indexAt` gives the step's index.
 */
import { MinHeap } from '../engine/min-heap.js';
import type { ServerSlots } from '../engine/server-slots.js';

export class FlatBatchQueue {
  /** The next position of the start order not yet taken. */
  #next = 0;
  /** Parked positions whose server freed a slot: they go before `#next` when earlier. */
  #unparked: MinHeap<number> | undefined;
  #parked: Map<string, MinHeap<number>> | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly slots: ServerSlots,
    private readonly n: number,
    /** `order[k]` is the k-th step to start; undefined when that is input order. */
    private readonly order: Int32Array | undefined,
    /** A parked step can start again (a slot of its server freed). */
    private readonly onUnparked: () => void,
  ) {}

  indexAt(position: number): number {
    return this.order === undefined ? position : this.order[position]!;
  }

  /** The best ready position: the start order's next, or an unparked one that goes before it (undefined: none). */
  pop(): number | undefined {
    const unparked = this.#unparked;
    if (this.#next < this.n) {
      const top = unparked?.peek();
      if (top === undefined || this.#next < top) return this.#next++;
    }
    return unparked?.pop();
  }

  /** The step at `position` waits for a slot of `server`. */
  park(position: number, server: string): void {
    this.#parked ??= new Map();
    let parked = this.#parked.get(server);
    if (!parked) this.#parked.set(server, (parked = new MinHeap<number>(byNumber)));
    this.#unsubscribe ??= this.slots.subscribe((freed) => this.#onSlotFreed(freed));
    parked.push(position);
  }

  /** The batch has ended: no more news of freed slots. */
  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** A slot of `server` freed (here or in another run): its best parked step may take it. */
  #onSlotFreed(server: string): void {
    const next = this.#parked?.get(server)?.pop();
    if (next === undefined) return;
    (this.#unparked ??= new MinHeap<number>(byNumber)).push(next);
    this.onUnparked();
  }
}

function byNumber(a: number, b: number): number {
  return a - b;
}
