import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { laterSentences } from '../../../src/analysis/rules/dependence/aggregation.js';
import { dependence, titled } from './evidence.js';

describe('rule aggregation', () => {
  it('orders a step that compares, summarizes or reports after every earlier step', () => {
    expect(dependence(titled('Research Paris', 'Research London', 'Compare the cities'))).toEqual([
      's1->s3: "s3" aggregates the earlier results',
      's2->s3: "s3" aggregates the earlier results',
    ]);
    expect(dependence(titled('Research Paris', 'Research London', 'Write the final report'))).toHaveLength(2);
  });

  it('orders a step with outside effects (publish, send, deploy) after every earlier step', () => {
    expect(dependence(titled('Research Paris', 'Research London', 'Publish the guide'))).toEqual([
      's1->s3: "s3" has outside effects, so it comes after the earlier steps',
      's2->s3: "s3" has outside effects, so it comes after the earlier steps',
    ]);
  });

  it('finds no evidence in a step that neither aggregates nor publishes', () => {
    expect(dependence(titled('Research Paris', 'Research London'))).toEqual([]);
  });
});

describe('rule aggregation: a later sentence', () => {
  it('orders a step whose later sentence compares or merges after every earlier step', () => {
    const steps = [...titled('Research Paris', 'Research London'), { id: 's3', title: 'Write a guide', description: 'Compare the cities.' }];
    expect(dependence(steps)).toEqual(['s1->s3: "s3" aggregates the earlier results', 's2->s3: "s3" aggregates the earlier results']);
  });

  it('finds no evidence when the later sentence merges within the step\'s own subject', () => {
    const steps = [
      { id: 's1', title: 'Export the orders table' },
      { id: 's2', title: 'Deduplicate the customer records', description: 'Merge customers that have one email address.' },
    ];
    expect(dependence(steps)).toEqual([]);
  });
});

describe('laterSentences', () => {
  it('gives the sentences after the first, as the lookbehind split does', () => {
    const piece = fc.constantFrom('Merge', 'the', 'data', '.', '!', '?', ';', ':', ' ', '  ', '\n', '\t', 'x.y', "it's", '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(laterSentences(text)).toEqual(text.split(/(?<=[.!?;:])\s+/).slice(1));
      }),
      { numRuns: 2000 },
    );
  });
});
