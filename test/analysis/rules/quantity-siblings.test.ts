import { describe, expect, it } from 'vitest';
import { dependence, edgePairs, independence, titled } from './evidence.js';

describe('rule quantity-siblings', () => {
  it('orders steps that ask one quantity of different subjects: the unknowns of one problem', () => {
    // ReWOO's GSM8K plan (test/fixtures/plans/corpus/rewoo.json, tuning part): Rebecca's hours are worked out from Thomas's.
    const steps = titled('Find out the number of hours Thomas worked.', 'Find out the number of hours Rebecca worked.');
    expect(dependence(steps)).toEqual([
      's1->s2: "s2" asks for the quantity "s1" asks for, of another subject (Rebecca after Thomas): the unknowns of one problem are worked out in turn',
    ]);
    expect(edgePairs(titled('Get how many days Anna stays', 'Get how many days Ben stays'))).toEqual(['s1->s2']);
  });

  it('leaves template siblings that ask for no quantity parallel, and compares only one template', () => {
    expect(edgePairs(titled('Search for more information about Nicholas Ray.', 'Search for more information about Elia Kazan.'))).toEqual([]);
    expect(independence(titled('Research Paris', 'Research London'))).toEqual(['s1,s2: the same template "Research {…}" with different subjects (Paris, London)']);
    // Two quantities of different templates give this rule no evidence.
    expect(dependence(titled('Find the number of visitors to Paris', 'Find the average rainfall in Lima')).filter((d) => d.includes('asks for the quantity'))).toEqual([]);
  });
});
