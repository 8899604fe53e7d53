import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STOPWORDS, contentStemsOfWords, leadingVerbOfWords, participleStemsOfWords, stem, words } from '../../src/analysis/heuristic-text.js';
import { textOf } from '../../src/analysis/step-facts.js';
import { stepWordFacts, wordInfo } from '../../src/analysis/word-info.js';
import { loadCorpus } from '../../bench/corpus/corpus.js';
import { loadSeedPlans } from '../../bench/corpus/seeds.js';

const NONE: string[] = [];

/** What factsOf computed before word-info.ts, with heuristic-text's functions. */
function previous(ws: string[], withParticiples: boolean) {
  const verb = leadingVerbOfWords(ws);
  return { verb, textStems: contentStemsOfWords(ws, Infinity, verb), participles: withParticiples ? participleStemsOfWords(ws) : NONE };
}

const WORDS = [...STOPWORDS].slice(0, 30).concat(['please', 'then', 'drafted', 'translated', 'red', 'need', 'cities', 'city', '2023', '12', 'a1', 'ab', "it's", 'planned', 'ed', 'used', 'summarize', 'summary']);

describe('stepWordFacts against the functions it replaces', () => {
  it('gives the same verb, content stems and participles on generated word lists', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.stringMatching(/^[a-z0-9]{1,9}(?:'[a-z]{1,2})?$/)), { maxLength: 14 }), fc.boolean(), (ws, withParticiples) => {
        expect(stepWordFacts(ws, withParticiples, NONE)).toEqual(previous(ws, withParticiples));
      }),
      { numRuns: 3000, seed: 21 },
    );
  });

  it('gives the same on the texts of every seed and corpus plan', () => {
    let texts = 0;
    for (const plan of [...loadSeedPlans(), ...loadCorpus()]) {
      for (const step of plan.steps) {
        const lower = textOf(step).toLowerCase();
        const ws = words(lower);
        expect(stepWordFacts(ws, lower.includes('ed'), NONE)).toEqual(previous(ws, lower.includes('ed')));
        texts++;
      }
    }
    expect(texts).toBeGreaterThan(1000);
  });

  it('keeps one record per word, with the stem of `stem`', () => {
    expect(wordInfo('drafted')).toBe(wordInfo('drafted'));
    expect(wordInfo('drafted')).toEqual({ stem: stem('drafted'), content: true, filler: false, participle: true });
    expect(wordInfo('then')).toMatchObject({ content: false, filler: true });
    expect(wordInfo('2023')).toMatchObject({ content: false });
  });
});
