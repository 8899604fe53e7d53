/**
 * step-facts' `clean` skips stripNumbering and unwrapIntent when a text's first character rules
 * them out; `textOf` must read every text exactly as when both always run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unwrapInstrument, unwrapIntent } from '../../src/analysis/heuristic-text.js';
import { stripNumbering, textOf } from '../../src/analysis/step-facts.js';

/** `clean` as it was, every step run. */
function cleanAlways(text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const numbered = stripNumbering(text);
  const stripped = unwrapIntent(numbered) ?? numbered;
  return unwrapInstrument(stripped)?.work ?? stripped;
}

const pieces = [' ', '  ', '\t', 'Step 2: ', '2. ', '(3) ', '#4 - ', '**Step 1**: ', '1.2 ', 'I need to ', "Let's ", 'we will ', 'Now, I will ', 'Lets ',
  'Call Tool2 to ', 'With Tool2, ', '[Tool2] ', 'Tool2: ', 'summarize the notes', 'Translate it', 'find Paris', 'paris', 'task', 'phase 3 ', 'Ünïcode ', '_x_ ', '> ', '', '.', 'İ'];

describe('clean fast path', () => {
  it('reads every title and description as stripNumbering, unwrapIntent and unwrapInstrument always run', () => {
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 4 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.option(text, { nil: undefined }), fc.option(text, { nil: undefined }), (title, description) => {
        const t = cleanAlways(title);
        const d = cleanAlways(description);
        const expected = t !== undefined && d !== undefined ? `${t}. ${d}` : (t ?? d ?? '');
        expect(textOf({ id: 'a', title, description })).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
