import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DurationStats } from '../../src/engine/duration-stats.js';
import type { ScheduledStep } from '../../src/engine/scheduler.js';
import { runToEnd, scriptedExecutor } from './fake-executor.js';

describe('DurationStats', () => {
  it('returns the call shape\'s own mean when it has one, else the tool\'s', () => {
    const stats = new DurationStats();
    stats.record('srv/wait', 300, 'srv/wait#long');
    stats.record('srv/wait', 10, 'srv/wait#short');
    expect(stats.estimate('srv/wait', 'srv/wait#long')).toBe(300);
    expect(stats.estimate('srv/wait', 'srv/wait#short')).toBe(10);
    expect(stats.estimate('srv/wait', 'srv/wait#never-seen')).toBe(155);
    expect(stats.estimate('srv/other', 'srv/other#x')).toBe(undefined);
  });

  it('drops the least recently used key when it holds more than its cap', () => {
    const stats = new DurationStats(20, 2);
    stats.record('a', 1);
    stats.record('b', 2);
    stats.record('a', 1);
    stats.record('c', 3);
    expect([stats.estimate('a'), stats.estimate('b'), stats.estimate('c')]).toEqual([1, undefined, 3]);
  });

  it('returns the same estimates after a snapshot is loaded into a new instance', () => {
    const stats = new DurationStats();
    stats.record('t', 100, 't#1');
    stats.record('t', 300, 't#2');
    const copy = new DurationStats();
    expect(copy.load(JSON.parse(JSON.stringify(stats.snapshot())) as unknown[])).toBe(3);
    expect([copy.estimate('t'), copy.estimate('t', 't#1'), copy.estimate('t', 't#2')]).toEqual([200, 100, 300]);
  });

  it('skips malformed saved entries and keeps what it recorded itself', () => {
    const stats = new DurationStats();
    stats.record('mine', 50);
    const loaded = stats.load([['mine', { mean: 9, count: 1 }], ['neg', { mean: -1, count: 1 }], ['nan', { mean: 'x', count: 1 }], 'junk', ['zero', { mean: 5, count: 0 }], ['ok', { mean: 7, count: 3 }]]);
    expect(loaded).toBe(1);
    expect([stats.estimate('mine'), stats.estimate('ok'), stats.estimate('neg')]).toEqual([50, 7, undefined]);
  });
});

describe('runSchedule with learned call shapes', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts the long call first on the second run of a fan-in whose long leaf is listed last', async () => {
    // Twenty 20 ms leaves, one 200 ms leaf listed last, all feeding one join; k = 4; one tool.
    const scripts: Record<string, { ms: number }> = { join: { ms: 10 }, long: { ms: 200 } };
    const ids = Array.from({ length: 20 }, (_, i) => `leaf${i}`);
    for (const id of ids) scripts[id] = { ms: 20 };
    const plan: ScheduledStep[] = [...ids, 'long'].map((id) => ({ id, dependsOn: [] as string[], durationKey: 'lat/wait', durationDetailKey: `lat/wait#${scripts[id]!.ms}` }));
    plan.push({ id: 'join', dependsOn: [...ids, 'long'], durationKey: 'lat/wait', durationDetailKey: 'lat/wait#10' });
    const durations = new DurationStats();
    const first = await runToEnd({ steps: plan, execute: scriptedExecutor(scripts).execute, maxConcurrency: 4, durations });
    const second = await runToEnd({ steps: plan, execute: scriptedExecutor(scripts).execute, maxConcurrency: 4, durations });
    expect(first.makespan_ms).toBe(310);
    expect(second.makespan_ms).toBe(210);
  });
});
