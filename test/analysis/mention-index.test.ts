import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mentionsWord } from '../../src/analysis/heuristic-text.js';
import { MentionIndex, lowercaseTokenIds, mentionsOf } from '../../src/analysis/mention-index.js';
import { MentionIndex as PreviousMentionIndex, mentionsOf as previousMentionsOf } from '../helpers/previous-mention-index.js';

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

describe('mentionsOf against the previous index (test/helpers/previous-mention-index.ts)', () => {
  const ID_PARTS = ['step_1', 'step_12', 's2', 'fetch', 'Fetch', 'a', 'x-y', 'two words', 'a.b', 'é1', '1'];
  const TITLE_PARTS = ['Research topic 1', 'Research topic 12', 'Summarize step_1', 'Short', '  Fetch data  ', 'compare results'];
  const planArb = fc
    .array(
      fc.record({
        id: fc.oneof(fc.constantFrom(...ID_PARTS), fc.stringMatching(/^[a-z0-9_-]{1,6}$/)),
        title: fc.option(fc.constantFrom(...TITLE_PARTS), { nil: undefined }),
        text: fc.array(fc.constantFrom(...ID_PARTS, ...TITLE_PARTS, 'and', 'the', '.', ','), { maxLength: 6 }).map((w) => w.join(' ')),
      }),
      { minLength: 1, maxLength: 12 },
    )
    .map((steps) => {
      // Distinct ids, as an analysis has them; sometimes all lowercase token ids (the new index's shortcut), sometimes not.
      const seen = new Set<string>();
      return steps.filter((s) => !seen.has(s.id) && seen.add(s.id));
    });

  it('gives the same mentions, with and without the shortcut for lowercase token ids', () => {
    let shortcut = 0;
    fc.assert(
      fc.property(planArb, (steps) => {
        const order = steps.map((s) => s.id);
        const facts = steps.map((s) => ({ text: s.text, lower: s.text.toLowerCase(), step: { title: s.title } }));
        const position = new Map(order.map((id, k) => [id, k]));
        if (lowercaseTokenIds(order, position) !== undefined) shortcut++;
        expect(mentionsOf({ order, facts, position })).toEqual(previousMentionsOf({ order, facts }));
        expect(mentionsOf({ order, facts })).toEqual(previousMentionsOf({ order, facts }));
      }),
      { numRuns: 1500, seed: 10 },
    );
    expect(shortcut).toBeGreaterThan(100);
  });

  it('gives the same mentions with titles starting with many different units, and ids next to other characters', () => {
    // 70 distinct first units, surrogate halves, capitals beside ids, a Kelvin sign that lowercases to "k".
    const units = [...Array.from({ length: 70 }, (_, i) => String.fromCharCode(0x4e00 + i)), '\ud83d\ude00', 'K', '\u212a'];
    const planArb2 = fc
      .array(
        fc.record({
          id: fc.oneof(fc.constantFrom('step_1', 'step_2', 'k1', 'fetch', 'x-y', 'sx', 's2'), fc.integer({ min: 0, max: 999 }).map((n) => `t${n}`)),
          title: fc.option(fc.tuple(fc.constantFrom(...units), fc.constantFrom('title one', 'kelvin', 'step_1 x')).map(([u, t]) => `${u}${t}`), { nil: undefined }),
          text: fc.array(fc.constantFrom(...units, 'title one', 'STEP_1', 'step_1', 'step_1é', 'k1', '\u212a1', 'fetch-x', 'x-y', '_sx', 's2', 't12', 't7', ' ', '.'), { maxLength: 8 }).map((w) => w.join('')),
        }),
        { minLength: 1, maxLength: 120 },
      )
      .map((steps) => {
        const seen = new Set<string>();
        return steps.filter((s) => !seen.has(s.id) && seen.add(s.id));
      });
    fc.assert(
      fc.property(planArb2, (steps) => {
        const order = steps.map((s) => s.id);
        const facts = steps.map((s) => ({ text: s.text, lower: s.text.toLowerCase(), step: { title: s.title } }));
        const position = new Map(order.map((id, k) => [id, k]));
        expect(mentionsOf({ order, facts, position })).toEqual(previousMentionsOf({ order, facts }));
      }),
      { numRuns: 400, seed: 11 },
    );
    const many = new MentionIndex();
    units.forEach((u, i) => many.add(i, `id${i}`, `${u}title one`));
    expect(many.titlesIn(`see ${units[69]}title one and ${units[0]}title one`)).toEqual([69, 0]);
  });
});

describe('MentionIndex titles looked up whole (against the hashing index of test/helpers/previous-mention-index.ts)', () => {
  // First units 1024 apart share a slot of the first-unit table ("a" and U+0461); heads 4096
  // apart share one of the head table; lengths arrive in any order; titles repeat and nest.
  const FIRST = ['a', '\u0461', 'b', 'A', '\u212a', 'k'];
  const PARTS = ['bc', 'bcd', 'bc d', 'xyz', 'step_1', ' ', '1', '12', 'é'];
  const titleArb = fc.tuple(fc.constantFrom(...FIRST), fc.array(fc.constantFrom(...PARTS), { minLength: 1, maxLength: 6 })).map(([u, p]) => `${u}${p.join('')}`);
  const planArb = fc.array(fc.record({ title: fc.option(titleArb, { nil: undefined }), text: fc.array(fc.oneof(titleArb, fc.constantFrom(...FIRST, ...PARTS)), { maxLength: 8 }).map((w) => w.join('')) }), { minLength: 1, maxLength: 40 });

  it('finds the same titles at each step, in the same order and with repeats', () => {
    fc.assert(
      fc.property(planArb, (steps) => {
        const now = new MentionIndex();
        const before = new PreviousMentionIndex();
        steps.forEach((s, k) => {
          expect(now.titlesIn(s.text)).toEqual(before.titlesIn(s.text));
          now.add(k, `id${k}`, s.title);
          before.add(k, `id${k}`, s.title);
        });
      }),
      { numRuns: 1500, seed: 12 },
    );
  });

  it('reports the titles found at one place shortest first, whatever order their lengths came in', () => {
    const index = new MentionIndex();
    index.add(0, 'r0', 'Research topic 12');
    index.add(1, 'r1', 'Research topic 1');
    index.add(2, 'r2', 'Research topic 123');
    index.add(3, 'r3', '\u0461esearch topic 1');
    expect(index.titlesIn('research topic 1234 and \u0461esearch topic 1')).toEqual([1, 0, 2, 3]);
  });
});
