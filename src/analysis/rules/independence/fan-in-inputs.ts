/**
 * A step that takes two or more earlier steps' outputs as its inputs, naming each: by "#k" in a
 * plan that marks the answers its steps use (every mark naming an earlier step: "Is #2 better
 * than #1?", "What is #2 plus #3?"), or by id ("Merge the results of fetch_a and fetch_b"). The plan fans out over those steps and back in: they are
 * siblings, independent of each other unless one names the other or their text links them
 * otherwise (a mention, a pronoun, "then": evidence of dependence beats this). The words
 * siblings share are the parallel wording of the comparison ("How sensitive is a grey seal's
 * hearing?", "How sensitive is a dog's hearing?"), so shared-words and quantity-siblings do not
 * read them as one step's output used by the other (`fanInSiblings`). fan-in-sources reads the
 * same shape written "steps 1 and 2".
 */
import { sortAscending } from '../../ascending.js';
import { mentionsOf } from '../../mention-index.js';
import { answerReferences, marksInputs } from '../dependence/answer-references.js';
import type { IndependenceGroup, IndependenceRule, RuleContext } from '../rule.js';

interface FanIn {
  groups: IndependenceGroup[];
  /** Per position, the positions it shares a group with (undefined: none). */
  siblings: Array<Set<number> | undefined>;
}

const cache = new WeakMap<RuleContext, FanIn>();

/**
 * A step naming more earlier steps than this forms no group: it aggregates (and the sibling
 * relation, pairs within each group, would grow with the square of its inputs).
 */
const MAX_FAN_IN = 16;

/** Whether the ascending list holds x (binary search: a list may be long). */
function holds(list: readonly number[], x: number): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && list[lo] === x;
}

/** The fan-in of a plan without any (never changed). */
const NO_FAN_IN: FanIn = { groups: [], siblings: [] };

function fanIn(ctx: RuleContext): FanIn {
  const known = cache.get(ctx);
  if (known) return known;
  const marks = marksInputs(ctx) ? answerReferences(ctx) : undefined;
  const mentioned = mentionsOf(ctx);
  // Most plans have no step naming two earlier steps: nothing to build then.
  let any = false;
  for (let k = 0; k < mentioned.length && !any; k++) any = mentioned[k]!.ids.length + (marks?.sources[k]?.length ?? 0) >= 2;
  if (!any) {
    cache.set(ctx, NO_FAN_IN);
    return NO_FAN_IN;
  }
  /** Per position, the earlier positions it names (ascending), when it names any. */
  const named: Array<number[] | undefined> = [];
  for (let k = 0; k < ctx.order.length; k++) {
    // Ids only: a title is found inside longer text too ("Summarize step_1" in "Summarize step_13").
    const { ids } = mentioned[k]!;
    const marked = marks?.sources[k];
    if (ids.length === 0) named.push(marked);
    // One id and no mark (the usual mention): the list itself, ascending as it is.
    else if (ids.length === 1 && marked === undefined) named.push(ids);
    else {
      const all = marked === undefined ? ids.slice() : marked.concat(ids);
      sortAscending(all);
      // Distinct, in place.
      let w = 1;
      for (let x = 1; x < all.length; x++) if (all[x] !== all[w - 1]) all[w++] = all[x]!;
      all.length = w;
      named.push(all);
    }
  }
  const groups: IndependenceGroup[] = [];
  const siblings: Array<Set<number> | undefined> = [];
  for (let k = 0; k < named.length; k++) {
    const members = named[k];
    if (members === undefined || members.length < 2 || members.length > MAX_FAN_IN) continue;
    // Steps that name one another are no siblings: one takes the other's output.
    const apart = members.filter((m) => {
      const of = named[m];
      return of === undefined || !members.some((o) => o !== m && holds(of, o));
    });
    if (apart.length < 2) continue;
    const byMark = marks?.sources[k];
    const how = byMark !== undefined && apart.every((m) => byMark.includes(m)) ? apart.map((m) => `#${marks!.written[k]![byMark.indexOf(m)]}`) : apart.map((m) => `"${ctx.order[m]}"`);
    groups.push({ members: apart, reason: `"${ctx.order[k]}" takes them as separate inputs (${how.join(', ')})` });
    for (const m of apart) {
      const set = (siblings[m] ??= new Set());
      for (const o of apart) if (o !== m) set.add(o);
    }
  }
  const result = { groups, siblings };
  cache.set(ctx, result);
  return result;
}

/** Whether steps i and j are taken as separate inputs by one later step. */
export function fanInSiblings(ctx: RuleContext, i: number, j: number): boolean {
  return fanIn(ctx).siblings[i]?.has(j) === true;
}

/** Whether the plan has any fan-in siblings (most plans have none: the rules then skip the test). */
export function hasFanInSiblings(ctx: RuleContext): boolean {
  return fanIn(ctx).groups.length > 0;
}

export const fanInInputs: IndependenceRule = {
  name: 'fan-in-inputs',
  groups: (ctx) => fanIn(ctx).groups,
};
