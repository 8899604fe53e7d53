import { describe, expect, it } from 'vitest';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { RateLimiter } from '../../src/engine/rate-limiter.js';
import { backoffDelayMs } from '../../src/engine/retry-policy.js';

describe('RateLimiter', () => {
  it('returns the wait until the oldest start of the window leaves it', () => {
    const limiter = new RateLimiter(2);
    limiter.take(0);
    limiter.take(10);
    expect([limiter.waitMs(10), limiter.waitMs(600), limiter.waitMs(1000)]).toEqual([990, 400, 0]);
    limiter.take(1000);
    expect(limiter.waitMs(1000)).toBe(10);
  });

  it('spaces single calls when the rate is below one per second', () => {
    const limiter = new RateLimiter(0.5);
    limiter.take(0);
    expect(limiter.waitMs(500)).toBe(1500);
  });

  it('throws a message naming the value when the rate is not positive', () => {
    expect(() => new RateLimiter(0)).toThrow('Expected calls per second to be a positive finite number, got 0');
  });
});

describe('DurationStats', () => {
  it('returns the mean of the samples, then follows recent ones', () => {
    const stats = new DurationStats(2);
    expect(stats.estimate('k')).toBe(undefined);
    stats.record('k', 100);
    stats.record('k', 300);
    expect(stats.estimate('k')).toBe(200);
    stats.record('k', 1000);
    expect(stats.estimate('k')).toBe(600);
    stats.record('k', -5);
    expect(stats.estimate('k')).toBe(600);
  });
});

describe('backoffDelayMs', () => {
  it('grows by the factor up to the maximum and jitters downwards', () => {
    const policy = { baseMs: 100, factor: 2, maxMs: 500, jitter: 0.5 };
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(policy, n, () => 0))).toEqual([100, 200, 400, 500]);
    expect(backoffDelayMs(policy, 2, () => 0.999)).toBeCloseTo(100.1, 5);
  });
});
