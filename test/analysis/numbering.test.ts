/**
 * The planner's numbering stripped from a step's text (src/analysis/step-facts.ts), in the forms
 * LLM planners write: plain ("Step 2:", "2."), Markdown ("**Step 2**:", "### Step 2:"),
 * outlines ("1.2 Summarize"), dashes and words ("Step 2 —", "Step two:", "Step 2 of 5:").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripNumbering } from '../../src/analysis/step-facts.js';
import { edgePairs, independence, titled } from './rules/evidence.js';

/** The expression before round 11: what it stripped, the new one strips alike. */
const ROUND10 = /^\s*(?:(?:step|subtask|subgoal|task|stage|phase)\s*#?\d+\s*[:.)-]?|\(?#?\d+\s*[:.)]|#\d+\s*-?)\s*/i;

describe('stripNumbering', () => {
  it('strips Markdown, outline, dash and word numbering', () => {
    for (const text of ['**Step 1**: Obtain X', '**Step 1:** Obtain X', '**1.** Obtain X', '### Step 1: Obtain X', '*Step 1*: Obtain X', '> Step 1: Obtain X', 'Step 1 — Obtain X', 'Step 1 – Obtain X', 'Step One: Obtain X', 'Step-1: Obtain X', 'Step 2 of 5: Obtain X', '1 - Obtain X', '1.1 Obtain X', '1.2. Obtain X', 'Step 1.1 Obtain X', '__Task 3__ - Obtain X']) {
      expect(stripNumbering(text), text).toBe('Obtain X');
    }
  });

  it('leaves quantities and words that only look like numbering', () => {
    for (const text of ['Step one foot onto the ladder', '3-4 eggs, beaten', '**Important**: back up first', '* Buy eggs', 'S1: Obtain X', 'Stepping back, review']) {
      expect(stripNumbering(text), text).toBe(text);
    }
    // A step leads with its verb: "1.5" before a word is outline numbering (the round-10 expression left "5 cups of flour").
    expect(stripNumbering('1.2 open the door')).toBe('open the door');
    expect(stripNumbering('0.5 teaspoon of salt')).toBe('0.5 teaspoon of salt'.replace(ROUND10, ''));
  });

  it('strips what the round-10 expression stripped, as it did, from the forms it knew', () => {
    const starts = ['Step 2: ', 'step2.', 'Subtask 3)', 'TASK 4 -', 'Stage 1', 'phase 9:', '2. ', '(3) ', '#4 - ', '#5', ' \t Step 1: ', '2)', '#1 is '];
    const rest = fc.constantFrom('Summarize the notes', 'research Paris', 'x', '', 'cups of flour', 'is associated with');
    fc.assert(fc.property(fc.constantFrom(...starts), rest, (a, b) => stripNumbering(a + b) === (a + b).replace(ROUND10, '')), { numRuns: 2000, seed: 11 });
  });
});

describe('numbered steps in Markdown are read as the plain steps', () => {
  it('finds the same template and the same orderings', () => {
    const plain = ['Research Paris', 'Research London', 'Compare the findings'];
    for (const wrap of [(t: string, k: number) => `**Step ${k}**: ${t}`, (t: string, k: number) => `### Step ${k}: ${t}`, (t: string, k: number) => `1.${k} ${t}`]) {
      const steps = titled(...plain.map((t, i) => wrap(t, i + 1)));
      expect(independence(steps)).toEqual(independence(titled(...plain)));
      expect(edgePairs(steps)).toEqual(edgePairs(titled(...plain)));
    }
    // Before: "Step {…} the debt" with the numbers and verbs as subjects (WorfBench lumos steps, rewritten in Markdown).
    const steps = titled('**Step 2**: Obtain the debt-to-GDP ratio of Nigeria.', "**Step 3**: Determine the debt-to-GDP ratio of Mohammed Dabo Lere's country of citizenship.");
    expect(independence(steps)).toEqual([]);
  });
});
