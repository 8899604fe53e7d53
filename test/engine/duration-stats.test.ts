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

describe('DurationStats.shapesMatter', () => {
  it('returns true for a tool it knows too little of, false for one whose calls take about as long', () => {
    const stats = new DurationStats();
    expect(stats.shapesMatter('srv/echo')).toBe(true);
    for (const ms of [2, 3, 2, 4]) stats.record('srv/echo', ms);
    expect(stats.shapesMatter('srv/echo')).toBe(true); // four samples: not yet trusted
    for (const ms of [3, 2, 3, 2]) stats.record('srv/echo', ms);
    expect(stats.shapesMatter('srv/echo')).toBe(false);
  });

  it('returns true for a tool whose calls differ by more than 5 ms and 10% of the mean', () => {
    const stats = new DurationStats();
    for (const ms of [10, 200, 15, 400, 20, 80, 10, 300]) stats.record('srv/wait', ms);
    expect(stats.shapesMatter('srv/wait')).toBe(true);
    const steady = new DurationStats();
    for (const ms of [1000, 1012, 990, 1005, 995, 1010]) steady.record('srv/slow', ms);
    expect(steady.shapesMatter('srv/slow')).toBe(false); // ~8 ms apart, under 10% of a second
  });

  it('returns false once a tool\'s call shapes never come again, true while some do', () => {
    const stats = new DurationStats(20, 10_000);
    for (let i = 0; i < 1023; i++) stats.record('srv/echo', i % 2 === 0 ? 10 : 100, `srv/echo#${i}`);
    expect(stats.shapesMatter('srv/echo')).toBe(true);
    stats.record('srv/echo', 10, 'srv/echo#new');
    expect(stats.shapesMatter('srv/echo')).toBe(false);
    const again = new DurationStats(20, 10_000);
    for (let i = 0; i < 2048; i++) again.record('srv/wait', i % 2 === 0 ? 10 : 100, `srv/wait#${i % 1500}`);
    expect(again.shapesMatter('srv/wait')).toBe(true); // 1,500 new shapes, 548 came again
  });

  it('keeps the spread across a snapshot, and loads older entries without one', () => {
    const stats = new DurationStats();
    for (const ms of [3, 3, 3, 3, 3, 3]) stats.record('srv/echo', ms);
    const copy = new DurationStats();
    copy.load(JSON.parse(JSON.stringify(stats.snapshot())) as unknown[]);
    expect(copy.shapesMatter('srv/echo')).toBe(false);
    copy.load([['srv/old', { mean: 5, count: 20 }]]);
    expect(copy.shapesMatter('srv/old')).toBe(true);
    expect(copy.estimate('srv/old')).toBe(5);
  });

  it('returns the same means whether or not the recorded key is the most recent one', () => {
    const stats = new DurationStats(20, 2);
    stats.record('a', 10);
    stats.record('a', 20);
    stats.record('b', 5);
    stats.record('a', 30);
    stats.record('c', 1); // evicts b, the least recently used
    expect([stats.estimate('a'), stats.estimate('b'), stats.estimate('c')]).toEqual([20, undefined, 1]);
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
