import { describe, expect, it } from 'vitest';
import { edgePairs, independence, titled } from './evidence.js';

describe('rule fan-in-sources', () => {
  it('makes the steps a later step takes as separate inputs independent of each other', () => {
    const steps = titled('Gather support tickets', 'Gather app reviews', 'Cluster the feedback from steps 1 and 2');
    expect(independence(steps)).toContain('s1,s2: "s3" takes them as separate inputs ("s1", "s2")');
    expect(edgePairs(steps)).toEqual(['s1->s3', 's2->s3']);
  });
});
