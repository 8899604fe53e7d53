/** A step whose text names an earlier step by id or by title depends on it. */
import { MentionIndex } from '../../mention-index.js';
import type { DependenceRule } from '../rule.js';

export const mentions: DependenceRule = {
  name: 'mentions',
  start: (ctx) => {
    const index = new MentionIndex();
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.text !== '' && !found.followsAll) {
        for (const e of index.idsIn(f.text, f.lower)) found.add(e, `"${ctx.order[k]}" mentions "${ctx.order[e]}"`);
        for (const e of index.titlesIn(f.text, f.lower)) found.add(e, `"${ctx.order[k]}" mentions "${ctx.facts[e]!.step.title}"`);
      }
      index.add(k, ctx.order[k]!, f.step.title);
    };
  },
};
