/**
 * In a plan that marks the answers its steps use ("#k", every mark naming an earlier step), a
 * step that marks two or more earlier answers ("Is #2 better than #1?", "What is #2 plus #3?")
 * takes them as separate inputs: the plan fans out over those steps and back in, and they are
 * siblings, independent of each other unless one marks the other or their text links them
 * otherwise (a pronoun, "then": evidence of dependence beats this). The words the siblings
 * share are the parallel questions of the comparison ("How sensitive is a grey seal's
 * hearing?", "How sensitive is a dog's hearing?"), so shared-words does not read them as one
 * step's output used by the other (`markedSiblings`). The mirror, for "#k" marks, of
 * fan-in-sources (which reads "steps 1 and 2").
 */
import { answerReferences, marksInputs } from '../dependence/answer-references.js';
import type { IndependenceGroup, IndependenceRule, RuleContext } from '../rule.js';

interface MarkedFanIn {
  groups: IndependenceGroup[];
  /** Per position, the positions it shares a group with (undefined: none). */
  siblings: Array<Set<number> | undefined>;
}

const cache = new WeakMap<RuleContext, MarkedFanIn>();

const NONE: MarkedFanIn = { groups: [], siblings: [] };

function markedFanIn(ctx: RuleContext): MarkedFanIn {
  let known = cache.get(ctx);
  if (known) return known;
  known = NONE;
  if (marksInputs(ctx)) {
    const { sources, written } = answerReferences(ctx);
    const groups: IndependenceGroup[] = [];
    const siblings: Array<Set<number> | undefined> = [];
    for (let k = 0; k < sources.length; k++) {
      const members = sources[k];
      if (members === undefined || members.length < 2) continue;
      // Members that mark one another are not siblings: one uses the other's answer.
      const apart = members.filter((m) => !members.some((o) => o !== m && sources[m]?.includes(o)));
      if (apart.length < 2) continue;
      groups.push({ members: apart, reason: `"${ctx.order[k]}" takes their answers as separate inputs (${written[k]!.map((n) => `#${n}`).join(', ')})` });
      for (const m of apart) {
        const set = (siblings[m] ??= new Set());
        for (const o of apart) if (o !== m) set.add(o);
      }
    }
    known = { groups, siblings };
  }
  cache.set(ctx, known);
  return known;
}

/** Whether steps i and j are taken as separate inputs by one later step of a plan that marks its inputs. */
export function markedSiblings(ctx: RuleContext, i: number, j: number): boolean {
  return markedFanIn(ctx).siblings[i]?.has(j) === true;
}

/** Whether the plan has any marked siblings (most plans have none, and shared-words skips the test then). */
export function hasMarkedSiblings(ctx: RuleContext): boolean {
  return markedFanIn(ctx).groups.length > 0;
}

export const markedFanInRule: IndependenceRule = {
  name: 'marked-fan-in',
  groups: (ctx) => markedFanIn(ctx).groups,
};
