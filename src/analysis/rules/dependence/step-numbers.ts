/** "step 3", "steps 1-10", "subgoal 2", "the result of task 1": the step depends on those steps. */
import { namedSources } from '../independence/named-inputs.js';
import type { DependenceRule } from '../rule.js';

export const stepNumberReferences: DependenceRule = {
  name: 'step-numbers',
  start: (ctx) => {
    const named = namedSources(ctx);
    const numberOf = new Map(ctx.steps.map((s, i) => [s.id, i + 1]));
    return (k, found) => {
      const sources = named[k];
      if (sources === undefined || found.followsAll) return;
      for (const at of [...sources].sort((a, b) => a - b)) found.add(at, `"${ctx.order[k]}" refers to step ${numberOf.get(ctx.order[at]!)}`);
    };
  },
};
