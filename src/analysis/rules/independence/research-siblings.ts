/** `step_type: research` steps gather their own data: independent of each other unless their text links them. */
import type { IndependenceRule } from '../rule.js';

export const researchSiblings: IndependenceRule = {
  name: 'research-siblings',
  groups: (ctx) => {
    const members: number[] = [];
    for (let k = 0; k < ctx.order.length; k++) if (ctx.facts[k]!.research) members.push(k);
    return [{ members, reason: 'research steps (step_type "research") with their own subjects gather their own data' }];
  },
};
