import { describe, expect, it } from 'vitest';
import { dependence, titled } from './evidence.js';

describe('rule answer-references', () => {
  it('orders a step after the steps whose answers it names as "#k"', () => {
    const steps = titled('What is the population of Albany, Georgia?', 'What is the population of Albany, New York?', 'Is #1 greater than #2?');
    expect(dependence(steps)).toEqual(['s1->s3: "s3" uses the answer of "s1" (#1)', 's2->s3: "s3" uses the answer of "s2" (#2)']);
  });

  it('reads "#2s" and "#E1", and not a leading "#N" that is the step\'s own number', () => {
    const steps = titled('Find the animal in the photo', 'What animal class is #1?', 'Are #2s cold blooded?', '#4 - Translate #E1 into French');
    expect(dependence(steps)).toEqual([
      's1->s2: "s2" uses the answer of "s1" (#1)',
      's2->s3: "s3" uses the answer of "s2" (#2)',
      's1->s4: "s4" uses the answer of "s1" (#1)',
    ]);
  });

  it('beats a template match whose differing subject is the reference', () => {
    const steps = titled('What is Secretariat?', "What is #1's top speed?");
    expect(dependence(steps)).toContain('s1->s2: "s2" uses the answer of "s1" (#1)');
  });
});
