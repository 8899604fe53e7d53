/** "step 3", "steps 1-10", "subgoal 2", "the result of task 1": the step depends on those steps. */
import { stepNumbers } from '../../heuristic-text.js';
import type { DependenceRule } from '../rule.js';

export const stepNumberReferences: DependenceRule = {
  name: 'step-numbers',
  start: (ctx) => {
    const byId = new Map(ctx.steps.map((s) => [s.id, s]));
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.text === '' || found.followsAll) return;
      for (const n of stepNumbers(f.text)) {
        const named = byId.get(`${n}`) ?? byId.get(`step${n}`) ?? byId.get(`step_${n}`) ?? byId.get(`step-${n}`) ?? ctx.steps[n - 1];
        const at = named === undefined ? undefined : ctx.position.get(named.id);
        if (at !== undefined && at < k) found.add(at, `"${ctx.order[k]}" refers to step ${n}`);
      }
    };
  },
};
