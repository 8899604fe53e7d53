/** A `step_type: processing` step that states no inputs of its own waits for the research steps before it. */
import type { DependenceRule } from '../rule.js';

export const processingAfterResearch: DependenceRule = {
  name: 'processing-after-research',
  start: (ctx) => {
    const research: number[] = [];
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.processing && !f.statesInputs && !found.followsAll) {
        for (const r of research) found.add(r, `processing step "${ctx.order[k]}" waits for the research before it`);
      }
      if (f.research) research.push(k);
    };
  },
};
