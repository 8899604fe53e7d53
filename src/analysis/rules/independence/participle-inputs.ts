/**
 * A step that names its input by the step that made it ("Edit the drafted article" after
 * "Draft the article", "Convert the extracted text into audio", "Write show notes from the
 * transcript" after "Transcribe the recording") states its input, as one
 * that names a step number does (named-inputs): it is independent of the earlier steps it
 * does not name, unless its text links it to them otherwise (evidence of dependence beats this).
 * Not computations: "the calculated number" is the latest result, whichever step made it.
 * The name must be where a step names its input: the object of its leading verb ("Edit the
 * drafted article") or what follows "from" / "using" / "based on" ("... from the
 * transcript"). Elsewhere it names a place or a second input, and the step may need more
 * than it names: "Place in the preheated oven" (what?), "Mix the simple syrup with the thawed
 * concentrates" (the syrup too), "load tv into car and drive home".
 */
import { relatedStems, stem, wordsOfLower } from '../../heuristic-text.js';
import { StemIndex } from '../../stem-index.js';
import { participlesOf, textStemsOf } from '../../step-facts.js';
import type { IndependenceRule, RuleContext } from '../rule.js';
import { COMPUTING_VERBS } from './template-siblings.js';

const cache = new WeakMap<RuleContext, Array<Map<number, string> | undefined>>();

/** Words that end the object of the leading verb: prepositions, conjunctions, a second clause. */
const OBJECT_END = new Set(
  'in into on onto at to with for by over under through across before after until while during and or then so but as if when where which that than per via within without near around along inside outside up down out off'.split(' '),
);
/** Words after which a step names its source. */
const SOURCE_START = new Set(['from', 'using', 'use', 'on']);
/** Words before the leading verb: the planner's fillers (heuristic-text's FILLERS). */
const LEADING = new Set(['please', 'then', 'now', 'first', 'finally', 'next', 'also', 'and']);

/**
 * Stems of the headline's words where it names its input: the object of its leading verb (up
 * to the first preposition or conjunction) and each span after "from" / "using" / "based on".
 */
export function inputSpanStems(headline: string): Set<string> {
  const ws = wordsOfLower(headline.toLowerCase());
  const out = new Set<string>();
  let x = 0;
  while (x < ws.length && LEADING.has(ws[x]!)) x++;
  // The object of the leading verb (ws[x]).
  let open = true;
  for (let y = x + 1; y < ws.length; y++) {
    const w = ws[y]!;
    const source = SOURCE_START.has(w) && (w !== 'on' || ws[y - 1] === 'based');
    if (source) open = true;
    else if (OBJECT_END.has(w)) open = false;
    else if (open) out.add(stem(w));
  }
  return out;
}

/** Per position, the earlier positions whose leading verb its text names as a participle, with that participle. */
export function participleSources(ctx: RuleContext): Array<Map<number, string> | undefined> {
  const known = cache.get(ctx);
  if (known) return known;
  const byVerb = new Map<string, number[]>();
  const verbs = new StemIndex();
  const sources: Array<Map<number, string> | undefined> = [];
  // The step read, the stem looked up and what was found, for `maker`: one callback for the whole analysis, not a closure per stem.
  let verbRead: string | undefined;
  let word = '';
  let found: Map<number, string> | undefined;
  /** An earlier step whose verb the word read names ("the transcript": "Transcribe ..."). */
  const maker = (e: number): void => {
    const verb = ctx.facts[e]!.verb!;
    if (verb !== verbRead && !COMPUTING_VERBS.has(verb) && relatedStems(word, verb) && !found?.has(e)) (found ??= new Map()).set(e, word);
  };
  for (let k = 0; k < ctx.order.length; k++) {
    const f = ctx.facts[k]!;
    found = undefined;
    if (f.text !== '' && f.step.tool === undefined) {
      // Index loops: an unoptimized for...of allocates an object per item.
      const participles = participlesOf(f);
      for (let x = 0; x < participles.length; x++) {
        const p = participles[x]!;
        if (COMPUTING_VERBS.has(p)) continue;
        const makers = byVerb.get(p);
        if (makers !== undefined) for (let y = 0; y < makers.length; y++) (found ??= new Map()).set(makers[y]!, `${p}ed`);
      }
      // A noun naming what an earlier step's verb makes ("the transcript": "Transcribe ...").
      const stems = textStemsOf(f);
      for (let x = 0; x < stems.length; x++) {
        const w = stems[x]!;
        if (w.length < 4 || COMPUTING_VERBS.has(w)) continue;
        verbRead = f.verb;
        word = w;
        verbs.forEachRelated(w, maker);
      }
    }
    if (found !== undefined) {
      // Only names where the step names its input count (see above).
      const span = inputSpanStems(f.headline);
      for (const [e, named] of found) if (!span.has(named) && !span.has(stem(named))) found.delete(e);
      if (found.size === 0) found = undefined;
    }
    sources.push(found);
    if (f.verb !== undefined) {
      const list = byVerb.get(f.verb);
      if (list) list.push(k);
      else byVerb.set(f.verb, [k]);
      verbs.add(f.verb, k);
    }
  }
  cache.set(ctx, sources);
  return sources;
}

/** Per analysis and position, the names `pair` lists (speed only: the same text every time). */
const namesCache = new WeakMap<RuleContext, Array<string | undefined>>();

export const participleInputs: IndependenceRule = {
  name: 'participle-inputs',
  candidates: (ctx) => participleSources(ctx).map((s) => s !== undefined),
  pair: (ctx, i, j) => {
    const sources = participleSources(ctx)[j]!;
    if (sources.has(i)) return undefined;
    // The names depend on j alone: built once per step, not once per pair (a step may be judged against thousands).
    let names = namesCache.get(ctx);
    if (!names) namesCache.set(ctx, (names = []));
    const named = (names[j] ??= [...sources].map(([e, p]) => `"${p}": "${ctx.order[e]}"`).join(', '));
    return `"${ctx.order[j]}" names its input by the step that made it (${named}) and not "${ctx.order[i]}"`;
  },
};
