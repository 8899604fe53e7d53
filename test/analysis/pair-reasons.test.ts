/**
 * A pair rule's reason names the same inputs for every earlier step a step is judged against:
 * participle-inputs builds the names once per step (speed), and each pair's reason is still the
 * one it gave when it built them per pair.
 */
import { describe, expect, it } from 'vitest';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';

describe('participle-inputs reasons, built once per step', () => {
  it('name the same inputs for each earlier step, in each analysis', () => {
    const titles = ['Draft the article', 'Record the podcast', 'Order the prints', 'Book a venue', 'Hire a photographer', 'Edit the drafted article using the recorded podcast', 'Frame the ordered prints'];
    const steps: AnalysisStep[] = titles.map((title, k) => ({ id: `s${k + 1}`, title }));
    const names = '"drafted": "s1", "recorded": "s2"';
    // s6 names two inputs where participle-inputs reads them (the verb's object and after "using");
    // s7 is judged against some of the same earlier steps, with names of its own.
    const expected = [
      ...['s3', 's4', 's5'].map((other) => ({ steps: [other, 's6'], reason: `"s6" names its input by the step that made it (${names}) and not "${other}"` })),
      ...['s4', 's5'].map((other) => ({ steps: [other, 's7'], reason: `"s7" names its input by the step that made it ("ordered": "s3") and not "${other}"` })),
    ];
    for (let run = 0; run < 2; run++) {
      const pairs = heuristicEdges(steps).independence.filter((entry) => entry.reason.includes('names its input by the step that made it'));
      expect(pairs).toEqual(expect.arrayContaining(expected));
      expect(pairs.filter((entry) => entry.steps[1] === 's6')).toHaveLength(3);
    }
  });
});
