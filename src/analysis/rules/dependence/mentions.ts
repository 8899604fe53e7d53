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
      for (const e of ids) found.add(e, `"${ctx.order[k]}" mentions "${ctx.order[e]}"`);
      for (const e of titles) found.add(e, `"${ctx.order[k]}" mentions "${ctx.facts[e]!.step.title}"`);
    };
  },
};
