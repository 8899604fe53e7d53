/** "Meanwhile, book the hotel", "In parallel, ...", "At the same time ...": the step is independent of the one before it. */
import { literalTest } from '../../heuristic-text.js';
import type { IndependenceGroup, IndependenceRule } from '../rule.js';

export const PARALLEL_MARKER = /\b(in parallel|independently|at the same time|simultaneously|concurrently|meanwhile|in the meantime|separately)\b/i;

/** Every match of PARALLEL_MARKER holds one of these, lowercased (`containsAny`). */
export const PARALLEL_MARKER_LITERALS: readonly string[] = ['parallel', 'independently', 'same time', 'simultaneously', 'concurrently', 'meanwhile', 'meantime', 'separately'];
const PARALLEL_MARKER_LITERAL_TEST = literalTest(PARALLEL_MARKER_LITERALS);

export const parallelMarkers: IndependenceRule = {
  name: 'parallel-markers',
  groups: (ctx) => {
    const groups: IndependenceGroup[] = [];
    let current: IndependenceGroup | undefined;
    for (let k = 1; k < ctx.order.length; k++) {
      const f = ctx.facts[k]!;
      const marker = PARALLEL_MARKER_LITERAL_TEST.test(f.lower) ? PARALLEL_MARKER.exec(f.text) : null;
      if (!marker) {
        current = undefined;
        continue;
      }
      if (!current) groups.push((current = { members: [k - 1], reason: '' }));
      current.members.push(k);
      current.reason = `the plan says they run "${marker[1]!.toLowerCase()}"`;
    }
    return groups;
  },
};
