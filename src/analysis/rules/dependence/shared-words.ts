/**
 * A step whose text shares a content word with an earlier step's headline works on what that
 * step handled ("Clean the dataset" after "Download the housing dataset"). Not between
 * siblings of one template, or two steps that both declare their data with needs/provides; generic words ("provided", "user", "tool") do not count.
 */
import { relatedStems, stem } from '../../heuristic-text.js';
import { StemIndex } from '../../stem-index.js';
import { headStemsOf, textStemsOf } from '../../step-facts.js';
import { templateGroups } from '../independence/template-siblings.js';
import { fanInSiblings, hasFanInSiblings } from '../independence/fan-in-inputs.js';
import type { DependenceRule } from '../rule.js';

/** Per shared word, the latest earlier steps using it that count as evidence. */
const MAX_SHARING = 16;

export const GENERIC_WORDS = new Set(
  ('provided provide given user users tool tools api apis service services function functions data information info details ' +
    'text file files image images item items thing things way help order specific specified appropriate relevant available ' +
    'required request requests task tasks query queries number numbers type types value values name names time today new ' +
    'following using use based answer answers question questions choice choices option options')
    .split(' ')
    .map(stem),
);

/** `stems.filter((s) => !GENERIC_WORDS.has(s))`, without a callback per stem; their ids (`ids[x]` is the id of `stems[x]`) into `idsInto`. */
function specificStems(stems: readonly string[], ids: readonly number[], idsInto: number[]): string[] {
  const out: string[] = [];
  for (let x = 0; x < stems.length; x++) {
    if (GENERIC_WORDS.has(stems[x]!)) continue;
    out.push(stems[x]!);
    idsInto.push(ids[x]!);
  }
  return out;
}

/** `heads.find((h) => !GENERIC_WORDS.has(h) && stems.some((s) => relatedStems(h, s)))`, without callbacks. */
function firstShared(heads: readonly string[], stems: readonly string[]): string | undefined {
  for (let x = 0; x < heads.length; x++) {
    const h = heads[x]!;
    if (GENERIC_WORDS.has(h)) continue;
    for (let y = 0; y < stems.length; y++) if (relatedStems(h, stems[y]!)) return h;
  }
  return undefined;
}

export const sharedWords: DependenceRule = {
  name: 'shared-words',
  start: (ctx) => {
    const template = templateGroups(ctx).groupOf;
    const index = new StemIndex(template);
    /** Steps a later step takes as separate inputs ("Is #2 better than #1?") share the comparison's words, not an output. */
    const marked = hasFanInSiblings(ctx);
    /** The position lists of the stems related to the one looked up, and their run starts: buffers for `relatedRunLists`. */
    const related: number[][] = [];
    const runStarts: number[][] = [];
    /**
     * The related lists of every stem of the step read, lists[0..count), with each one's run
     * starts, its cursor (the index of its next entry, latest first; -1 once done) and how many
     * of its entries were taken: buffers reused from step to step.
     */
    const lists: number[][] = [];
    const runs: number[][] = [];
    const cursor: number[] = [];
    const taken: number[] = [];
    /** The index of list l's next entry at or below x that is not a template sibling of step k (whose run is skipped whole), or -1. */
    const next = (l: number, x: number, k: number): number => {
      const list = lists[l]!;
      const g = template[k]!;
      while (x >= 0) {
        const e = list[x]!;
        if (g === -1 || template[e] !== g) return x;
        x = runs[l]![x]! - 1;
      }
      return -1;
    };
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.text !== '' && !found.followsAll) {
        const stemIds: number[] = [];
        const stems = specificStems(textStemsOf(f), f.textStemIds, stemIds);
        // Index loops: an unoptimized for...of allocates an object per item.
        let count = 0;
        for (let z = 0; z < stems.length; z++) {
          const found = index.relatedRunLists(stems[z]!, related, runStarts, stemIds[z]!);
          for (let r = 0; r < found; r++) {
            lists[count] = related[r]!;
            runs[count] = runStarts[r]!;
            taken[count] = 0;
            cursor[count] = next(count, related[r]!.length - 1, k);
            count++;
          }
        }
        // The earlier steps sharing a word: per related list, its latest MAX_SHARING entries (a word
        // most steps share binds to the nearest ones; k's template siblings skipped, uncounted),
        // read merged, latest first, each once: an edge from a later step often implies the
        // earlier ones. Every step below followedBelow is followed already, and would add nothing:
        // a list stops there (re-read after each edge).
        let floor = found.followedBelow();
        for (;;) {
          let e = -1;
          for (let l = 0; l < count; l++) {
            const x = cursor[l]!;
            if (x < 0) continue;
            const at = lists[l]![x]!;
            if (at < floor || taken[l]! >= MAX_SHARING) cursor[l] = -1;
            else if (at > e) e = at;
          }
          if (e < 0) break;
          for (let l = 0; l < count; l++) {
            const x = cursor[l]!;
            if (x >= 0 && lists[l]![x] === e) {
              taken[l]!++;
              cursor[l] = next(l, x - 1, k);
            }
          }
          if (found.follows(e)) continue;
          const ef = ctx.facts[e]!;
          if (ef.declaresData && f.declaresData) continue;
          if (marked && fanInSiblings(ctx, e, k)) continue;
          const shared = firstShared(headStemsOf(ef), stems);
          if (shared !== undefined) {
            found.add(e, `"${ctx.order[k]}" works on "${shared}", which "${ctx.order[e]}" handles first`);
            floor = found.followedBelow();
          }
        }
      }
      const heads = headStemsOf(f);
      const headIds = f.headStemIds;
      for (let z = 0; z < heads.length; z++) if (!GENERIC_WORDS.has(heads[z]!)) index.add(heads[z]!, k, headIds[z]!);
    };
  },
};
