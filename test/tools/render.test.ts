import { describe, expect, it } from 'vitest';
import { roundedTiming } from '../../src/tools/render.js';

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
