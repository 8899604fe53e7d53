/** Small text helpers for the human-readable renderings of tool results. */
export function formatMs(ms: number): string {
  if (ms < 1000) {
    const rounded = Math.round(ms);
    // Made once for each whole millisecond under a second: a batch renders one per call.
    if (rounded >= 0 && rounded < 1000) return (SHORT_MS[rounded] ??= `${rounded} ms`);
    return `${rounded} ms`;
  }
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const SHORT_MS: Array<string | undefined> = new Array<string | undefined>(1000).fill(undefined);

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

/** True when at least two of the intervals overlap (some instant with two in flight). */
export function anyOverlap(intervals: ReadonlyArray<{ start: number; end: number }>): boolean {
  return overlapOf(intervals, startOfInterval, endOfInterval);
}

/** anyOverlap of records' [started_ms, started_ms + duration_ms] (missing ones count as 0), without building the intervals. */
export function anyTimingOverlap(timings: ReadonlyArray<{ started_ms?: number | undefined; duration_ms?: number | undefined }>): boolean {
  // overlapOf's one pass, written out for records (no start/end callbacks on a batch's hot path).
  let latestEnd = -Infinity;
  let latestStart = -Infinity;
  for (let i = 0; i < timings.length; i++) {
    const timing = timings[i]!;
    const start = timing.started_ms ?? 0;
    const end = start + (timing.duration_ms ?? 0);
    if (!(end > start)) continue;
    if (start < latestStart) return overlapOfUnsorted(timings, startOfTiming, endOfTiming);
    if (start < latestEnd) return true;
    latestStart = start;
    latestEnd = Math.max(latestEnd, end);
  }
  return false;
}

type Timing = { started_ms?: number | undefined; duration_ms?: number | undefined };
const startOfInterval = (interval: { start: number }): number => interval.start;
const endOfInterval = (interval: { end: number }): number => interval.end;
const startOfTiming = (timing: Timing): number => timing.started_ms ?? 0;
const endOfTiming = (timing: Timing): number => (timing.started_ms ?? 0) + (timing.duration_ms ?? 0);

function overlapOf<T>(items: readonly T[], startOf: (item: T) => number, endOf: (item: T) => number): boolean {
  // Items usually come in start order already (calls start in input order): one pass then.
  let latestEnd = -Infinity;
  let latestStart = -Infinity;
  for (let i = 0; i < items.length; i++) {
    const start = startOf(items[i]!);
    const end = endOf(items[i]!);
    if (!(end > start)) continue;
    if (start < latestStart) return overlapOfUnsorted(items, startOf, endOf);
    if (start < latestEnd) return true;
    latestStart = start;
    latestEnd = Math.max(latestEnd, end);
  }
  return false;
}

function overlapOfUnsorted<T>(items: readonly T[], startOf: (item: T) => number, endOf: (item: T) => number): boolean {
  const sorted = items.filter((item) => endOf(item) > startOf(item)).sort((a, b) => startOf(a) - startOf(b));
  let latestEnd = -Infinity;
  for (const item of sorted) {
    if (startOf(item) < latestEnd) return true;
    latestEnd = Math.max(latestEnd, endOf(item));
  }
  return false;
}

export function round(ms: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(ms * f) / f;
}

/**
 * A step's timing rounded to 0.1 ms so that `started_ms + duration_ms` is the rounded end
 * (up to float addition), not off by a rounding step: a reader checking that one step
 * started after another ended must not see a 0.1 ms overlap that never happened.
 */
export function roundedTiming(record: { started_ms?: number; ended_ms?: number; duration_ms?: number }): { started_ms?: number; duration_ms?: number } {
  if (record.started_ms === undefined) return {};
  const start = round(record.started_ms);
  const end = record.ended_ms ?? record.started_ms + (record.duration_ms ?? 0);
  return { started_ms: start, duration_ms: round(round(end) - start) };
}

/** The text of a late answer: the call ran although it was reported failed. */
export function lateNote(late: { ok: boolean; error?: { code: string } | undefined; after_ms: number }): string {
  return ` (it ran anyway: its server answered ${late.ok ? 'ok' : `with ${late.error?.code ?? 'an error'}`} after ${formatMs(late.after_ms)})`;
}
