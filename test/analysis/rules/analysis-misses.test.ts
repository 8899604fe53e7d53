// Round 9 audit (helper E, /work/notes/r9-E.md): true orderings the heuristic left unordered on
// plans written without reading the rules, through "gathers its own input" and research siblings
// (fixed by rules/independence/leans-back.ts and the possessive in rules/dependence/pronoun.ts).
// The controls below them must stay as they are: ordered by a word the rules knew, or parallel.
import { describe, expect, it } from 'vitest';
import { heuristicEdges } from '../../../src/analysis/heuristic.js';

const ordered = (a: string, b: string) => heuristicEdges([{ id: 'a', title: a }, { id: 'b', title: b }]).edges.some((e) => e.from === 'a' && e.to === 'b');

describe('possessive "her" refers back, as "his", "their" and "its" already do', () => {
  it.each([
    ["Identify the author of 'The Left Hand of Darkness'.", 'Find information about her other novels.'],
    ['Find the actress who played Hermione.', 'Research her filmography.'],
  ])('%s / %s', (a, b) => expect(ordered(a, b)).toBe(true));
});

describe('a definite noun phrase naming what the earlier step found, by another word', () => {
  it.each([
    ['Run the A/B test analysis to find the winning variant.', 'Get user feedback about the winner.'],
    ['Find the winner of Best Picture in 2020.', "Find stock photos of the movie's lead actor."],
    ['Find the fastest growing startup in Lagos.', 'Get information about the founders.'],
    ['Search for two-bedroom apartments in Lisbon under 1500 euros.', 'Get details for the top listing.'],
    ['Ask the user where they want to travel.', 'Fetch the weather forecast for the destination.'],
    ['Look up who won the Nobel Prize in Literature in 2016.', "Find information about the singer's albums."],
    ['Query the sales database for Q3 totals.', 'Find information about the outliers in the result.'],
    ['Search for a used Volvo XC60 under 20k.', 'Get details about the one with the lowest mileage.'],
  ])('%s / %s', (a, b) => expect(ordered(a, b)).toBe(true));
});

describe('step_type "research" siblings, the second naming the first\'s answer', () => {
  it('"the most used one"', () => {
    const edges = heuristicEdges([
      { id: 'a', step_type: 'research', description: 'Research which programming languages are most used in fintech.' },
      { id: 'b', step_type: 'research', description: 'Research hiring costs for developers of the most used one.' },
    ]).edges;
    expect(edges.some((e) => e.from === 'a' && e.to === 'b')).toBe(true);
  });
});

describe('controls that pass today (the same shapes, with a word the rules know)', () => {
  it.each([
    ['Find out who directed the film Alien.', 'Get details about his next three films.'],
    ['Determine which band recorded the album Rumours.', 'Look up reviews of their most recent tour.'],
    ['Find a Thai restaurant in Soho with vegan options.', 'Fetch the menu of the restaurant.'],
    ['Find the most downloaded Python package last month.', "Find information about the package's maintainers."],
  ])('%s / %s', (a, b) => expect(ordered(a, b)).toBe(true));
  it('and real independence stays', () => {
    expect(ordered('Research Paris', 'Research London')).toBe(false);
  });
});

describe('lookups that say what they fetch stay parallel', () => {
  it.each([
    ['Find the population of Paris', 'Find the population of London'],
    ['Draft the article', 'Find stock photos of espresso machines'],
    ['Write a poem', "Fetch today's currency exchange rates"],
    ['Write the report', 'Retrieve information about the ethics of human rights'],
    ['Book a table', 'Retrieve the sales report for the past month'],
    ['Draft the article', 'Search the web for photos of espresso machines'],
  ])('%s / %s', (a, b) => expect(ordered(a, b)).toBe(false));
  it('research siblings with their own subjects', () => {
    const edges = heuristicEdges([
      { id: 'a', step_type: 'research', description: 'Research costs of living in coastal towns.' },
      { id: 'b', step_type: 'research', description: 'Research the history of lighthouses.' },
    ]).edges;
    expect(edges).toEqual([]);
  });
});
