/**
 * A run's stop without an EventTarget, for runs whose every reader of the signal is known to
 * use only `aborted`, `reason`, `throwIfAborted` and 'abort' listeners (issue 13: a one-call
 * tool request). Node makes each AbortSignal an EventTarget whose prototype is set at run
 * time, then slow to extend: ~5 µs for the signal alone and ~3 µs more for its first
 * listener, more than a third of a one-call request's own run machinery.
 *
 * The signal keeps its 'abort' listeners itself for the common shape — a function, and no
 * options or { once } alone — and calls them as an AbortSignal does: in the order added, a
 * function once however often it is added, `once` ones removed before they run, one removed
 * while the others run not called, `this` the signal, a thrown error reported as uncaught
 * (on the next tick) without stopping the others. Anything else (other types, capture,
 * passive or signal options, listener objects, onabort, dispatchEvent) makes a real
 * AbortSignal and hands it every listener so far, in order: from then on it answers for all.
 * test/runs/run-stop.test.ts runs generated sequences of operations against both.
 */

type AbortListener = (this: AbortSignal, event: Event) => void;
type Listener = Parameters<AbortSignal['addEventListener']>[1];
type AddOptions = Parameters<AbortSignal['addEventListener']>[2];
type RemoveOptions = Parameters<AbortSignal['removeEventListener']>[2];

/** One listener, linked as Node's EventTarget links them (a removed one keeps its `next`). */
interface Kept {
  listener: AbortListener;
  once: boolean;
  /** A listener added with and without capture is two listeners. */
  capture: boolean;
  removed: boolean;
  previous: Kept | undefined;
  next: Kept | undefined;
}

export class RunStop {
  readonly signal: AbortSignal;
  readonly #light: LightAbortSignal;

  constructor() {
    this.#light = new LightAbortSignal();
    this.signal = this.#light as unknown as AbortSignal;
  }

  abort(reason?: unknown): void {
    this.#light.abort(reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason);
  }
}

class LightAbortSignal {
  #aborted = false;
  #reason: unknown = undefined;
  #head: Kept | undefined = undefined;
  #tail: Kept | undefined = undefined;
  /** The real signal, once something needed one. */
  #real: AbortController | undefined = undefined;
  /** Its listeners as given, and what the real signal calls (each with this signal as `this`). */
  #wrapped: Map<unknown, Listener> | undefined = undefined;
  #onabort: AbortSignal['onabort'] = null;

  get aborted(): boolean {
    return this.#real ? this.#real.signal.aborted : this.#aborted;
  }

  get reason(): unknown {
    return this.#real ? this.#real.signal.reason : this.#reason;
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  get onabort(): AbortSignal['onabort'] {
    this.#realSignal();
    return this.#onabort;
  }

  set onabort(value: AbortSignal['onabort']) {
    const real = this.#realSignal();
    this.#onabort = value;
    real.onabort = typeof value === 'function' ? (this.#wrap(value) as AbortSignal['onabort']) : value;
  }

  addEventListener(type: string, listener: unknown, options?: unknown): void {
    if (this.#real === undefined && type === 'abort' && typeof listener === 'function') {
      const flags = flagsOf(options);
      if (flags !== undefined) {
        const capture = (flags & CAPTURE) !== 0;
        for (let each = this.#head; each !== undefined; each = each.next) if (each.listener === listener && each.capture === capture) return;
        const kept: Kept = { listener: listener as AbortListener, once: (flags & ONCE_FLAG) !== 0, capture, removed: false, previous: this.#tail, next: undefined };
        if (this.#tail === undefined) this.#head = kept;
        else this.#tail.next = kept;
        this.#tail = kept;
        return;
      }
    }
    this.#realSignal().addEventListener(type, this.#wrap(listener), options as AddOptions);
  }

  removeEventListener(type: string, listener: unknown, options?: unknown): void {
    if (this.#real === undefined && type === 'abort' && typeof listener === 'function') {
      // What Node's removeEventListener reads of its options (a boolean is no capture there).
      const capture = (options as { capture?: unknown } | null | undefined)?.capture === true;
      for (let each = this.#head; each !== undefined; each = each.next) {
        if (each.listener === listener && each.capture === capture) {
          this.#unlink(each);
          return;
        }
      }
      return;
    }
    const real = this.#realSignal();
    real.removeEventListener(type, (this.#wrapped?.get(listener) ?? listener) as Listener, options as RemoveOptions);
  }

  dispatchEvent(event: Event): boolean {
    return this.#realSignal().dispatchEvent(event);
  }

  abort(reason: unknown): void {
    if (this.#real) {
      this.#real.abort(reason);
      return;
    }
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    if (this.#head === undefined) return;
    const event = new Event('abort');
    const self = this as unknown as AbortSignal;
    // Node's dispatch loop: `next` is read before each call, removed ones are passed over.
    let each: Kept | undefined = this.#head;
    while (each !== undefined) {
      const next: Kept | undefined = each.next;
      if (!each.removed) {
        if (each.once) this.#unlink(each);
        try {
          each.listener.call(self, event);
        } catch (error) {
          // An EventTarget reports a listener's throw as uncaught, and calls the rest.
          process.nextTick(() => {
            throw error;
          });
        }
      }
      each = next;
    }
  }

  #unlink(kept: Kept): void {
    if (kept.removed) return;
    kept.removed = true;
    if (kept.previous === undefined) this.#head = kept.next;
    else kept.previous.next = kept.next;
    if (kept.next === undefined) this.#tail = kept.previous;
    else kept.next.previous = kept.previous;
  }

  /** What the real signal is given for `listener`: the same function for the same listener, called on this signal. */
  #wrap(listener: unknown): Listener {
    if (typeof listener !== 'function') return listener as Listener;
    const wrapped = (this.#wrapped ??= new Map());
    let wrapper = wrapped.get(listener);
    if (wrapper === undefined) {
      const self = this;
      wrapper = function (this: unknown, event: Event) {
        return (listener as AbortListener).call(self as unknown as AbortSignal, event);
      };
      wrapped.set(listener, wrapper);
    }
    return wrapper;
  }

  /** The real signal, made now if need be, with every listener so far (in order). */
  #realSignal(): AbortSignal {
    if (this.#real) return this.#real.signal;
    const real = new AbortController();
    this.#real = real;
    if (this.#aborted) real.abort(this.#reason);
    for (let each = this.#head; each !== undefined; each = each.next) {
      real.signal.addEventListener('abort', this.#wrap(each.listener), { once: each.once, capture: each.capture });
    }
    this.#head = this.#tail = undefined;
    return real.signal;
  }
}

const ONCE_FLAG = 1;
const CAPTURE = 2;

/**
 * The options as flags (once, capture) when they are what an EventTarget reads without any
 * more: none, a boolean (capture), or a plain object of once, capture and passive only
 * (passive matters to preventDefault, which an abort never needs); undefined otherwise.
 */
function flagsOf(options: unknown): number | undefined {
  if (options === undefined || options === null) return 0;
  if (typeof options === 'boolean') return options ? CAPTURE : 0;
  if (typeof options !== 'object' || Object.getPrototypeOf(options) !== Object.prototype) return undefined;
  for (const key in options) if (key !== 'once' && key !== 'capture' && key !== 'passive') return undefined;
  const { once, capture } = options as { once?: unknown; capture?: unknown };
  return (once ? ONCE_FLAG : 0) | (capture ? CAPTURE : 0);
}
