import { describe, expect, it } from 'vitest';
import { dependence } from './evidence.js';

describe('rule processing-after-research', () => {
  it('orders a processing step that states no inputs after the research steps before it', () => {
    const steps = [
      { id: 'r1', title: 'Look into A', step_type: 'research' },
      { id: 'r2', title: 'Look into B', step_type: 'research' },
      { id: 'p', title: 'Tabulate', step_type: 'processing' },
    ];
    expect(dependence(steps)).toEqual([
      'r1->p: processing step "p" waits for the research before it',
      'r2->p: processing step "p" waits for the research before it',
    ]);
  });

  it('trusts a processing step that states its inputs with depends_on', () => {
    const steps = [
      { id: 'r1', title: 'Look into A', step_type: 'research' },
      { id: 'r2', title: 'Look into B', step_type: 'research' },
      { id: 'p', title: 'Tabulate', step_type: 'processing', depends_on: ['r2'] },
    ];
    expect(dependence(steps)).toEqual([]);
  });
});
