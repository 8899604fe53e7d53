/**
 * Words naming an earlier step's output: "the drafted article" / "the simplified text"
 * (the participle of an earlier step's verb), "all translations" (the steps of that verb or
 * subject), "the recording" (a noun of an earlier step's verb). A participle after a
 * determiner that names no earlier verb ("the generated speech") still points back: to the
 * latest step not doing the same thing.
 */
import { literalTest, quantifiedStems, relatedStems, stem } from '../../heuristic-text.js';
import { headStemsOf, participlesOf, textStemsOf } from '../../step-facts.js';
import type { DependenceFound, DependenceRule } from '../rule.js';
import { verbRelations } from '../../verb-relations.js';

/** Participles that name the user's input or a requirement, not a step's output. */
const GIVEN = new Set(
  ('provided given specified required desired intended listed attached included associated related detailed needed preferred ' +
    'interested limited advanced based used named called supported expected mentioned preceding following requested defined')
    .split(' '),
);

const DETERMINER_PARTICIPLE = /\b(?:the|this|that|these|those|its|their|each|all|every)\s+(?:[a-z]+\s+)?([a-z]{3,}ed)\b/gi;

const NONE: readonly string[] = [];
/** The quantifiers `quantifiedStems` looks for, lowercased: without one, it finds nothing. */
const QUANTIFIER_TEST = literalTest(['all', 'every', 'each of']);
const NONE_AT: readonly number[] = [];

/** Stems of "the <participle>" words that are not GIVEN. */
function determinedParticiples(text: string): string[] {
  const out: string[] = [];
  DETERMINER_PARTICIPLE.lastIndex = 0;
  for (let m = DETERMINER_PARTICIPLE.exec(text); m !== null; m = DETERMINER_PARTICIPLE.exec(text)) {
    const word = m[1]!.toLowerCase();
    if (!GIVEN.has(word) && word.length > 4) out.push(stem(word));
  }
  return out;
}

export const outputNoun: DependenceRule = {
  name: 'output-noun',
  start: (ctx) => {
    const byVerb = new Map<string, number[]>();
    /** By verb id, the same lists as byVerb (positions of the steps read with that leading verb). */
    const byVerbId: Array<number[] | undefined> = [undefined];
    byVerbId.pop();
    const verbs = verbRelations(ctx);
    /**
     * Positions by head stem, for "all <noun>" steps only: built on the first one, from the steps
     * before it, then kept up to date (most plans have none, and the map would hold every step's head stems).
     */
    let byHeadStem: Map<string, number[]> | undefined;
    const addHeads = (e: number): void => {
      const heads = headStemsOf(ctx.facts[e]!);
      for (let x = 0; x < heads.length; x++) {
        const s = heads[x]!;
        const list = byHeadStem!.get(s);
        if (list) list.push(e);
        else byHeadStem!.set(s, [e]);
      }
    };
    const runStart: number[] = [];
    // The step read and the stem looked up, for `noun`: one callback for the whole analysis.
    let k = 0;
    let id = '';
    let stemRead = '';
    let named = false;
    let found: DependenceFound;
    /** An earlier step whose verb the stem read names ("the recording": "Record ..."). */
    const noun = (e: number): void => {
      // Found already, and the step is named: nothing would change (most calls on a long plan of real text).
      if (named && found.follows(e)) return;
      const f = ctx.facts[k]!;
      const ef = ctx.facts[e]!;
      if (ef.verb !== f.verb && !(ef.declaresData && f.declaresData) && relatedStems(stemRead, ef.verb!)) {
        found.add(e, `"${id}" works on the "${stemRead}" that "${ctx.order[e]}" produces`);
        named = true;
      }
    };
    return (position, foundHere) => {
      k = position;
      found = foundHere;
      const f = ctx.facts[k]!;
      id = ctx.order[k]!;
      runStart.push(k > 0 && ctx.facts[k - 1]!.verb === f.verb ? runStart[k - 1]! : k);
      if (f.text !== '' && !found.followsAll) {
        named = false;
        // Index loops: an unoptimized for...of allocates an object per item.
        const participles = participlesOf(f);
        for (let x = 0; x < participles.length; x++) {
          const p = participles[x]!;
          const makers = byVerb.get(p) ?? NONE_AT;
          if (makers.length > 0) named = true;
          // Latest first: an edge from a later maker often implies the earlier ones.
          const followed = found.followedBelow();
          for (let y = makers.length - 1; y >= 0 && makers[y]! >= followed; y--) {
            const e = makers[y]!;
            if (!found.follows(e)) found.add(e, `"${id}" uses the ${p}ed output of "${ctx.order[e]}"`);
          }
        }
        // The quantifiers are ASCII words matched case-insensitively: absent from the lowercased text, they match nothing.
        const quantified = QUANTIFIER_TEST.test(f.lower) ? quantifiedStems(f.text) : NONE;
        if (quantified.length > 0 && byHeadStem === undefined) {
          byHeadStem = new Map();
          for (let e = 0; e < k; e++) addHeads(e);
        }
        for (const q of quantified) {
          for (const list of [byVerb.get(q) ?? NONE_AT, byHeadStem!.get(q) ?? NONE_AT]) {
            const followed = found.followedBelow();
            for (let y = list.length - 1; y >= 0 && list[y]! >= followed; y--) {
              const e = list[y]!;
              if (!found.follows(e)) found.add(e, `"${id}" covers all "${q}" steps, "${ctx.order[e]}" among them`);
            }
          }
        }
        const stems = textStemsOf(f);
        const stemIds = f.textStemIds;
        for (let x = 0; x < stems.length; x++) {
          const s = stems[x]!;
          if (s.length < 4) continue;
          stemRead = s;
          const related = verbs.relatedTo(s, stemIds[x]!);
          const relatedIds = related.ids;
          for (let r = 0; r < relatedIds.length; r++) {
            // A verb first used at or after this step has no step read yet. Every step of a list
            // has its stem as verb: the step's own verb names none of them.
            if (related.firstAt[r]! >= k || relatedIds[r] === f.verbId) continue;
            const positions = byVerbId[relatedIds[r]!]!;
            // Latest first. Once the step is named, the steps already followed would change
            // nothing: not called for them, and every step below followedBelow is followed.
            let floor = named ? found.followedBelow() : 0;
            for (let y = positions.length - 1; y >= 0 && positions[y]! >= floor; y--) {
              noun(positions[y]!);
              if (named) floor = found.followedBelow();
            }
          }
        }
        if (!named && k > 0) {
          const participle = f.lower.includes('ed') ? determinedParticiples(f.text).find((p) => p !== f.verb) : undefined;
          const e = ctx.facts[k - 1]!.verb === f.verb ? runStart[k - 1]! - 1 : k - 1;
          if (participle !== undefined && e >= 0) found.add(e, `"${id}" works on something ${participle}ed before it: the output of "${ctx.order[e]}"`);
        }
      }
      if (f.verb !== undefined) {
        const list = byVerb.get(f.verb);
        if (list) list.push(k);
        else {
          const started = [k];
          byVerb.set(f.verb, started);
          while (byVerbId.length <= f.verbId) byVerbId.push(undefined);
          byVerbId[f.verbId] = started;
        }
      }
      if (byHeadStem !== undefined) addHeads(k);
    };
  },
};
