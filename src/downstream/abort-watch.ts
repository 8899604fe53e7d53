/**
 * Many calls listening to one AbortSignal (a run's), for the price of one listener: a
 * call joins the signal's set and leaves it when it ends (O(1) each), instead of an
 * addEventListener / removeEventListener per call (the removal walks every listener, and an
 * EventTarget warns past 10 listeners). The one listener stays until the signal is dropped.
 */
export interface AbortWatcher {
  /** The signal aborted while this watcher was in its set. */
  aborted(): void;
}

const watchersOf = new WeakMap<AbortSignal, Set<AbortWatcher>>();

export function watchAbort(signal: AbortSignal, watcher: AbortWatcher): void {
  let watchers = watchersOf.get(signal);
  if (watchers === undefined) {
    const set = new Set<AbortWatcher>();
    watchers = set;
    watchersOf.set(signal, set);
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
  watchersOf.get(signal)?.delete(watcher);
}
