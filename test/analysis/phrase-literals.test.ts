/**
 * The phrase patterns run only on texts holding one of their literals (`containsAny`): a
 * pattern must never match a text whose lowercase form holds none of them, or skipping it
 * would change the analysis. Checked on generated texts built from the patterns' own words
 * and on the tuning part of the corpus; and the generator is strong enough to catch a
 * literal left out of any list.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../bench/corpus/corpus.js';
import {
  AGGREGATION_LITERALS,
  AGGREGATION_PHRASES,
  BACKWARD_ALL_LITERALS,
  BACKWARD_ALL_PHRASES,
  BACKWARD_ONE_LITERALS,
  BACKWARD_ONE_PHRASES,
  OBJECT_PRONOUN,
  OBJECT_PRONOUN_LITERALS,
  containsAny,
  literalTest,
} from '../../src/analysis/heuristic-text.js';
import { DEMONSTRATIVE, DEMONSTRATIVE_LITERALS } from '../../src/analysis/rules/dependence/pronoun.js';
import { AFTER_ALL, AFTER_ALL_LITERALS, AFTER_PREVIOUS, AFTER_PREVIOUS_LITERALS } from '../../src/analysis/rules/dependence/temporal.js';
import { PARALLEL_MARKER, PARALLEL_MARKER_LITERALS } from '../../src/analysis/rules/independence/parallel-markers.js';
import { textOf } from '../../src/analysis/step-facts.js';

const GATES: Array<{ name: string; patterns: readonly RegExp[]; literals: readonly string[] }> = [
  { name: 'aggregation phrases', patterns: AGGREGATION_PHRASES, literals: AGGREGATION_LITERALS },
  { name: 'backward-all phrases', patterns: BACKWARD_ALL_PHRASES, literals: BACKWARD_ALL_LITERALS },
  { name: 'backward-one phrases', patterns: BACKWARD_ONE_PHRASES, literals: BACKWARD_ONE_LITERALS },
  { name: 'object pronoun', patterns: [OBJECT_PRONOUN], literals: OBJECT_PRONOUN_LITERALS },
  { name: 'demonstrative', patterns: [DEMONSTRATIVE], literals: DEMONSTRATIVE_LITERALS },
  { name: 'after previous', patterns: [AFTER_PREVIOUS], literals: AFTER_PREVIOUS_LITERALS },
  { name: 'after all', patterns: [AFTER_ALL], literals: AFTER_ALL_LITERALS },
  { name: 'parallel marker', patterns: [PARALLEL_MARKER], literals: PARALLEL_MARKER_LITERALS },
];

/** The words and word sequences ("in the end") of the patterns' alternatives, and some plain words. */
const VOCABULARY = [
  ...new Set(
    GATES.flatMap((g) => g.patterns.map((p) => p.source.replace(/\\[a-zA-Z]/g, ' '))) // "\\ball" is "all"
      .flatMap((source) => [...(source.match(/[a-z]+/g) ?? []), ...(source.match(/[a-z]+(?: [a-z]+)+/g) ?? [])])
      .concat(
      'the of a it them this that these those all every step steps results output Paris report up out on draft data'.split(' '),
    ),
  ),
];
const SEPARATORS = [' ', ' ', ' ', '  ', '\t', '\n', '. ', ': ', '; ', '! ', '? ', ', ', "'s ", '-', '_'];

/** Texts of 1-8 vocabulary words with random separators and letter case. */
const textArb = fc
  .array(fc.tuple(fc.constantFrom(...VOCABULARY), fc.constantFrom(...SEPARATORS), fc.constantFrom('lower', 'upper', 'title')), { minLength: 1, maxLength: 8 })
  .map((parts) =>
    parts
      .map(([word, separator, letterCase]) => (letterCase === 'upper' ? word.toUpperCase() : letterCase === 'title' ? word[0]!.toUpperCase() + word.slice(1) : word) + separator)
      .join(''),
  );

const matchesAny = (patterns: readonly RegExp[], text: string) => patterns.some((p) => new RegExp(p.source, p.flags.replace('g', '')).test(text));

/** A text some pattern matches although its lowercase form holds none of the literals, if the generator finds one. */
function counterexample(patterns: readonly RegExp[], literals: readonly string[], seed: number): string | undefined {
  const found = fc.check(
    fc.property(textArb, (text) => !matchesAny(patterns, text) || containsAny(text.toLowerCase(), literals)),
    { numRuns: 3000, seed },
  );
  return found.failed ? found.counterexample![0] : undefined;
}

/** Per literal, a text (the first of several that its list's patterns match) holding no other literal of its list. */
const EXAMPLES: Record<string, string | string[]> = {
  'all of the above': 'Use all of the above.',
  'final ': 'Write the final answer',
  report: 'Write a report',
  summary: 'Produce a short summary',
  overview: 'Create an overview',
  comparison: 'Prepare a comparison',
  conclusion: 'Write the conclusion',
  recommendation: 'Generate recommendations',
  brief: 'Write a brief',
  digest: 'Compile a weekly digest',
  memo: 'Write a memo',
  synthesis: 'Produce a synthesis',
  ranking: 'Create a ranking',
  'across ': 'Look across all regions',
  'between ': 'Check between both',
  above: 'Tabulate the results above',
  'so far': 'Tabulate what we know so far',
  gathered: 'Use what was gathered',
  collected: 'Use the collected facts',
  previous: ['Use previous findings', 'Use the previous step'],
  prior: ['Use prior findings', 'Use the prior step'],
  preceding: ['Use preceding findings', 'Use the preceding step'],
  earlier: 'Use earlier findings',
  'all ': 'Use all findings',
  'last ': 'Use the last one',
  ' output': 'Edit its output',
  ' result': 'Edit that result',
  ' answer': 'Edit this answer',
  it: 'Translate it',
  th: 'Check them',
  this: 'Resize this image',
  that: 'Resize that image',
  these: 'Resize these images',
  those: 'Resize those images',
  said: 'Resize said image',
  its: 'Based on its colour',
  their: 'Sort by their colour',
  then: 'Then draft',
  next: 'Next, draft',
  after: 'After that, draft',
  subsequently: 'Subsequently draft',
  following: 'Following that, draft',
  once: 'Once done, draft',
  when: 'When it is done, draft',
  with: 'With this done, draft',
  finally: 'Finally draft',
  lastly: 'Lastly draft',
  'the end': 'In the end, draft',
  'last of all': 'Last of all, draft',
  parallel: 'In parallel, draft',
  independently: 'Independently, draft',
  'same time': 'At the same time, draft',
  simultaneously: 'Simultaneously draft',
  concurrently: 'Concurrently draft',
  meanwhile: 'Meanwhile, draft',
  meantime: 'In the meantime, draft',
  separately: 'Separately draft',
};

const corpusTexts = loadCorpus()
  .filter((p) => p.part === 'tuning')
  .flatMap((p) => p.steps.map(textOf));

describe('phrase literals gate the phrase patterns', () => {
  for (const { name, patterns, literals } of GATES) {
    it(`${name}: no match without a literal, on generated texts, the examples and the tuning corpus`, () => {
      expect(counterexample(patterns, literals, 1)).toBeUndefined();
      const texts = [...corpusTexts, ...Object.values(EXAMPLES).flat()];
      expect(texts.filter((t) => matchesAny(patterns, t) && !containsAny(t.toLowerCase(), literals))).toEqual([]);
    });

    it(`${name}: each literal is needed: a text the patterns match holds it and no other`, () => {
      for (const literal of literals) {
        const example = [EXAMPLES[literal] ?? []].flat().find((text) => matchesAny(patterns, text));
        expect(example, `an example for "${literal}"`).toBeDefined();
        expect(matchesAny(patterns, example!), example).toBe(true);
        expect(literals.filter((l) => example!.toLowerCase().includes(l)), example).toEqual([literal]);
      }
    });
  }
});

describe('literalTest: one regular expression per literal list', () => {
  const lists = [...GATES.map((g) => g.literals), ['all', 'every', 'each of'], ['a.b', '(x)', 'c|d', '[e]', '\\', '$^', 'f*+?', '{g}', '/'], []];
  /** Lowercase texts from the literals' own characters and words, so hits and misses are both common. */
  const lowerArb = fc
    .array(fc.oneof(fc.constantFrom(...lists.flat(), ' ', '.', 'e', 'th', 'al', 'l'), fc.string({ maxLength: 3 })), { maxLength: 10 })
    .map((parts) => parts.join('').toLowerCase());

  it('answers as containsAny does, on generated texts and the tuning corpus', () => {
    for (const literals of lists) {
      const test = literalTest(literals);
      fc.assert(fc.property(lowerArb, (lower) => test.test(lower) === containsAny(lower, literals)), { numRuns: 2000, seed: 3 });
      for (const text of corpusTexts) expect(test.test(text.toLowerCase()), text).toBe(containsAny(text.toLowerCase(), literals));
    }
  });

  it('an empty list matches nothing, as containsAny finds nothing', () => {
    expect(literalTest([]).test('')).toBe(false);
    expect(literalTest([]).test('anything')).toBe(false);
  });
});
