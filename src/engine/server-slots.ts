/**
 * The one owner of per-server limits: how many calls each capped server has in flight,
 * counted across every batch and plan of the process. The scheduler asks it before it
 * dispatches a step (and parks the step, in priority order, when the server is full); the
 * downstream connection keeps a slot taken past the call's own end while a timed-out or
 * cancelled request may still be running on the server (`retain`). Pure: no I/O, no timers.
 */

/** One taken slot. `release` is idempotent; the slot frees once it and every `retain` are released. */
export interface SlotLease {
  readonly server: string;
  release(): void;
  /** Keeps the slot taken after `release()` until the returned function is called (idempotent too). */
  retain(): () => void;
}

export interface ServerSlots {
  /** The server's cap, undefined when it has none. */
  capOf(server: string): number | undefined;
  /** A slot, or undefined when the server is full. A server without a cap always gives one. */
  tryAcquire(server: string): SlotLease | undefined;
  /** Runs `listener` whenever a slot of `server` frees; returns the unsubscribe. */
  subscribe(listener: (server: string) => void): () => void;
}

const UNCAPPED: SlotLease = Object.freeze({ server: '', release: () => undefined, retain: () => () => undefined });

export class ServerSlotTable implements ServerSlots {
  readonly #caps: ReadonlyMap<string, number>;
  readonly #inFlight = new Map<string, number>();
  readonly #listeners = new Set<(server: string) => void>();

  constructor(caps: ReadonlyMap<string, number>) {
    this.#caps = caps;
  }

  capOf(server: string): number | undefined {
    return this.#caps.get(server);
  }

  inFlight(server: string): number {
    return this.#inFlight.get(server) ?? 0;
  }

  tryAcquire(server: string): SlotLease | undefined {
    const cap = this.#caps.get(server);
    if (cap === undefined) return UNCAPPED;
    const taken = this.#inFlight.get(server) ?? 0;
    if (taken >= Math.max(1, cap)) return undefined;
    this.#inFlight.set(server, taken + 1);
    return this.#lease(server);
  }

  /**
   * Waits for a slot, first come first served, for callers outside the scheduler. Resolves
   * undefined when `signal` aborts first.
   */
  acquire(server: string, signal?: AbortSignal): Promise<SlotLease | undefined> {
    const now = this.tryAcquire(server);
    if (now) return Promise.resolve(now);
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onFree = (freed: string) => {
        if (freed !== server) return;
        const lease = this.tryAcquire(server);
        if (!lease) return;
        done();
        resolve(lease);
      };
      const onAbort = () => {
        done();
        resolve(undefined);
      };
      const unsubscribe = this.subscribe(onFree);
      const done = () => {
        unsubscribe();
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  subscribe(listener: (server: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #lease(server: string): SlotLease {
    let holds = 1;
    const drop = () => {
      holds -= 1;
      if (holds > 0) return;
      this.#inFlight.set(server, (this.#inFlight.get(server) ?? 1) - 1);
      for (const listener of [...this.#listeners]) {
        try {
          listener(server);
        } catch {
          // One listener's fault must not keep the slot from the others.
        }
      }
    };
    let released = false;
    return {
      server,
      release: () => {
        if (released) return;
        released = true;
        drop();
      },
      retain: () => {
        if (holds === 0) return () => undefined;
        holds += 1;
        let dropped = false;
        return () => {
          if (dropped) return;
          dropped = true;
          drop();
        };
      },
    };
  }
}
