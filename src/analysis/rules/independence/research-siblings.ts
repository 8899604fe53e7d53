/**
 * `step_type: research` steps gather their own data: independent of each other unless their text
 * links them. A research step that leans on a pronoun or an unspecified definite noun phrase
 * ("Research hiring costs for developers of the most used one") is no sibling: it researches an
 * earlier answer.
 */
import type { IndependenceRule } from '../rule.js';
import { leansBack } from './leans-back.js';

export const researchSiblings: IndependenceRule = {
  name: 'research-siblings',
  groups: (ctx) => {
    const members: number[] = [];
    for (let k = 0; k < ctx.order.length; k++) if (ctx.facts[k]!.research && !leansBack(ctx.facts[k]!.text)) members.push(k);
    return [{ members, reason: 'research steps (step_type "research") with their own subjects gather their own data' }];
  },
};
