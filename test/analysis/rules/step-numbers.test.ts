import { describe, expect, it } from 'vitest';
import { dependence, titled } from './evidence.js';

describe('rule step-numbers', () => {
  it('orders a step after "step N", "steps N-M" and "subgoal N"', () => {
    const steps = titled('Fetch A', 'Fetch B', 'Fetch C', 'Tag the output of steps 1-3', 'Check the country found in Subgoal 2');
    expect(dependence(steps)).toEqual([
      's1->s4: "s4" refers to step 1',
      's2->s4: "s4" refers to step 2',
      's3->s4: "s4" refers to step 3',
      's2->s5: "s5" refers to step 2',
    ]);
  });
});
