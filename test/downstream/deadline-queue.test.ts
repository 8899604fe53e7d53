/** The one timer behind every call deadline (src/downstream/deadline-queue.ts). */
import { describe, expect, it, vi } from 'vitest';
import { DeadlineQueue, type DeadlineEntry } from '../../src/downstream/deadline-queue.js';

function entry(name: string, expired: string[]): DeadlineEntry & { name: string } {
  return { name, due: 0, prev: undefined, next: undefined, list: undefined, expire: () => void expired.push(name) };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DeadlineQueue', () => {
  it('expires entries of mixed lengths in due order, skips removed ones and moves rescheduled ones', async () => {
    const expired: string[] = [];
    // All set at one instant of the queue's clock: a loaded machine can pause this code for tens
    // of ms between two schedule calls, which would put a 10 ms deadline after a 30 ms one.
    let setAt: number | undefined = performance.now();
    const queue = new DeadlineQueue(() => setAt ?? performance.now());
    const lengths = [30, 10, 50, 10, 20, 40, 20, 5];
    const entries = lengths.map((ms, i) => entry(`e${i}-${ms}`, expired));
    entries.forEach((e, i) => queue.schedule(e, lengths[i]!));
    queue.remove(entries[2]!); // 50
    queue.remove(entries[3]!); // the second 10
    queue.schedule(entries[7]!, 60); // 5 -> 60
    setAt = undefined;
    expect(queue.size).toBe(6);
    // Waits for the six (bounded): under load a timer may run tens of ms late, never early.
    for (let waited = 0; expired.length < 6 && waited < 2000; waited += 20) await settle(20);
    expect(expired).toEqual(['e1-10', 'e4-20', 'e6-20', 'e0-30', 'e5-40', 'e7-5']);
    expect(queue.size).toBe(0);
  });

  it('expires in due order across lengths when its timer fires late and finds several due (a loaded machine)', async () => {
    let clock = 0;
    const queue = new DeadlineQueue(() => clock);
    const expired: string[] = [];
    // Lengths in an order unlike their due order; the clock then jumps past all of them at once.
    for (const ms of [30, 10, 20, 20, 5]) queue.schedule(entry(`${ms}`, expired), ms);
    clock = 100;
    for (let waited = 0; expired.length < 5 && waited < 2000; waited += 20) await settle(20);
    expect(expired).toEqual(['5', '10', '20', '20', '30']);
  });

  it('expires nothing before its due time on its own clock', async () => {
    const queue = new DeadlineQueue();
    const expiredAt: number[] = [];
    const start = queue.now();
    for (const ms of [15, 5, 25]) queue.schedule({ due: 0, prev: undefined, next: undefined, list: undefined, expire: () => void expiredAt.push(queue.now() - start) }, ms);
    // Waits for the three (bounded): under load a timer may run tens of ms late, never early.
    for (let waited = 0; expiredAt.length < 3 && waited < 2000; waited += 20) await settle(20);
    expect(expiredAt).toHaveLength(3);
    // Node's timers run on a clock that may trail the precise one by under a millisecond.
    expect(expiredAt.map((at, i) => at >= [5, 15, 25][i]! - 1)).toEqual([true, true, true]);
  });

  it('never fires a deadline of a fractional length early (Node truncates a timer delay to whole ms)', async () => {
    const queue = new DeadlineQueue();
    let early = 0;
    // One at a time, so each is armed at its own point in the loop clock's millisecond (bounded: ~1 s).
    for (let i = 0; i < 200; i++) {
      const start = queue.now();
      await new Promise<void>((resolve) => queue.schedule({
        due: 0, prev: undefined, next: undefined, list: undefined,
        expire: () => { if (queue.now() - start < 4 - 1) early += 1; resolve(); },
      }, 3.95));
    }
    expect(early).toBe(0);
  });

  it('lets the process exit while no deadline waits (its timer is unref\'d)', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = [
      "const { DeadlineQueue } = await import(process.argv[1]);",
      'const queue = new DeadlineQueue();',
      "const e = { due: 0, prev: undefined, next: undefined, list: undefined, expire() { console.log('expired'); } };",
      'queue.schedule(e, 60000);',
      'queue.remove(e);',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, new URL('../../src/downstream/deadline-queue.ts', import.meta.url).pathname], { encoding: 'utf8', timeout: 20_000 });
    // Killed at 20 s (status null) had the timer held it open for the 60 s deadline.
    expect({ status: child.status, stdout: child.stdout }).toEqual({ status: 0, stdout: '' });
  });

  it('runs under fake timers (vitest fakes performance.now with them), as a timer per call did', () => {
    vi.useFakeTimers();
    try {
      const expired: string[] = [];
      const queue = new DeadlineQueue();
      queue.schedule(entry('short', expired), 10);
      queue.schedule(entry('long', expired), 50);
      vi.advanceTimersByTime(10);
      expect(expired).toEqual(['short']);
      vi.advanceTimersByTime(40);
      expect(expired).toEqual(['short', 'long']);
    } finally {
      vi.useRealTimers();
    }
  });
});
