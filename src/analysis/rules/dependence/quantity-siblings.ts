/**
 * Steps that ask for one quantity of different subjects ("Find out the number of hours Thomas
 * worked", "... Rebecca worked"; "Get the total cost of X", "... of Y") look like template
 * siblings, but in a plan they are usually the unknowns of one word problem, each worked out
 * from the one before ("Rebecca worked 8 hours less than Toby"). Such a step follows the
 * earlier step of the same template: this evidence of dependence beats the template's
 * evidence of independence. Computing verbs ("Calculate ...") are never siblings at all
 * (template-siblings.ts); this rule covers the same quantities asked with any other verb.
 */
import { sharedTemplate } from '../independence/template-siblings.js';
import { fanInSiblings, hasFanInSiblings } from '../independence/fan-in-inputs.js';
import type { DependenceRule } from '../rule.js';

/** "the number of", "the total", "how many", ...: the headline asks for a quantity. */
const QUANTITY = /\b(?:(?:number|amount|total|sum|count|quantity|percentage|average|difference)\s+of|how\s+(?:many|much))\b/i;
/** Earlier quantity steps of one verb compared with a step, as template-siblings compares. */
const WINDOW = 8;

export const quantitySiblings: DependenceRule = {
  name: 'quantity-siblings',
  start: (ctx) => {
    const byVerb = new Map<string, number[]>();
    // Quantities a later step takes as separate inputs ("What is #2 plus #3?") are not worked out in turn.
    const marked = hasFanInSiblings(ctx);
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.verb === undefined || !QUANTITY.test(f.headline)) return;
      let earlier = byVerb.get(f.verb);
      if (!earlier) byVerb.set(f.verb, (earlier = []));
      for (let c = earlier.length - 1; c >= Math.max(0, earlier.length - WINDOW); c--) {
        const j = earlier[c]!;
        const template = sharedTemplate(ctx.facts[j]!.headline, f.headline);
        if (template === undefined) continue;
        if (marked && fanInSiblings(ctx, j, k)) break;
        found.add(j, `"${ctx.order[k]}" asks for the quantity "${ctx.order[j]}" asks for, of another subject (${template.subjects[1]} after ${template.subjects[0]}): the unknowns of one problem are worked out in turn`);
        break;
      }
      earlier.push(k);
    };
  },
};
