/**
 * Temporal words that open a step or one of its sentences: "Then ...", "After that ...",
 * "Once done, ...", "Next, ..." -> after the previous step; "Finally ...", "Lastly ..." -> after every earlier step.
 */
import type { DependenceRule } from '../rule.js';

const AFTER_PREVIOUS =
  /(?:^|[.!?;:]\s+)(?:and\s+)?(then|next|afterwards|afterward|after that|after this|after which|subsequently|following (?:that|this)|once (?:that|this|it)(?: is| has been)? (?:done|complete|completed|finished|ready)|once done|when (?:that|this|it) is (?:done|complete|finished)|with (?:that|this) (?:done|complete))\b/i;
const AFTER_ALL = /(?:^|[.!?;:]\s+)(finally|lastly|in the end|at the end|last of all)\b/i;

export const temporalWords: DependenceRule = {
  name: 'temporal-words',
  start: (ctx) => (k, found) => {
    const text = ctx.facts[k]!.text;
    if (text === '' || k === 0) return;
    const all = AFTER_ALL.exec(text);
    if (all) {
      found.all(`"${ctx.order[k]}" says "${all[1]!.toLowerCase()}"`);
      return;
    }
    const previous = AFTER_PREVIOUS.exec(text);
    if (previous) found.add(k - 1, `"${ctx.order[k]}" says "${previous[1]!.toLowerCase()}", after "${ctx.order[k - 1]}"`);
  },
};
