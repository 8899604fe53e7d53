/** Tool calls that touch the same resource (a write and anything), or write on one server, keep their order. */
import { accessConflict } from '../../heuristic-tools.js';
import { ToolConflictIndex } from '../../tool-conflict-index.js';
import type { DependenceRule } from '../rule.js';
import { sortAscending } from '../../ascending.js';

export const toolConflict: DependenceRule = {
  name: 'tool-conflict',
  start: (ctx) => {
    const tools = new ToolConflictIndex();
    return (k, found) => {
      const access = ctx.facts[k]!.tool;
      if (!access) return;
      if (!found.followsAll) {
        const proposed = tools.candidates(access);
        // Most tool steps have no candidate or one: no set, no sort.
        const candidates = proposed.length <= 1 ? proposed : sortAscending([...new Set(proposed)]);
        for (let x = 0; x < candidates.length; x++) {
          const e = candidates[x]!;
          const conflict = accessConflict(ctx.facts[e]!.tool!, access);
          if (conflict) found.add(e, conflict);
        }
      }
      tools.add(k, access);
    };
  },
};
