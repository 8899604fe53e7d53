/**
 * Many calls listening to one AbortSignal (a run's), for the price of one listener: a
 * call joins the signal's set and leaves it when it ends (O(1) each), instead of an
 * addEventListener / removeEventListener per call (the removal walks every listener, and an
 * EventTarget warns past 10 listeners). The one listener stays until the signal is dropped;
 * a signal of one call's own costs one listener and no removal.
 */
export interface AbortWatcher {
  /** The signal aborted while this watcher was in its set. */
  aborted(): void;
}

/** The set rides on the signal itself: cheaper than a WeakMap entry per signal. */
const WATCHERS = Symbol('parallel-mcp abort watchers');

type WatchedSignal = AbortSignal & { [WATCHERS]?: Set<AbortWatcher> };

export function watchAbort(signal: AbortSignal, watcher: AbortWatcher): void {
  const watched = signal as WatchedSignal;
  let watchers = watched[WATCHERS];
  if (watchers === undefined) {
    const set = new Set<AbortWatcher>();
    watchers = set;
    watched[WATCHERS] = set;
    signal.addEventListener(
      'abort',
      () => {
        const aborted = [...set];
        set.clear();
        for (const each of aborted) each.aborted();
      },
      { once: true },
    );
  }
  watchers.add(watcher);
}

export function unwatchAbort(signal: AbortSignal, watcher: AbortWatcher): void {
  (signal as WatchedSignal)[WATCHERS]?.delete(watcher);
}
