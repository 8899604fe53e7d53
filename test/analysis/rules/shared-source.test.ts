import { describe, expect, it } from 'vitest';
import { edgePairs, independence } from './evidence.js';

describe('rule shared-source', () => {
  const steps = [
    { id: 'triage', title: 'Triage the incident' },
    { id: 'data', title: 'Fetch relevant data', description: 'Fetch the logs for the problem type found by triage.' },
    { id: 'metrics', title: 'Calculate metrics', description: 'Calculate latency metrics for the problem type identified in triage.' },
  ];

  it('makes steps that each name the same earlier step siblings', () => {
    expect(independence(steps)).toContain('data,metrics: each names the same input ("triage") and not each other');
    expect(edgePairs(steps)).toEqual(['triage->data', 'triage->metrics']);
  });

  it('loses to evidence of dependence between the siblings', () => {
    const linked = [...steps.slice(0, 2), { id: 'metrics', title: 'Calculate metrics', description: 'Calculate metrics from the data step for triage.' }];
    expect(edgePairs(linked)).toContain('data->metrics');
  });
});
