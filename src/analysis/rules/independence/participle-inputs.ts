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
import { participlesOf, textStemsOf } from '../../step-facts.js';
import { verbRelations } from '../../verb-relations.js';
import type { IndependenceRule, RuleContext } from '../rule.js';
import { COMPUTING_VERBS } from './template-siblings.js';

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

/** Earlier steps a step names as its input: every earlier step whose leading verb is `verb`, named by `name`. */
export interface NamedMakers {
  verb: string;
  /** The word naming their output: "<participle>ed", or the text's stem ("transcript"). */
  name: string;
}

/** Per analysis: per position, the makers its text names (undefined: none), and the positions of each leading verb. */
interface ParticipleSources {
  named: Array<NamedMakers[] | undefined>;
  byVerb: Map<string, number[]>;
}

const cache = new WeakMap<RuleContext, ParticipleSources>();

/**
 * Per position, the leading verbs of earlier steps whose output its text names (as a participle,
 * or a noun of the verb), each with the word naming it, in the order found: the step names every
 * earlier step of such a verb. By verb rather than by step: a verb most steps share would
 * otherwise give each step a list of most earlier steps.
 */
export function participleSources(ctx: RuleContext): ParticipleSources {
  const known = cache.get(ctx);
  if (known) return known;
  const byVerb = new Map<string, number[]>();
  const verbs = verbRelations(ctx);
  const named: Array<NamedMakers[] | undefined> = [];
  for (let k = 0; k < ctx.order.length; k++) {
    const f = ctx.facts[k]!;
    let found: NamedMakers[] | undefined;
    if (f.text !== '' && f.step.tool === undefined) {
      // Index loops: an unoptimized for...of allocates an object per item.
      const participles = participlesOf(f);
      for (let x = 0; x < participles.length; x++) {
        const p = participles[x]!;
        if (COMPUTING_VERBS.has(p) || !byVerb.has(p)) continue;
        // A later participle of the same verb names it so too.
        const at = found === undefined ? -1 : indexOfVerb(found, p);
        if (at === -1) (found ??= []).push({ verb: p, name: `${p}ed` });
        else found![at] = { verb: p, name: `${p}ed` };
      }
      // A noun naming what an earlier step's verb makes ("the transcript": "Transcribe ...").
      const stems = textStemsOf(f);
      const stemIds = f.textStemIds;
      for (let x = 0; x < stems.length; x++) {
        const w = stems[x]!;
        if (w.length < 4 || COMPUTING_VERBS.has(w)) continue;
        const { stems: related, firstAt: relatedAt } = verbs.relatedTo(w, stemIds[x]!);
        for (let y = 0; y < related.length; y++) {
          // A verb first used at or after this step is not one of an earlier step.
          if (relatedAt[y]! >= k) continue;
          const verb = related[y]!;
          if (verb !== f.verb && !COMPUTING_VERBS.has(verb) && relatedStems(w, verb) && (found === undefined || indexOfVerb(found, verb) === -1)) {
            (found ??= []).push({ verb, name: w });
          }
        }
      }
    }
    if (found !== undefined) {
      // Only names where the step names its input count (see above).
      const span = inputSpanStems(f.headline);
      found = found.filter((m) => span.has(m.name) || span.has(stem(m.name)));
      if (found.length === 0) found = undefined;
    }
    named.push(found);
    if (f.verb !== undefined) {
      const list = byVerb.get(f.verb);
      if (list) list.push(k);
      else byVerb.set(f.verb, [k]);
    }
  }
  const sources = { named, byVerb };
  cache.set(ctx, sources);
  return sources;
}

function indexOfVerb(makers: readonly NamedMakers[], verb: string): number {
  for (let x = 0; x < makers.length; x++) if (makers[x]!.verb === verb) return x;
  return -1;
}

/** Per analysis and position, the names `pair` lists (speed only: the same text every time). */
const namesCache = new WeakMap<RuleContext, Array<string | undefined>>();

/** Whether step j (a candidate) names earlier step i as its input: i's leading verb is one j names. */
function namesAsInput(ctx: RuleContext, i: number, j: number): boolean {
  const verb = ctx.facts[i]!.verb;
  return verb !== undefined && indexOfVerb(participleSources(ctx).named[j]!, verb) !== -1;
}

export const participleInputs: IndependenceRule = {
  name: 'participle-inputs',
  candidates: (ctx) => participleSources(ctx).named.map((s) => s !== undefined),
  independent: (ctx, i, j) => !namesAsInput(ctx, i, j),
  // The steps of the verbs j names (namesAsInput).
  dependent: (ctx, j) => {
    const { named, byVerb } = participleSources(ctx);
    return named[j]!.map((m) => byVerb.get(m.verb)!);
  },
  pair: (ctx, i, j) => {
    if (namesAsInput(ctx, i, j)) return undefined;
    const { named: all, byVerb } = participleSources(ctx);
    const named = all[j]!;
    // The names depend on j alone: built once per step, not once per pair (a step may be judged against thousands).
    let names = namesCache.get(ctx);
    if (!names) namesCache.set(ctx, (names = []));
    if (names[j] === undefined) {
      const parts: string[] = [];
      for (const m of named) {
        const makers = byVerb.get(m.verb)!;
        for (let x = 0; x < makers.length && makers[x]! < j; x++) parts.push(`"${m.name}": "${ctx.order[makers[x]!]}"`);
      }
      names[j] = parts.join(', ');
    }
    return `"${ctx.order[j]}" names its input by the step that made it (${names[j]}) and not "${ctx.order[i]}"`;
  },
};
