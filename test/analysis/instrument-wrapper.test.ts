import { describe, expect, it } from 'vitest';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import { unwrapInstrument } from '../../src/analysis/heuristic-text.js';
import { factsOf } from '../../src/analysis/step-facts.js';
import { StemIds, stem, unwrapIntent } from '../../src/analysis/heuristic-text.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';

describe('unwrapInstrument', () => {
  it('reads the work inside the wrappers planners write', () => {
    expect(unwrapInstrument('Call SearchMovie to find the movie')).toEqual({ work: 'Find the movie', tool: 'SearchMovie' });
    expect(unwrapInstrument('Call Image-to-Text to describe the photo')).toEqual({ work: 'Describe the photo', tool: 'Image-to-Text' });
    expect(unwrapInstrument('Use tool-3 to wheel it')).toEqual({ work: 'Wheel it', tool: 'tool-3' });
    expect(unwrapInstrument('Use the Tool3 API to get x')).toEqual({ work: 'Get x', tool: 'Tool3' });
    expect(unwrapInstrument('Invoke the tool_4 API to get x')).toEqual({ work: 'Get x', tool: 'tool_4' });
    expect(unwrapInstrument('Call `tool_2` to find it')).toEqual({ work: 'Find it', tool: 'tool_2' });
    expect(unwrapInstrument('Use the Etsy API to list shops')).toEqual({ work: 'List shops', tool: 'Etsy' });
    expect(unwrapInstrument('Use the Google Search API to look it up')).toEqual({ work: 'Look it up', tool: 'Google Search' });
    expect(unwrapInstrument('With Tool2, obtain it')).toEqual({ work: 'Obtain it', tool: 'Tool2' });
    expect(unwrapInstrument('[Tool2] Find it')).toEqual({ work: 'Find it', tool: 'Tool2' });
    expect(unwrapInstrument('Tool2: Find it')).toEqual({ work: 'Find it', tool: 'Tool2' });
  });

  it('leaves plain instruments, labels and temporal or intent words alone', () => {
    for (const text of ['Use a knife to cut bread', 'Use Python to compute it', 'Use the oven to bake', 'Run the tests to check', 'With a spoon, stir', 'Note: find it', 'Then, find it', 'I need to find it', 'First, call the bank', 'Call Tool2'])
      expect(unwrapInstrument(text)).toBeUndefined();
  });
});

describe('step facts of a wrapped step', () => {
  const facts = (step: AnalysisStep) => factsOf(step, new Map(), new StemIds());

  it('read the work and keep the tool as the instrument', () => {
    const f = facts({ id: '1', description: 'Step 1 Call SearchPeople to find the person ID of Sofia Coppola' });
    expect(f.text).toBe('Find the person ID of Sofia Coppola');
    expect(f.verb).toBe('find');
    expect(f.instrument).toBe('SearchPeople');
    const g = facts({ id: '2', description: '**Step 2**: Call `tool_2` to summarize the text' });
    expect([g.text, g.verb, g.instrument]).toEqual(['Summarize the text', stem('summarize'), 'tool_2']);
  });

  it('keep the temporal words: they are evidence of dependence', () => {
    const f = facts({ id: '2', description: 'Then, call SearchMovie to find the movie' });
    expect(f.text).toBe('Then, call SearchMovie to find the movie');
    expect(f.instrument).toBeUndefined();
  });

  it('give the wrapped plan the orderings and parallelism of the plan as written', () => {
    const plain = ['Research the history of Paris', 'Research the history of London', 'Compare the two histories'];
    const key = (steps: AnalysisStep[]) => heuristicEdges(steps).edges.map((e) => `${e.from}->${e.to}`).sort();
    const asWritten = key(plain.map((d, i) => ({ id: `${i + 1}`, description: d })));
    const wrapped = key(plain.map((d, i) => ({ id: `${i + 1}`, description: `Step ${i + 1} Call Tool${i + 1} to ${d.charAt(0).toLowerCase()}${d.slice(1)}` })));
    expect(asWritten).not.toContain('1->2');
    expect(wrapped).toEqual(asWritten);
  });
});

describe('unwrapIntent', () => {
  it('reads the work after the planner voice', () => {
    expect(unwrapIntent('I need to find the ID')).toBe('Find the ID');
    expect(unwrapIntent('We will summarize it')).toBe('Summarize it');
    expect(unwrapIntent("Let's compare them")).toBe('Compare them');
    expect(unwrapIntent("I'll call Tool2 to get it")).toBe('Call Tool2 to get it');
    expect(unwrapIntent('We will then merge them')).toBe('Then merge them');
  });

  it('leaves other openings alone', () => {
    for (const text of ['Identify the ID', 'Then find it', 'Wear gloves', 'Let the dough rise', 'In the end, merge them', 'I'])
      expect(unwrapIntent(text)).toBeUndefined();
  });

  it('lets the rules read the work, and keeps temporal words as evidence', () => {
    const f = factsOf({ id: '2', description: 'I need to call Tool2 to find the person ID' }, new Map(), new StemIds());
    expect([f.text, f.instrument]).toEqual(['Find the person ID', 'Tool2']);
    const then = factsOf({ id: '2', description: 'We will then merge the two lists' }, new Map(), new StemIds());
    expect(then.text).toBe('Then merge the two lists');
    expect(heuristicEdges([{ id: '1', description: 'We will find hotels in Rome' }, { id: '2', description: 'We will then book a table' }]).edges.map((e) => e.reason)).toEqual([
      '"2" says "then", after "1"',
    ]);
  });
});
