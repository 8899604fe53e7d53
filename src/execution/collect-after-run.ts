/**
 * One full garbage collection when a big run's calls have all ended, before its answer is
 * built. By then V8's old space holds the run's live state (~6 MB for 10,000 echo calls) and
 * more garbage than that: objects of calls that lived across two scavenges and died there,
 * which no full collection has freed yet (V8 waits until old space reaches its limit). The
 * answer's objects and strings (~10 MB for 10,000 calls) then fill the freed space instead of
 * growing the heap: the peak RSS of a 10,000-call batch fell from ~129 to ~121 MB
 * (bench/memory-batch.ts). It costs one collection per big run: 25-75 ms for 10,000 calls on
 * this machine, against the seconds the run took; runs under BIG_RUN_STEPS never pay it.
 *
 * Node gives no collection call without --expose-gc; the flag is set at run time (V8 reads it
 * when a context is made), a fresh context hands over its `gc`, and the flag is unset again.
 * Where that fails, nothing is collected.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Runs of at least this many steps get the collection. */
export const BIG_RUN_STEPS = 5_000;

let collect: (() => void) | null | undefined;

/** V8's full collection, or null when it cannot be had. */
function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return (collect = own as () => void);
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return collect;
}

/** After a run of `steps` steps: collects when the run was big. True when it collected. */
export function collectAfterRun(steps: number): boolean {
  if (steps < BIG_RUN_STEPS) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  return true;
}
