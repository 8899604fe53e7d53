import { describe, expect, it } from 'vitest';
import { edgePairs, independence, titled } from './evidence.js';

describe('rule participle-inputs', () => {
  it('makes a step that names its input by the step that made it independent of the steps it does not name', () => {
    const steps = titled('Draft the article', 'Order the prints', 'Edit the drafted article');
    expect(independence(steps)).toContain('s2,s3: "s3" names its input by the step that made it ("drafted": "s1") and not "s2"');
    expect(edgePairs(steps)).toEqual(['s1->s2', 's1->s3']);
  });

  it('reads a noun naming what an earlier step makes ("the transcript") the same way', () => {
    const steps = titled('Transcribe the recording', 'Edit the audio', 'Write show notes from the transcript');
    expect(independence(steps)).toContain('s2,s3: "s3" names its input by the step that made it ("transcript": "s1") and not "s2"');
    expect(edgePairs(steps)).toEqual(['s1->s2', 's1->s3']);
  });

  it('reads the name only where a step names its input: the object of its verb, or after "from"', () => {
    // "in the preheated oven" is a place: what goes in is the dough of the step before.
    expect(edgePairs(titled('Preheat the oven', 'Knead the dough', 'Place in the preheated oven'))).toContain('s2->s3');
    // "with the thawed concentrates" is a second input: the syrup is the first.
    expect(edgePairs(titled('Thaw the concentrates', 'Boil the water and sugar into a syrup', 'Mix the syrup with the thawed concentrates'))).toContain('s2->s3');
  });

  it('is no evidence for a computed result: the latest computation may have made it', () => {
    expect(edgePairs(titled('Calculate the total', 'Find a multiple of the total', 'Factor the calculated number'))).toContain('s2->s3');
  });
});
