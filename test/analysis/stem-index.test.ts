/**
 * StemIndex answers "which registered stems are related to this one" as a scan with
 * relatedStems would: the positions (forEachRelated), the stems (relatedStemList) and the
 * position lists (relatedRunLists, relatedLists with their stems).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relatedStems } from '../../src/analysis/heuristic-text.js';
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
});
