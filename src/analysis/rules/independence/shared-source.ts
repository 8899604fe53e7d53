/**
 * Steps that each name the same earlier step as their input ("Fetch the data relevant to the
 * problem type found by triage", "Calculate metrics for the problem type identified in
 * triage") show the plan fanning out from it: they are siblings, independent of each other
 * unless their own text links them (evidence of dependence beats this). The mirror of
 * fan-in-sources. A step's sources are the earlier steps it names by id, by title or by number.
 */
import { mentionsOf } from '../../mention-index.js';
import type { IndependenceGroup, IndependenceRule } from '../rule.js';
import { namedSources } from './named-inputs.js';

export const sharedSource: IndependenceRule = {
  name: 'shared-source',
  groups: (ctx) => {
    const mentioned = mentionsOf(ctx);
    const byNumber = namedSources(ctx);
    const bySources = new Map<string, number[]>();
    for (let k = 0; k < ctx.order.length; k++) {
      const { ids, titles } = mentioned[k]!;
      const numbers = byNumber[k];
      if (ids.length > 0 || titles.length > 0 || numbers !== undefined) {
        // One source (the usual case) needs no set.
        const key =
          ids.length + titles.length + (numbers?.size ?? 0) === 1
            ? String(ids[0] ?? titles[0] ?? [...numbers!][0])
            : [...new Set<number>([...ids, ...titles, ...(numbers ?? [])])].sort((a, b) => a - b).join(',');
        const members = bySources.get(key);
        if (members) members.push(k);
        else bySources.set(key, [k]);
      }
    }
    const groups: IndependenceGroup[] = [];
    for (const [key, members] of bySources) {
      if (members.length < 2) continue;
      const names = key.split(',').map((p) => `"${ctx.order[Number(p)]}"`).join(', ');
      groups.push({ members, reason: `each names the same input (${names}) and not each other` });
    }
    return groups;
  },
};
