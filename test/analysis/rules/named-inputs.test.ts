import { describe, expect, it } from 'vitest';
import { edgePairs, independence, titled } from './evidence.js';

describe('rule named-inputs', () => {
  it('makes a step that names its input step independent of the steps it does not name', () => {
    const steps = titled('Search flights to Lisbon', 'Search hotels in Lisbon', 'Book the cheapest flight found in step 1');
    expect(independence(steps)).toContain('s2,s3: "s3" names its inputs ("s1") and not "s2"');
    expect(edgePairs(steps)).toEqual(['s1->s2', 's1->s3']);
  });
});
