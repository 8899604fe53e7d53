import { describe, expect, it } from 'vitest';
import { dependence, titled } from './evidence.js';

describe('rule temporal-words', () => {
  it('orders "Then ...", "After that ...", "Once done, ..." after the previous step', () => {
    for (const opening of ['Then', 'After that,', 'Once done,', 'Next,']) {
      expect(dependence(titled('Translate the notes into French', `${opening} translate the notes into German`))).toContain(
        `s1->s2: "s2" says "${opening.replace(',', '').toLowerCase()}", after "s1"`,
      );
    }
  });

  it('orders "Finally ..." after every earlier step', () => {
    expect(dependence(titled('Research Paris', 'Research London', 'Finally, book the trip'))).toEqual([
      's1->s3: "s3" says "finally"',
      's2->s3: "s3" says "finally"',
    ]);
  });

  it('reads "then" inside a sentence as the step\'s own sequence, not as evidence', () => {
    expect(dependence(titled('Research Paris', 'Research London and then list its museums'))).not.toContain('s1->s2');
  });
});
