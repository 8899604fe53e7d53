import { describe, expect, it } from 'vitest';
import { edgePairs, independence, titled } from './evidence.js';

describe('rule marked-references', () => {
  it('in a plan that marks references as "#k", keeps apart the steps that mark none and the steps not marked', () => {
    const steps = titled('How tall is Mount Fuji?', 'What is the maximum depth of the Sea of Japan?', 'Is #1 greater than #2?', 'What is the tallest building in #1?');
    // s1 and s2 are a group of fan-in-inputs (s3 takes both), whose reason is listed instead of the pair's.
    expect(independence(steps)).toEqual([
      's1,s2: "s3" takes them as separate inputs (#1, #2)',
      's3,s4: "s4" marks the answers it uses (#1) and not "s3"',
      's2,s4: "s4" marks the answers it uses (#1) and not "s2"',
    ]);
    expect(edgePairs(steps)).toEqual(['s1->s3', 's2->s3', 's1->s4']);
  });

  it('keeps a step that marks none apart from the earlier steps', () => {
    const steps = titled('How tall is Mount Fuji?', 'What is the tallest building in #1?', 'What is the maximum depth of the Sea of Japan?');
    expect(independence(steps)).toEqual(['s2,s3: the plan marks the answers a step uses (#k); "s3" marks none', 's1,s3: the plan marks the answers a step uses (#k); "s3" marks none']);
    expect(edgePairs(steps)).toEqual(['s1->s2']);
  });

  it('judges no plan that marks no reference', () => {
    const steps = titled('How tall is Mount Fuji?', 'What is the maximum depth of the Sea of Japan?', 'Compare the two numbers');
    expect(independence(steps).filter((e) => e.includes('marks'))).toEqual([]);
  });

  it('judges no plan whose "#N" names no earlier step (an issue number)', () => {
    const steps = titled('Fetch issue #7 from the tracker', 'What label does #1 carry?', 'Post a summary to the channel');
    expect(independence(steps).filter((e) => e.includes('marks'))).toEqual([]);
  });

  it('yields to dependence evidence: a pronoun still orders the step', () => {
    const steps = titled('Find the opening line of Hamlet', 'When was #1 written?', 'Translate it into French');
    expect(edgePairs(steps)).toContain('s2->s3');
  });
});
