import { describe, expect, it } from 'vitest';
import { dependence } from './evidence.js';

describe('rule mentions', () => {
  it('orders a step after the step it names by id or by title', () => {
    expect(dependence([{ id: 'flights', title: 'Search flights' }, { id: 'x', title: 'Pick one of the flights results' }])).toContain(
      'flights->x: "x" mentions "flights"',
    );
    expect(dependence([{ id: 'a', title: 'Search flights to Lisbon' }, { id: 'b', title: 'Book from Search flights to Lisbon' }])).toContain(
      'a->b: "b" mentions "Search flights to Lisbon"',
    );
  });

  it('finds nothing when no earlier id or title is named', () => {
    expect(dependence([{ id: 'flights', title: 'Search flights' }, { id: 'x', title: 'Search hotels' }])).toEqual([]);
  });
});
