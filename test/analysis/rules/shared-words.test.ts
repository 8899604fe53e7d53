import { describe, expect, it } from 'vitest';
import { dependence, titled } from './evidence.js';

describe('rule shared-words', () => {
  it('orders a step after an earlier step whose headline names the same thing', () => {
    expect(dependence(titled('Download the housing dataset', 'Clean the dataset'))).toEqual([
      's2->s2: x'.replace('s2->s2: x', 's1->s2: "s2" works on "dataset", which "s1" handles first'),
    ]);
  });

  it('ignores generic words and the frame that template siblings share', () => {
    expect(dependence(titled('Describe the provided image', 'Caption the provided image'))).toEqual([]);
    expect(dependence(titled('Research top attractions in Paris', 'Research top attractions in London'))).toEqual([]);
  });
});
