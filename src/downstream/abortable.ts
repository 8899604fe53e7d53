/** Waiting that gives way: to an AbortSignal, to a deadline, or to shutdown. */

export class TimedOut extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/**
 * `promise`, unless `signal` aborts first (rejects with its reason) or `timeoutMs` passes
 * first (rejects with TimedOut). The promise itself runs on: others may be waiting for it.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, timeoutMs?: number): Promise<T> {
  if (!signal && timeoutMs === undefined) return promise;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const finish = () => {
      signal?.removeEventListener('abort', onAbort);
      if (timer !== undefined) clearTimeout(timer);
    };
    const onAbort = () => {
      finish();
      reject(signal?.reason);
    };
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => (finish(), reject(new TimedOut(timeoutMs))), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        finish();
        resolve(value);
      },
      (error: unknown) => {
        finish();
        reject(error);
      },
    );
  });
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
