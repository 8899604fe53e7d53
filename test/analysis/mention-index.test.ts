import { describe, expect, it } from 'vitest';
import { mentionsWord } from '../../src/analysis/heuristic-text.js';
import { MentionIndex } from '../../src/analysis/mention-index.js';

const IDS = ['fetch', 'step_2', 'a.b', 'two words', 'x', 'Report-Final', 'é-id'];
const TITLES = ['Survey local bakeries', 'Survey local', 'Short', 'Research topic 1', 'Research topic 12', '  Padded Title  '];
const TEXTS = [
  'Use FETCH output and step_2.',
  'see a.b, then two words; x alone',
  'report-final vs report-finals vs Report_Final',
  'é-id and É-ID',
  'Map what Survey local bakeries found about research topic 12',
  'padded title and Short',
  '',
];

describe('MentionIndex', () => {
  it('returns the same ids as mentionsWord and the same titles as a lowercase includes', () => {
    const index = new MentionIndex();
    IDS.forEach((id, i) => index.add(i, id, TITLES[i]));
    for (const text of TEXTS) {
      const ids = IDS.flatMap((id, i) => (id.length >= 2 && mentionsWord(text, id) ? [i] : []));
      const titles = TITLES.flatMap((t, i) => {
        const title = t.trim().toLowerCase();
        return i < IDS.length && title.length >= 6 && text.toLowerCase().includes(title) ? [i] : [];
      });
      expect({ text, ids: [...new Set(index.idsIn(text))].sort(), titles: [...new Set(index.titlesIn(text))].sort() }).toEqual({ text, ids, titles });
    }
  });

  it('returns every position of ids that are one token once lowercased, in the order added', () => {
    const index = new MentionIndex();
    index.add(0, 'Fetch', undefined);
    index.add(1, 'other', undefined);
    index.add(2, 'fetch', undefined);
    index.add(3, 'FETCH', undefined);
    expect(index.idsIn('then fetch it')).toEqual([0, 2, 3]);
    expect(index.idsIn('other, Fetch')).toEqual([1, 0, 2, 3]);
  });

  it('returns a title mentioned inside a longer one, as the substring rule does', () => {
    const index = new MentionIndex();
    index.add(0, 'r1', 'Research topic 1');
    expect(index.titlesIn('Research topic 12')).toEqual([0]);
  });
});

describe('MentionIndex titles by hash', () => {
  it('tells apart titles of one length whose hashes collide ("b " and "a?" hash alike)', () => {
    const index = new MentionIndex();
    index.add(0, 'r1', 'topic a?tail');
    expect(index.titlesIn('see topic b tail here')).toEqual([]);
    index.add(1, 'r2', 'topic b tail');
    expect(index.titlesIn('see topic b tail here')).toEqual([1]);
    expect(index.titlesIn('see topic a?tail, topic b tail')).toEqual([0, 1]);
  });

  it('finds a repeated title at each place and for each step holding it', () => {
    const index = new MentionIndex();
    index.add(0, 'r1', 'Summarize the notes');
    index.add(1, 'r2', 'summarize the notes');
    expect(index.titlesIn('summarize the notes, then Summarize the notes')).toEqual([0, 1, 0, 1]);
  });
});
