/**
 * Many calls listening to one AbortSignal (a run's), for the price of one listener: a
 * call joins the signal's list and leaves it when it ends (O(1) each, and nothing
 * allocated: the watchers are linked through their own fields), instead of an
 * addEventListener / removeEventListener per call (the removal walks every listener, and an
 * EventTarget warns past 10 listeners). The one listener stays until the signal is dropped;
 * a signal of one call's own costs one listener and no removal.
 */
export interface AbortWatcher {
  /** The signal aborted while this watcher was in its list. */
  aborted(): void;
  /** The list's links, set by watchAbort (initialise them to undefined). */
  abortPrev: AbortWatcher | undefined;
  abortNext: AbortWatcher | undefined;
  abortList: WatcherList | undefined;
}

/** The watchers of one signal, in the order they joined (the order they are told). */
export interface WatcherList {
  head: AbortWatcher | undefined;
  tail: AbortWatcher | undefined;
}

/** The list rides on the signal itself: cheaper than a WeakMap entry per signal. */
const WATCHERS = Symbol('parallel-mcp abort watchers');

type WatchedSignal = AbortSignal & { [WATCHERS]?: WatcherList };

export function watchAbort(signal: AbortSignal, watcher: AbortWatcher): void {
  const watched = signal as WatchedSignal;
  let list = watched[WATCHERS];
  if (list === undefined) {
    const created: WatcherList = { head: undefined, tail: undefined };
    list = created;
    watched[WATCHERS] = created;
    signal.addEventListener(
      'abort',
      () => {
        const aborted: AbortWatcher[] = [];
        for (let each = created.head; each !== undefined; each = each.abortNext) aborted.push(each);
        created.head = created.tail = undefined;
        for (const each of aborted) {
          each.abortPrev = each.abortNext = each.abortList = undefined;
        }
        for (const each of aborted) each.aborted();
      },
      { once: true },
    );
  }
  if (watcher.abortList !== undefined) return;
  watcher.abortList = list;
  watcher.abortNext = undefined;
  watcher.abortPrev = list.tail;
  if (list.tail === undefined) list.head = watcher;
  else list.tail.abortNext = watcher;
  list.tail = watcher;
}

export function unwatchAbort(_signal: AbortSignal, watcher: AbortWatcher): void {
  const list = watcher.abortList;
  if (list === undefined) return;
  const { abortPrev: prev, abortNext: next } = watcher;
  if (prev === undefined) list.head = next;
  else prev.abortNext = next;
  if (next === undefined) list.tail = prev;
  else next.abortPrev = prev;
  watcher.abortPrev = watcher.abortNext = watcher.abortList = undefined;
}
