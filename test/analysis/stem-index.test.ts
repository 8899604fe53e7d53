/**
 * StemIndex answers "which registered stems are related to this one" as a scan with
 * relatedStems would: the positions (forEachRelated), the stems (relatedStemList) and the
 * position lists (relatedRunLists, relatedLists with their stems).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StemIds, relatedStems } from '../../src/analysis/heuristic-text.js';
import { StemIndex } from '../../src/analysis/stem-index.js';

const stemArb = fc.oneof(
  fc.constantFrom('summar', 'summari', 'summarizat', 'sum', 'transcri', 'transcript', 'translat', 'translation', 'q3', 'batch12', 'record', 'recordin', 'rec', 'imag'),
  fc.stringMatching(/^[a-e]{2,9}$/),
);

describe('StemIndex', () => {
  it('finds the positions, stems and lists of the related stems a scan finds', () => {
    fc.assert(
      fc.property(fc.array(stemArb, { minLength: 1, maxLength: 30 }), stemArb, (stems, query) => {
        const index = new StemIndex();
        stems.forEach((s, k) => index.add(s, k));
        const expected = stems.flatMap((s, k) => (relatedStems(s, query) ? [k] : [])).sort((a, b) => a - b);
        const seen: number[] = [];
        index.forEachRelated(query, (k) => seen.push(k));
        expect([...new Set(seen)].sort((a, b) => a - b)).toEqual(expected);
        const into: string[] = [];
        const count = index.relatedStemList(query, into);
        const related = [...new Set(into.slice(0, count))].sort();
        expect(related).toEqual([...new Set(stems.filter((s) => relatedStems(s, query)))].sort());
        const lists: number[][] = [];
        const listCount = index.relatedRunLists(query, lists, []);
        expect([...new Set(lists.slice(0, listCount).flat())].sort((a, b) => a - b)).toEqual(expected);
        const stemLists: number[][] = [];
        const listStems: string[] = [];
        const stemCount = index.relatedLists(query, stemLists, listStems);
        expect([...new Set(listStems.slice(0, stemCount))].sort()).toEqual(related);
        // Each list: the positions of its stem, ascending.
        for (let x = 0; x < stemCount; x++) expect(stemLists[x]).toEqual(stems.flatMap((s, k) => (s === listStems[x] ? [k] : [])));
      }),
      { numRuns: 500 },
    );
  });

  it('answers as a scan when stems are added between the queries', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(stemArb, fc.boolean()), { minLength: 1, maxLength: 40 }), stemArb, (events, query) => {
        const index = new StemIndex();
        const added: string[] = [];
        events.forEach(([s, ask], k) => {
          index.add(s, k);
          added.push(s);
          if (!ask) return;
          const into: string[] = [];
          const count = index.relatedStemList(query, into);
          expect([...new Set(into.slice(0, count))].sort()).toEqual([...new Set(added.filter((a) => relatedStems(a, query)))].sort());
          const seen: number[] = [];
          index.forEachRelated(query, (p) => seen.push(p));
          expect([...new Set(seen)].sort((a, b) => a - b)).toEqual(added.flatMap((a, p) => (relatedStems(a, query) ? [p] : [])));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('lists each related stem once with its positions ascending', () => {
    const index = new StemIndex();
    ['summar', 'record', 'summar', 'summari', 'summar'].forEach((s, k) => index.add(s, k));
    const lists: number[][] = [];
    const stems: string[] = [];
    const count = index.relatedLists('summar', lists, stems);
    expect(stems.slice(0, count)).toEqual(['summar', 'summari']);
    expect(lists.slice(0, count)).toEqual([[0, 2, 4], [3]]);
  });

  it('answers the same given the analysis\'s stem ids as given the stems alone', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(stemArb, fc.boolean(), stemArb), { minLength: 1, maxLength: 40 }), (events) => {
        const ids = new StemIds();
        const byText = new StemIndex();
        const byId = new StemIndex();
        events.forEach(([s, ask, query], k) => {
          byText.add(s, k);
          byId.add(s, k, ids.of(s));
          if (!ask) return;
          const a: number[][] = [];
          const b: number[][] = [];
          const sa: string[] = [];
          const sb: string[] = [];
          const count = byText.relatedLists(query, a, sa);
          expect(byId.relatedLists(query, b, sb, ids.of(query))).toBe(count);
          expect(b.slice(0, count)).toEqual(a.slice(0, count));
          expect(sb.slice(0, count)).toEqual(sa.slice(0, count));
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('StemIds', () => {
  it('numbers the distinct stems of an analysis 0, 1, 2, ... and keeps each stem its id', () => {
    const ids = new StemIds();
    expect(['summar', 'record', 'summar', 'rec'].map((s) => ids.of(s))).toEqual([0, 1, 0, 2]);
    expect(ids.ofWord('recording')).toBe(ids.of('record'));
    expect(ids.stems).toEqual(['summar', 'record', 'rec']);
    // A new analysis numbers again from 0.
    expect(new StemIds().of('record')).toBe(0);
  });
});
