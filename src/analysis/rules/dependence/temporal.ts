/**
 * Temporal words that open a step or one of its sentences: "Then ...", "After that ...",
 * "Once done, ...", "Next, ..." -> after the previous step; "Finally ...", "Lastly ..." -> after every earlier step.
 */
import { literalTest } from '../../heuristic-text.js';
import type { DependenceRule } from '../rule.js';

const AFTER_PREVIOUS =
  /(?:^|[.!?;:]\s+)(?:and\s+)?(then|next|afterwards|afterward|after that|after this|after which|subsequently|following (?:that|this)|once (?:that|this|it)(?: is| has been)? (?:done|complete|completed|finished|ready)|once done|when (?:that|this|it) is (?:done|complete|finished)|with (?:that|this) (?:done|complete))\b/i;
const AFTER_ALL = /(?:^|[.!?;:]\s+)(finally|lastly|in the end|at the end|last of all)\b/i;

/** Every match of AFTER_PREVIOUS holds one of these, lowercased; of AFTER_ALL, one of those (`containsAny`). */
export const AFTER_PREVIOUS_LITERALS: readonly string[] = ['then', 'next', 'after', 'subsequently', 'following', 'once', 'when', 'with'];
export const AFTER_ALL_LITERALS: readonly string[] = ['finally', 'lastly', 'the end', 'last of all'];
const AFTER_PREVIOUS_LITERAL_TEST = literalTest(AFTER_PREVIOUS_LITERALS);
const AFTER_ALL_LITERAL_TEST = literalTest(AFTER_ALL_LITERALS);
export { AFTER_ALL, AFTER_PREVIOUS };

export const temporalWords: DependenceRule = {
  name: 'temporal-words',
  start: (ctx) => (k, found) => {
    const { text, lower } = ctx.facts[k]!;
    if (text === '' || k === 0) return;
    const all = AFTER_ALL_LITERAL_TEST.test(lower) ? AFTER_ALL.exec(text) : null;
    if (all) {
      found.all(`"${ctx.order[k]}" says "${all[1]!.toLowerCase()}"`);
      return;
    }
    const previous = AFTER_PREVIOUS_LITERAL_TEST.test(lower) ? AFTER_PREVIOUS.exec(text) : null;
    if (previous) found.add(k - 1, `"${ctx.order[k]}" says "${previous[1]!.toLowerCase()}", after "${ctx.order[k - 1]}"`);
  },
};
