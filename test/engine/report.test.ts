import { describe, expect, it } from 'vitest';
import { graphFromEdges } from '../../src/engine/graph.js';
import { PRESETS } from '../../src/engine/presets.js';
import { renderFlowchart, renderGantt, summarizeSchedule } from '../../src/engine/report.js';
import type { ScheduleResult } from '../../src/engine/scheduler.js';

const graph = graphFromEdges(['a', 'b', 'c', 'd'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }]);
const result: ScheduleResult = {
  makespan_ms: 9000,
  records: [
    { id: 'a', status: 'ok', attempts: 1, started_ms: 0, ended_ms: 3000, duration_ms: 3000, result: {} },
    { id: 'b', status: 'ok', attempts: 1, started_ms: 3000, ended_ms: 6000, duration_ms: 3000, result: {} },
    { id: 'c', status: 'failed', attempts: 2, started_ms: 6000, ended_ms: 9000, duration_ms: 3000, error: { code: 'timeout', message: 't' } },
    { id: 'd', status: 'skipped', attempts: 0, reason: 'dependency "x" failed' },
  ],
};

describe('summarizeSchedule', () => {
  it('returns counts, sum, speedup, measured critical path, lower bound and efficiency', () => {
    expect(summarizeSchedule(result, graph, 2)).toEqual({
      total: 4,
      succeeded: 2,
      failed: 1,
      skipped: 1,
      cancelled: 0,
      makespan_ms: 9000,
      sum_ms: 9000,
      speedup: 1,
      critical_path: { steps: ['a', 'b', 'c'], ms: 9000 },
      lower_bound_ms: 9000,
      efficiency: 1,
      max_concurrency: 2,
    });
  });

  it('returns sum / k as the lower bound and null concurrency when work dominates or k is unlimited', () => {
    const flat: ScheduleResult = {
      makespan_ms: 2500,
      records: ['p', 'q', 'r', 's'].map((id, i) => ({ id, status: 'ok', attempts: 1, started_ms: i * 500, ended_ms: i * 500 + 1000, duration_ms: 1000 })),
    };
    const flatGraph = graphFromEdges(['p', 'q', 'r', 's'], []);
    expect(summarizeSchedule(flat, flatGraph, 2)).toMatchObject({ sum_ms: 4000, speedup: 1.6, lower_bound_ms: 2000, efficiency: 0.8, max_concurrency: 2 });
    expect(summarizeSchedule(flat, flatGraph, Infinity)).toMatchObject({ lower_bound_ms: 1000, efficiency: 0.4, max_concurrency: null });
  });

  it('returns a neutral summary when nothing ran', () => {
    expect(summarizeSchedule({ makespan_ms: 0, records: [] }, graphFromEdges([], []), 4)).toEqual({
      total: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, makespan_ms: 0, sum_ms: 0, speedup: 1,
      critical_path: { steps: [], ms: 0 }, lower_bound_ms: 0, efficiency: 1, max_concurrency: 4,
    });
  });
});

describe('renderGantt', () => {
  it('renders one bar per step that ran, tagged by status, and a comment for steps that did not', () => {
    expect(renderGantt(result.records, 'run: plan; #1')).toBe(
      [
        'gantt',
        '    title run plan 1',
        '    dateFormat x',
        '    axisFormat %S.%L s',
        '    a :done, t0, 0, 3000',
        '    b :done, t1, 3000, 6000',
        '    c (failed) :crit, t2, 6000, 9000',
        '    %% d skipped (dependency "x" failed)',
      ].join('\n'),
    );
  });

  it('gives zero-length steps one millisecond and uses minutes on long runs', () => {
    expect(
      renderGantt([
        { id: 'x:y', status: 'cancelled', attempts: 1, started_ms: 70_000.4, ended_ms: 70_000.2, duration_ms: 0 },
      ]),
    ).toBe(['gantt', '    dateFormat x', '    axisFormat %M:%S', '    x y (cancelled) :active, t0, 70000, 70001'].join('\n'));
  });
});

describe('renderFlowchart', () => {
  it('renders sanitized node ids, escaped labels and one arrow per edge', () => {
    const g = graphFromEdges(['end', 'a b', 'q"'], [{ from: 'end', to: 'a b' }, { from: 'end', to: 'q"' }]);
    expect(renderFlowchart(g, new Map([['end', 'end: <fetch>']]))).toBe(
      ['flowchart LR', '    s0["end: #lt;fetch#gt;"]', '    s1["a b"]', '    s2["q#quot;"]', '    s0 --> s1', '    s0 --> s2'].join('\n'),
    );
  });
});

describe('PRESETS', () => {
  it('returns more concurrency for speed and more retries for reliability', () => {
    expect(PRESETS.speed.max_concurrency).toBeGreaterThan(PRESETS.balanced.max_concurrency);
    expect(PRESETS.reliability.retries).toBeGreaterThan(PRESETS.balanced.retries);
    expect(PRESETS.cost.failure_mode).toBe('fail_fast');
  });
});
