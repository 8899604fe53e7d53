/** A step whose text names an earlier step by id or by title depends on it. */
import { mentionsOf } from '../../mention-index.js';
import type { DependenceRule } from '../rule.js';

export const mentions: DependenceRule = {
  name: 'mentions',
  start: (ctx) => {
    const mentioned = mentionsOf(ctx);
    return (k, found) => {
      if (found.followsAll) return;
      const { ids, titles } = mentioned[k]!;
      for (let x = 0; x < ids.length; x++) found.add(ids[x]!, `"${ctx.order[k]}" mentions "${ctx.order[ids[x]!]}"`);
      for (let x = 0; x < titles.length; x++) found.add(titles[x]!, `"${ctx.order[k]}" mentions "${ctx.facts[titles[x]!]!.step.title}"`);
    };
  },
};
