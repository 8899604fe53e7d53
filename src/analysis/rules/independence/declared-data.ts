/** Steps that declare their data with needs/provides are independent unless those keys link them (data edges). */
import type { IndependenceRule } from '../rule.js';

export const declaredData: IndependenceRule = {
  name: 'declared-data',
  groups: (ctx) => {
    const members: number[] = [];
    for (let k = 0; k < ctx.order.length; k++) if (ctx.facts[k]!.declaresData) members.push(k);
    return [{ members, reason: 'steps that declare their data with needs/provides and share none' }];
  },
};
