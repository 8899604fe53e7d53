import { describe, expect, it } from 'vitest';
import { edgePairs, independence, titled } from './evidence.js';

describe('rule parallel-markers', () => {
  it('makes a step that says "meanwhile" / "in parallel" independent of the one before it', () => {
    const steps = titled('Book the flight', 'Meanwhile, reserve a table for dinner');
    expect(independence(steps)).toEqual(['s1,s2: the plan says they run "meanwhile"']);
    expect(edgePairs(steps)).toEqual([]);
  });

  it('loses to evidence of dependence ("in parallel" but on the drafted article)', () => {
    expect(edgePairs(titled('Draft the article', 'In parallel, proofread the drafted article'))).toEqual(['s1->s2']);
  });
});
