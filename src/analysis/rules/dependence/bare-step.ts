/** A step with nothing to analyze (no text, tool, type or data) stays between its neighbours. */
import type { DependenceRule } from '../rule.js';

export const bareStep: DependenceRule = {
  name: 'bare-step',
  start: (ctx) => (k, found) => {
    const id = ctx.order[k]!;
    if (ctx.facts[k]!.bare) {
      found.warn(`step "${id}" has no title, description, tool or step_type; kept in plan order`);
      if (k > 0) found.add(k - 1, `"${id}" has nothing to analyze, so it stays after "${ctx.order[k - 1]}"`);
    }
    if (k > 0 && ctx.facts[k - 1]!.bare) found.add(k - 1, `"${ctx.order[k - 1]}" has nothing to analyze, so "${id}" stays after it`);
  },
};
