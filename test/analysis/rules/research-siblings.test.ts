import { describe, expect, it } from 'vitest';
import { edgePairs, independence } from './evidence.js';

describe('rule research-siblings', () => {
  it('makes research steps independent of each other', () => {
    const steps = [
      { id: 'a', title: 'Pricing of Acme', step_type: 'research' },
      { id: 'b', title: 'Reviews of Globex', step_type: 'research' },
    ];
    expect(independence(steps)).toEqual(['a,b: research steps (step_type "research") with their own subjects gather their own data']);
    expect(edgePairs(steps)).toEqual([]);
  });

  it('keeps research steps ordered when one works on the other\'s subject', () => {
    const steps = [
      { id: 'a', title: 'Find the supplier of Acme', step_type: 'research' },
      { id: 'b', title: 'Look up the address of the supplier', step_type: 'research' },
    ];
    expect(edgePairs(steps)).toEqual(['a->b']);
  });

  it('leaves out a research step that leans on a pronoun or an unspecified definite noun phrase', () => {
    const steps = [
      { id: 'a', step_type: 'research', description: 'Research which languages are most used in fintech' },
      { id: 'b', step_type: 'research', description: 'Research hiring costs for developers of the most used one' },
      { id: 'c', step_type: 'research', description: 'Research salaries of developers in Lagos' },
    ];
    expect(independence(steps)).toEqual(['a,c: research steps (step_type "research") with their own subjects gather their own data']);
    expect(edgePairs(steps)).toContain('a->b');
  });
});
