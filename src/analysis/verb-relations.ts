/**
 * Which leading verbs of a plan each stem is related to (`relatedStems`), for the rules that
 * read a step's words as the output of an earlier step's verb (output-noun, participle-inputs).
 * The relation is fixed, so it is looked up once per distinct stem, in an index of every
 * leading verb of the plan at its first position; a rule keeps the verbs first used before the
 * step it reads. In the index's order, which is the order an index built step by step gives
 * (its verbs are registered in the order they are first used). Pure.
 */
import { StemIndex } from './stem-index.js';
import type { RuleContext } from './rules/rule.js';

/** The leading verbs related to one stem: their stems, ids (`StemFacts.verbId`) and first positions, index by index. */
export interface RelatedVerbs {
  stems: string[];
  ids: number[];
  firstAt: number[];
}

export interface VerbRelations {
  /** The verbs related to `stem`, whose id (`StemIds`, the facts') is `id`. Shared: do not change it. */
  relatedTo(stem: string, id: number): RelatedVerbs;
}

const cache = new WeakMap<RuleContext, VerbRelations>();

export function verbRelations(ctx: RuleContext): VerbRelations {
  const known = cache.get(ctx);
  if (known !== undefined) return known;
  const index = new StemIndex();
  /** By verb id, whether it is in the index. */
  const added: boolean[] = [];
  for (let k = 0; k < ctx.order.length; k++) {
    const f = ctx.facts[k]!;
    if (f.verb === undefined) continue;
    while (added.length <= f.verbId) added.push(false);
    if (!added[f.verbId]) {
      added[f.verbId] = true;
      index.add(f.verb, k, f.verbId);
    }
  }
  /** By stem id, its related verbs; undefined until looked up. */
  const byStem: Array<RelatedVerbs | undefined> = [undefined];
  byStem.pop();
  const lists: number[][] = [];
  const stems: string[] = [];
  const relations: VerbRelations = {
    relatedTo(stem, id) {
      while (byStem.length <= id) byStem.push(undefined);
      let related = byStem[id];
      if (related === undefined) {
        const count = index.relatedLists(stem, lists, stems, id);
        related = { stems: stems.slice(0, count), ids: [], firstAt: [] };
        for (let x = 0; x < count; x++) {
          // Each verb has one position in the index: its first.
          const first = lists[x]![0]!;
          related.firstAt.push(first);
          related.ids.push(ctx.facts[first]!.verbId);
        }
        byStem[id] = related;
      }
      return related;
    },
  };
  cache.set(ctx, relations);
  return relations;
}
