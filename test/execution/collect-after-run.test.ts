import { GCProfiler } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { BIG_RUN_STEPS, collectAfterRun } from '../../src/execution/collect-after-run.js';

/** The full collections V8 ran while `work` ran. */
function fullCollectionsDuring(work: () => void): number {
  const profiler = new GCProfiler();
  profiler.start();
  work();
  return profiler.stop().statistics.filter((event) => event.gcType === 'MarkSweepCompact').length;
}

describe('collectAfterRun', () => {
  it('runs one full collection after a run of BIG_RUN_STEPS steps or more, and none after a smaller one', () => {
    let collected: boolean[] = [];
    expect(fullCollectionsDuring(() => (collected = [collectAfterRun(BIG_RUN_STEPS - 1), collectAfterRun(1)]))).toBe(0);
    expect(collected).toEqual([false, false]);
    expect(fullCollectionsDuring(() => (collected = [collectAfterRun(BIG_RUN_STEPS)]))).toBe(1);
    expect(fullCollectionsDuring(() => (collected = [collectAfterRun(10 * BIG_RUN_STEPS)]))).toBe(1);
    expect(collected).toEqual([true]);
  });

  it('leaves no gc function behind in the contexts made after it', async () => {
    collectAfterRun(BIG_RUN_STEPS);
    const { runInNewContext } = await import('node:vm');
    expect(runInNewContext('typeof gc')).toBe('undefined');
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
