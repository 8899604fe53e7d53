import { describe, expect, it } from 'vitest';
import type { AnalysisStep } from '../../../src/analysis/schema.js';
import { dependence, edgePairs } from './evidence.js';

const get = (id: string, repo: string): AnalysisStep => ({ id, tool: 'get_repo', arguments: { owner: 'acme', repo } });

describe('rule id-ranges', () => {
  it('orders a step after every step of an id range it names, not only the two ends', () => {
    // Without the rule only call_p1 and call_p3 are mentioned; the read-only call_p2 is left unordered.
    const steps: AnalysisStep[] = [
      get('call_p1', 'web'),
      get('call_p2', 'api'),
      get('call_p3', 'cli'),
      { id: 'call_p4', tool: 'render_chart', arguments: { values: [3, 2, 1] }, description: 'star counts from call_p1..call_p3' },
    ];
    expect(dependence(steps)).toContain('call_p2->call_p4: "call_p4" names the range call_p1..call_p3, which holds "call_p2"');
    expect(edgePairs(steps)).toContain('call_p2->call_p4');
  });

  it('reads "-", "to" and "through" between ids, and leaves steps outside the range alone', () => {
    const steps: AnalysisStep[] = [
      get('t1', 'a'),
      get('t2', 'b'),
      get('t3', 'c'),
      get('t4', 'd'),
      { id: 't5', tool: 'render_chart', arguments: { values: [1, 2] }, description: 'star counts from t1 through t3' },
      { id: 't6', tool: 'plot_bars', arguments: { values: [3, 4] }, description: 'star counts of t2-t4' },
    ];
    const found = dependence(steps);
    // The ends are mentions; the middle is the range's.
    expect(found).toContain('t2->t5: "t5" names the range t1..t3, which holds "t2"');
    expect(found).toContain('t3->t6: "t6" names the range t2..t4, which holds "t3"');
    expect(found.filter((e) => e.startsWith('t4->t5') || e.startsWith('t1->t6'))).toEqual([]);
  });

  it('ignores a range whose ends are not step ids or run backwards', () => {
    const steps: AnalysisStep[] = [get('s1', 'a'), get('s2', 'b'), { id: 's3', tool: 'get_repo', arguments: { repo: 'c' }, description: 'versions v1..v3, s2 to s1' }];
    expect(dependence(steps).filter((e) => e.includes('range'))).toEqual([]);
  });
});
