import { describe, expect, it } from 'vitest';
import { dependence, titled } from './evidence.js';

describe('rule output-noun', () => {
  it('orders a step after the step whose verb its participle or noun names', () => {
    expect(dependence(titled('Draft the article', 'Research images', 'Proofread the drafted article'))).toContain(
      's1->s3: "s3" uses the drafted output of "s1"',
    );
    expect(dependence(titled('Simplify the text', 'Translate the notes into French', 'Count the words within the simplified text'))).toContain(
      's1->s3: "s3" works on the "simplifi" that "s1" produces',
    );
    expect(dependence(titled('Record the episode', 'Design the cover', 'Transcribe the recording'))).toContain(
      's1->s3: "s3" works on the "record" that "s1" produces',
    );
  });

  it('points "the generated speech" at the latest step not doing the same thing when no earlier verb matches', () => {
    expect(dependence(titled('Speak the text aloud', 'Convert the generated speech into video'))).toEqual([
      's1->s2: "s2" works on something generated before it: the output of "s1"',
    ]);
    // Consecutive steps with one verb are siblings: "the generated speech" is older than both.
    expect(dependence(titled('Read the text aloud', 'Convert the extracted text into audio', 'Convert the generated speech into video'))).toContain(
      's1->s3: "s3" works on something generated before it: the output of "s1"',
    );
  });

  it('does not read given inputs ("the provided image", "the specified file") as outputs', () => {
    expect(dependence(titled('Caption the photo', 'Crop the provided image'))).toEqual([]);
  });

  it('orders "all translations" after every earlier step about translations, the one just before and those after the first such step too', () => {
    const found = dependence(titled('Draft the French translation', 'Draft the Spanish translation', 'Review all translations', 'Draft the German translation', 'Check every translation'));
    expect(found).toEqual(
      expect.arrayContaining([
        's1->s3: "s3" covers all "translat" steps, "s1" among them',
        's2->s3: "s3" covers all "translat" steps, "s2" among them',
        's4->s5: "s5" covers all "translat" steps, "s4" among them',
      ]),
    );
  });
});
