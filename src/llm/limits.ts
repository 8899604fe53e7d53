/**
 * A provider's cap and rate limit, the way a downstream server has `maxConcurrency`: at
 * most `maxConcurrency` requests in flight (default 8) and, when set, `requestsPerMinute`
 * spread by the engine's sliding-window RateLimiter. Waiting requests go first in, first
 * out; an aborted wait leaves the queue. `limitClient` wraps an LlmClient with one.
 */
import { RateLimiter } from '../engine/rate-limiter.js';
import { LlmError, type CompletionRequest, type LlmClient } from './client.js';

export interface LlmLimits {
  maxConcurrency: number;
  requestsPerMinute?: number;
}

export const DEFAULT_LLM_LIMITS: LlmLimits = { maxConcurrency: 8 };

interface Waiter {
  grant: () => void;
}

export class ProviderLimiter {
  readonly #max: number;
  readonly #rate: RateLimiter | undefined;
  readonly #queue: Waiter[] = [];
  #inFlight = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(limits: LlmLimits) {
    this.#max = Math.max(1, limits.maxConcurrency);
    this.#rate = limits.requestsPerMinute === undefined ? undefined : new RateLimiter(limits.requestsPerMinute / 60);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Waits for a slot (and the rate limit); resolves with the function that frees it. */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          this.#inFlight += 1;
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.#inFlight -= 1;
            this.#drain();
          });
        },
      };
      const onAbort = () => {
        const at = this.#queue.indexOf(waiter);
        if (at >= 0) this.#queue.splice(at, 1);
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
      this.#drain();
    });
  }

  #drain(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.#max) {
      if (this.#rate) {
        const wait = this.#rate.waitMs(performance.now());
        if (wait > 0) {
          this.#timer ??= setTimeout(() => {
            this.#timer = undefined;
            this.#drain();
          }, wait);
          return;
        }
        this.#rate.take(performance.now());
      }
      this.#queue.shift()!.grant();
    }
  }
}

function abortError(signal: AbortSignal): LlmError {
  const reason = signal.reason instanceof Error ? signal.reason.message : 'aborted';
  return new LlmError('cancelled', `cancelled while waiting for a model slot: ${reason}`);
}

/** The client with every request passing through the limiter. */
export function limitClient(client: LlmClient, limiter: ProviderLimiter): LlmClient {
  const complete = async (request: CompletionRequest) => {
    const release = await limiter.acquire(request.signal);
    try {
      return await client.complete(request);
    } finally {
      release();
    }
  };
  return {
    name: client.name,
    complete,
    completeJson: async (system, user, schema, signal) => {
      const release = await limiter.acquire(signal);
      try {
        return await client.completeJson(system, user, schema, signal);
      } finally {
        release();
      }
    },
  };
}
