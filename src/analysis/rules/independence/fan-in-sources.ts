/**
 * A step that names several earlier steps as its inputs ("Cluster the feedback from steps
 * 1-3") shows the plan fanning out over them and back in: those steps are siblings,
 * independent of each other unless their own text links them.
 */
import type { IndependenceGroup, IndependenceRule } from '../rule.js';
import { namedSources } from './named-inputs.js';

export const fanInSources: IndependenceRule = {
  name: 'fan-in-sources',
  groups: (ctx) => {
    const groups: IndependenceGroup[] = [];
    namedSources(ctx).forEach((sources, k) => {
      if (sources === undefined || sources.size < 2) return;
      const members = [...sources].sort((a, b) => a - b);
      groups.push({ members, reason: `"${ctx.order[k]}" takes them as separate inputs (${members.map((m) => `"${ctx.order[m]}"`).join(', ')})` });
    });
    return groups;
  },
};
