/** "the results above", "so far" -> every earlier step; "the previous step", "its output" -> the previous one. */
import { BACKWARD_ALL_LITERAL_TEST, BACKWARD_ALL_PHRASES, BACKWARD_ONE_LITERAL_TEST, BACKWARD_ONE_PHRASES } from '../../heuristic-text.js';
import type { DependenceRule } from '../rule.js';

export const refersBack: DependenceRule = {
  name: 'refers-back',
  start: (ctx) => (k, found) => {
    const { text, lower } = ctx.facts[k]!;
    if (text === '' || k === 0) return;
    const id = ctx.order[k]!;
    // Loops rather than find/some: no callback per step. A list runs only when its literals occur.
    if (BACKWARD_ALL_LITERAL_TEST.test(lower)) {
      for (let x = 0; x < BACKWARD_ALL_PHRASES.length; x++) {
        const phrase = BACKWARD_ALL_PHRASES[x]!;
        if (phrase.test(text)) {
          found.all(`"${id}" refers back to the earlier results ("${phrase.exec(text)![0]}")`);
          return;
        }
      }
    }
    if (!BACKWARD_ONE_LITERAL_TEST.test(lower)) return;
    for (let x = 0; x < BACKWARD_ONE_PHRASES.length; x++) {
      if (BACKWARD_ONE_PHRASES[x]!.test(text)) {
        found.add(k - 1, `"${id}" refers to the previous step`);
        return;
      }
    }
  },
};
