import { describe, expect, it } from 'vitest';
import { dependence, titled } from './evidence.js';

describe('rule refers-back', () => {
  it('orders a step after every earlier step when it refers to "the results above"', () => {
    expect(dependence(titled('Research Paris', 'Research London', 'Tabulate the results above'))).toEqual([
      's1->s3: "s3" refers back to the earlier results ("above")',
      's2->s3: "s3" refers back to the earlier results ("above")',
    ]);
  });

  it('orders a step after the previous one when it refers to "the previous step" or "its output"', () => {
    expect(dependence(titled('Research Paris', 'Research London', 'Tabulate the output of the previous step'))).toContain(
      's2->s3: "s3" refers to the previous step',
    );
  });
});
