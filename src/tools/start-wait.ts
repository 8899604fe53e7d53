/**
 * How much of a batch's wall time went to waiting for downstream servers to start: the time
 * in which some call waited for its server (wait_ms, just before its started_ms) and no call
 * was running. The summary line names it and gives the speedup over the rest of the wall
 * time, so a first batch (which starts its servers) does not read "speedup 0.05x".
 */
export interface StartTiming {
  started_ms?: number | undefined;
  duration_ms?: number | undefined;
  wait_ms?: number | undefined;
}

/** The start wait of the batch (0 when no call waited: one pass, nothing built). */
export function startWaitMs(timings: ReadonlyArray<StartTiming>): number {
  let waited = false;
  for (let i = 0; i < timings.length; i++) {
    if ((timings[i]!.wait_ms ?? 0) > 0) {
      waited = true;
      break;
    }
  }
  if (!waited) return 0;
  const waits: Array<[number, number]> = [];
  const runs: Array<[number, number]> = [];
  for (const timing of timings) {
    const start = timing.started_ms ?? 0;
    const wait = timing.wait_ms ?? 0;
    const duration = timing.duration_ms ?? 0;
    if (wait > 0) waits.push([Math.max(0, start - wait), start]);
    if (duration > 0) runs.push([start, start + duration]);
  }
  let total = 0;
  for (const [from, to] of merged(waits)) total += uncovered(from, to, merged(runs));
  return total;
}

/** The summary's words for the wait: `, 31 ms of it waiting for servers to start` (empty without one). */
export function startWaitNote(waitMs: number, formatMs: (ms: number) => string): string {
  return waitMs > 0 ? `, ${formatMs(waitMs)} of it waiting for servers to start` : '';
}

/** The summary's speedup with a start-up wait: over the rest of the wall time (`2.00x over the other 20 ms`). */
export function speedupOverRest(
  sumMs: number,
  wallMs: number,
  waitMs: number,
  formatRatio: (ratio: number) => string,
  formatMs: (ms: number) => string,
): string {
  const rest = wallMs - waitMs;
  return `${formatRatio(rest > 0 ? sumMs / rest : 1)} over the other ${formatMs(rest)}`;
}

function merged(intervals: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** The length of [from, to] not covered by the (merged, sorted) intervals. */
function uncovered(from: number, to: number, covers: ReadonlyArray<[number, number]>): number {
  let length = 0;
  let at = from;
  for (const [start, end] of covers) {
    if (end <= at) continue;
    if (start >= to) break;
    if (start > at) length += start - at;
    at = Math.max(at, end);
    if (at >= to) return length;
  }
  return length + Math.max(0, to - at);
}
