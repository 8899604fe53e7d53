/** "step 3", "steps 1-10", "subgoal 2", "the result of task 1": the step depends on those steps. */
import { namedSources } from '../independence/named-inputs.js';
import type { DependenceRule } from '../rule.js';
import { sortAscending } from '../../ascending.js';

export const stepNumberReferences: DependenceRule = {
  name: 'step-numbers',
  start: (ctx) => {
    const named = namedSources(ctx);
    // Built on the first step that names a number (most plans name none); the last step with an id wins.
    let numberOf: Map<string, number> | undefined;
    return (k, found) => {
      const sources = named[k];
      if (sources === undefined || found.followsAll) return;
      numberOf ??= new Map(ctx.steps.map((s, i) => [s.id, i + 1]));
      for (const at of sortAscending([...sources])) found.add(at, `"${ctx.order[k]}" refers to step ${numberOf.get(ctx.order[at]!)}`);
    };
  },
};
