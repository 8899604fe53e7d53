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
import { sortAscending } from '../../ascending.js';

/** Appends e unless the (short) list holds it already. */
function addDistinct(list: number[], e: number): void {
  if (!list.includes(e)) list.push(e);
}

export const sharedSource: IndependenceRule = {
  name: 'shared-source',
  groups: (ctx) => {
    const mentioned = mentionsOf(ctx);
    const byNumber = namedSources(ctx);
    /** By their sources: one source (the usual case) is its own key, several are joined by "," ascending. One map, so groups keep the order first met. */
    const bySources = new Map<number | string, number[]>();
    for (let k = 0; k < ctx.order.length; k++) {
      const { ids, titles } = mentioned[k]!;
      const numbers = byNumber[k];
      if (ids.length + titles.length === 1 && numbers === undefined) {
        // One source (the usual case): it is its own key, and no list is made.
        const key = ids.length === 1 ? ids[0]! : titles[0]!;
        const members = bySources.get(key);
        if (members) members.push(k);
        else bySources.set(key, [k]);
      } else if (ids.length > 0 || titles.length > 0 || numbers !== undefined) {
        /** The distinct sources of the step read (a new list per step: emptying one with `length = 0` frees its storage). */
        const sources: number[] = [];
        if (ids.length + titles.length + (numbers?.size ?? 0) > 32) {
          for (const e of new Set<number>([...ids, ...titles, ...(numbers ?? [])])) sources.push(e);
        } else {
          // Index loops: an unoptimized for...of allocates an object per item.
          for (let x = 0; x < ids.length; x++) addDistinct(sources, ids[x]!);
          for (let x = 0; x < titles.length; x++) addDistinct(sources, titles[x]!);
          if (numbers !== undefined) for (const e of numbers) addDistinct(sources, e);
        }
        sortAscending(sources);
        let key: number | string = sources[0]!;
        if (sources.length > 1) {
          key = String(key);
          for (let x = 1; x < sources.length; x++) key += `,${sources[x]}`;
        }
        const members = bySources.get(key);
        if (members) members.push(k);
        else bySources.set(key, [k]);
      }
    }
    const groups: IndependenceGroup[] = [];
    // forEach rather than for...of: no entry pair nor iterator result per source, in the same (insertion) order.
    bySources.forEach((members, key) => {
      if (members.length < 2) return;
      const names = typeof key === 'number' ? `"${ctx.order[key]}"` : key.split(',').map((p) => `"${ctx.order[Number(p)]}"`).join(', ');
      groups.push({ members, reason: `each names the same input (${names}) and not each other` });
    });
    return groups;
  },
};
