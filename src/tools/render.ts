/** Small text helpers for the human-readable renderings of tool results. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

/** True when at least two of the intervals overlap (some instant with two in flight). */
export function anyOverlap(intervals: ReadonlyArray<{ start: number; end: number }>): boolean {
  // Intervals usually come in start order already (calls start in input order): one pass then.
  let latestEnd = -Infinity;
  let latestStart = -Infinity;
  for (const interval of intervals) {
    if (!(interval.end > interval.start)) continue;
    if (interval.start < latestStart) return overlapOfUnsorted(intervals);
    if (interval.start < latestEnd) return true;
    latestStart = interval.start;
    latestEnd = Math.max(latestEnd, interval.end);
  }
  return false;
}

function overlapOfUnsorted(intervals: ReadonlyArray<{ start: number; end: number }>): boolean {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  let latestEnd = -Infinity;
  for (const interval of sorted) {
    if (interval.start < latestEnd) return true;
    latestEnd = Math.max(latestEnd, interval.end);
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
