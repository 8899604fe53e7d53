import { describe, expect, it } from 'vitest';
import { formatMs, roundedTiming } from '../../src/tools/render.js';

describe('roundedTiming', () => {
  it('makes the rounded start plus the rounded duration the rounded end', () => {
    // Rounded separately, a step from 10.26 to 34.84 would read 10.3 + 24.6 = 34.9, past its
    // true (rounded) end of 34.8 — after a dependent that started at 34.8.
    for (let i = 0; i < 2000; i++) {
      const start = i * 0.037;
      const end = start + ((i * 7919) % 997) * 0.013;
      const t = roundedTiming({ started_ms: start, ended_ms: end });
      expect(Math.abs(t.started_ms! + t.duration_ms! - Math.round(end * 10) / 10)).toBeLessThan(1e-9);
    }
  });

  it('falls back to the duration when no end is recorded and gives nothing for a step that never started', () => {
    expect(roundedTiming({ started_ms: 1.04, duration_ms: 2.04 })).toEqual({ started_ms: 1, duration_ms: 2.1 });
    expect(roundedTiming({})).toEqual({});
  });
});

describe('formatMs', () => {
  it('writes what its template writes, for whole and fractional ms under and over a second (the cached ones too, twice)', () => {
    const previous = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);
    const values = [-1.6, -0.4, -0, 0, 0.49, 0.5, 1, 998.6, 999.4, 999.5, 1000, 12_345.6, NaN];
    for (let i = 0; i < 2200; i++) values.push(i * 0.51);
    for (const round of [1, 2]) {
      for (const ms of values) expect(`${round}:${formatMs(ms)}`).toBe(`${round}:${previous(ms)}`);
    }
  });
});
