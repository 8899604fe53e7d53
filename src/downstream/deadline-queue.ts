/**
 * The deadlines of every downstream call under one setTimeout, instead of a Node timer per
 * call (a Timeout object, a list insert and an unenroll each). As in Node's own timers,
 * deadlines of the same length sit in one list in the order they were set, so each list is
 * ordered by due time: adding is an append, removing an unlink, and the entries are the
 * calls themselves (their `due`, `prev`, `next`, `list` fields), so neither allocates.
 * The one timer is armed for the earliest deadline and left armed when that entry goes
 * early (it then fires, finds nothing due and re-arms). It is unref'd while no deadline is
 * waiting, so it never holds the event loop open on its own.
 */

export interface DeadlineEntry {
  /** When it is due, on the queue's clock (ms); set by the queue. */
  due: number;
  prev: DeadlineEntry | undefined;
  next: DeadlineEntry | undefined;
  /** The list it is in, undefined when not queued; set by the queue. */
  list: DeadlineList | undefined;
  /** Its deadline passed (it has left the queue). */
  expire(): void;
}

/** The entries whose deadlines have one length, oldest first. */
export interface DeadlineList {
  head: DeadlineEntry | undefined;
  tail: DeadlineEntry | undefined;
}

/** Node fires a timer on its loop clock, which may trail the precise clock by under 1 ms. */
const CLOCK_SLACK_MS = 1;
/** Empty lists are kept for reuse up to this many lengths (most calls share a few). */
const KEPT_LISTS = 32;

export class DeadlineQueue {
  private readonly lists = new Map<number, DeadlineList>();
  private queued = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The due time the timer is armed for (Infinity when it is not). */
  private armedFor = Infinity;
  private readonly onTimer = () => this.fire();

  constructor(readonly now: () => number = () => performance.now()) {}

  /** Deadlines waiting. */
  get size(): number {
    return this.queued;
  }

  /** Puts `entry` in the queue, due `ms` from `now` (moved there if it was queued); `now` is a reading of this queue's clock just taken. */
  schedule(entry: DeadlineEntry, ms: number, now: number = this.now()): void {
    if (entry.list !== undefined) this.remove(entry);
    // Whole milliseconds, as Node's timers count: one list per length, each in due order.
    const length = Math.max(0, Math.ceil(ms));
    let list = this.lists.get(length);
    if (list === undefined) {
      list = { head: undefined, tail: undefined };
      this.lists.set(length, list);
    }
    const due = now + length;
    entry.due = due;
    entry.list = list;
    entry.next = undefined;
    entry.prev = list.tail;
    if (list.tail === undefined) list.head = entry;
    else list.tail.next = entry;
    list.tail = entry;
    if (++this.queued === 1) this.timer?.ref();
    if (due < this.armedFor) this.arm(due);
  }

  /** Takes `entry` out of the queue (nothing when it is not in it). */
  remove(entry: DeadlineEntry): void {
    const list = entry.list;
    if (list === undefined) return;
    const { prev, next } = entry;
    if (prev === undefined) list.head = next;
    else prev.next = next;
    if (next === undefined) list.tail = prev;
    else next.prev = prev;
    entry.list = undefined;
    entry.prev = undefined;
    entry.next = undefined;
    if (--this.queued === 0) this.timer?.unref();
    if (list.head === undefined && this.lists.size > KEPT_LISTS) this.dropEmptyLists();
  }

  private fire(): void {
    // The timer firing means its due time has come, whatever the clock says (it may trail
    // Node's loop clock, or stand still under a test's fake timers).
    const now = Math.max(this.now(), this.armedFor) + CLOCK_SLACK_MS;
    this.timer = undefined;
    this.armedFor = Infinity;
    try {
      // In due order across the lists too: a late firing (a loaded machine) finds several
      // lengths due at once, and a later deadline must not expire before an earlier one.
      for (let first = this.earliestHead(); first !== undefined && first.due <= now; first = this.earliestHead()) {
        this.remove(first);
        first.expire();
      }
    } finally {
      let earliest = Infinity;
      for (const list of this.lists.values()) if (list.head !== undefined && list.head.due < earliest) earliest = list.head.due;
      if (earliest < this.armedFor) this.arm(earliest);
    }
  }

  /** The entry due first (the earliest head; of equal ones, the first list's). */
  private earliestHead(): DeadlineEntry | undefined {
    let earliest: DeadlineEntry | undefined;
    for (const list of this.lists.values()) if (list.head !== undefined && (earliest === undefined || list.head.due < earliest.due)) earliest = list.head;
    return earliest;
  }

  private arm(due: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = due;
    // Node truncates a timer's delay to whole milliseconds, on a loop clock of whole ones: a
    // delay of 3.99 would fire after 3 and, taken for the due time (fire), expire ~2 ms early.
    this.timer = setTimeout(this.onTimer, Math.max(0, Math.ceil(due - this.now())));
    if (this.queued === 0) this.timer.unref();
  }

  private dropEmptyLists(): void {
    for (const [length, list] of this.lists) if (list.head === undefined) this.lists.delete(length);
  }
}
