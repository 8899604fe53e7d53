import { describe, expect, it } from 'vitest';
import { RestartBackoff } from '../../src/downstream/restart-backoff.js';

describe('RestartBackoff', () => {
  it('returns 0 when nothing has failed', () => {
    expect(new RestartBackoff().waitMs(1000)).toBe(0);
  });

  it('returns 0, 250, 1000, 4000, then 8000 ms for every further consecutive failure', () => {
    const backoff = new RestartBackoff();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      backoff.recordFailure(10_000 * i);
      waits.push(backoff.waitMs(10_000 * i));
    }
    expect(waits).toEqual([0, 250, 1000, 4000, 8000, 8000, 8000]);
  });

  it('returns the remaining part of the delay when time has passed since the failure', () => {
    const backoff = new RestartBackoff([0, 1000]);
    backoff.recordFailure(0);
    backoff.recordFailure(100);
    expect([backoff.waitMs(100), backoff.waitMs(600), backoff.waitMs(1100), backoff.waitMs(5000)]).toEqual([1000, 500, 0, 0]);
  });

  it('starts counting again when the session that ended had been healthy long enough', () => {
    const backoff = new RestartBackoff([0, 250, 1000], 30_000);
    backoff.recordFailure(0);
    backoff.recordFailure(10);
    expect(backoff.consecutiveFailures).toBe(2);
    backoff.recordFailure(50_000, 15_000); // up for 35 s
    expect([backoff.consecutiveFailures, backoff.waitMs(50_000)]).toEqual([1, 0]);
    backoff.recordFailure(50_100, 50_050); // up for 50 ms
    expect([backoff.consecutiveFailures, backoff.waitMs(50_100)]).toEqual([2, 250]);
  });
});
