/**
 * shared-words as it was before its related lists were read merged (round 9): every list's
 * latest MAX_SHARING entries gathered and sorted, then read latest first. For the property
 * test that the merged read lists the same edges (test/analysis/shared-words-merge.test.ts).
 */
import { relatedStems, stem } from '../../src/analysis/heuristic-text.js';
import { StemIndex } from '../../src/analysis/stem-index.js';
import { headStemsOf, textStemsOf } from '../../src/analysis/step-facts.js';
import { templateGroups } from '../../src/analysis/rules/independence/template-siblings.js';
import { fanInSiblings } from '../../src/analysis/rules/independence/fan-in-inputs.js';
import type { DependenceRule } from '../../src/analysis/rules/rule.js';
import { sortAscendingPrefix } from '../../src/analysis/ascending.js';

/** Per shared word, the latest earlier steps using it that count as evidence. */
const MAX_SHARING = 16;

const GENERIC_WORDS = new Set(
  ('provided provide given user users tool tools api apis service services function functions data information info details ' +
    'text file files image images item items thing things way help order specific specified appropriate relevant available ' +
    'required request requests task tasks query queries number numbers type types value values name names time today new ' +
    'following using use based answer answers question questions choice choices option options')
    .split(' ')
    .map(stem),
);

/** `stems.filter((s) => !GENERIC_WORDS.has(s))`, without a callback per stem. */
function specificStems(stems: readonly string[]): string[] {
  const out: string[] = [];
  for (let x = 0; x < stems.length; x++) if (!GENERIC_WORDS.has(stems[x]!)) out.push(stems[x]!);
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

export const previousSharedWords: DependenceRule = {
  name: 'shared-words',
  start: (ctx) => {
    const template = templateGroups(ctx).groupOf;
    const index = new StemIndex(template);
    const seen = new Int32Array(ctx.order.length).fill(-1);
    /** The position lists of the stems related to the one looked up, and their run starts: buffers for `relatedRunLists`. */
    const related: number[][] = [];
    const runStarts: number[][] = [];
    /** The earlier steps sharing a word with the step read: sharing[0..count) (distinct: seen[e] === k once e is in). */
    const sharing = new Int32Array(ctx.order.length);
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.text !== '' && !found.followsAll) {
        const stems = specificStems(textStemsOf(f));
        // Per related stem, the latest steps using it (a word most steps share binds to the nearest ones).
        let count = 0;
        /** Every earlier step below it is followed already: a list read latest first stops there. */
        const followed = found.followedBelow();
        // Index loops: an unoptimized for...of allocates an object per item.
        for (let z = 0; z < stems.length; z++) {
          const lists = index.relatedRunLists(stems[z]!, related, runStarts);
          for (let r = 0; r < lists; r++) {
            const list = related[r]!;
            const runStart = runStarts[r]!;
            let taken = 0;
            for (let x = list.length - 1; x >= 0 && taken < MAX_SHARING; x--) {
              const e = list[x]!;
              if (e < followed) break;
              if (template[e] !== -1 && template[e] === template[k]) {
                x = runStart[x]!; // the whole run of k's template siblings
                continue;
              }
              // A step already followed counts among the latest, but would add nothing.
              if (seen[e] !== k && !found.follows(e)) {
                seen[e] = k;
                sharing[count++] = e;
              }
              taken++;
            }
          }
        }
        sortAscendingPrefix(sharing, count);
        // Latest first: an edge from a later step often implies the earlier ones.
        for (let z = count - 1; z >= 0; z--) {
          const e = sharing[z]!;
          if (found.follows(e)) continue;
          const ef = ctx.facts[e]!;
          if (ef.declaresData && f.declaresData) continue;
          // Round 13: fan-in siblings share no output (the same skip as today's rule; not the merge under test).
          if (fanInSiblings(ctx, e, k)) continue;
          const shared = firstShared(headStemsOf(ef), stems);
          if (shared !== undefined) found.add(e, `"${ctx.order[k]}" works on "${shared}", which "${ctx.order[e]}" handles first`);
        }
      }
      const heads = headStemsOf(f);
      for (let z = 0; z < heads.length; z++) if (!GENERIC_WORDS.has(heads[z]!)) index.add(heads[z]!, k);
    };
  },
};
