/**
 * A step whose text shares a content word with an earlier step's headline works on what that
 * step handled ("Clean the dataset" after "Download the housing dataset"). Not between
 * siblings of one template, or two steps that both declare their data with needs/provides; generic words ("provided", "user", "tool") do not count.
 */
import { contentStems, relatedStems, stem } from '../../heuristic-text.js';
import { StemIndex } from '../../stem-index.js';
import { headStemsOf } from '../../step-facts.js';
import { templateGroups } from '../independence/template-siblings.js';
import type { DependenceRule } from '../rule.js';

export const GENERIC_WORDS = new Set(
  ('provided provide given user users tool tools api apis service services function functions data information info details ' +
    'text file files image images item items thing things way help order specific specified appropriate relevant available ' +
    'required request requests task tasks query queries number numbers type types value values name names time today new ' +
    'following using use based answer answers question questions choice choices option options')
    .split(' ')
    .map(stem),
);

export const sharedWords: DependenceRule = {
  name: 'shared-words',
  start: (ctx) => {
    const index = new StemIndex();
    const template = templateGroups(ctx).groupOf;
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.text !== '' && !found.followsAll) {
        const stems = contentStems(f.text).filter((s) => !GENERIC_WORDS.has(s));
        const sharing = new Set<number>();
        for (const s of stems) index.forEachRelated(s, (e) => sharing.add(e));
        for (const e of [...sharing].sort((a, b) => a - b)) {
          const ef = ctx.facts[e]!;
          if (ef.declaresData && f.declaresData) continue;
          if (template[e] !== -1 && template[e] === template[k]) continue;
          const shared = headStemsOf(ef).find((h) => !GENERIC_WORDS.has(h) && stems.some((s) => relatedStems(h, s)));
          if (shared !== undefined) found.add(e, `"${ctx.order[k]}" works on "${shared}", which "${ctx.order[e]}" handles first`);
        }
      }
      for (const s of headStemsOf(f)) if (!GENERIC_WORDS.has(s)) index.add(s, k);
    };
  },
};
