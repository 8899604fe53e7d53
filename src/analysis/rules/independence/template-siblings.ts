/**
 * Steps built from one template that differ only in their subject: "Research Paris",
 * "Research London"; "Translate the notes into French", "... into Spanish". Each step is
 * compared with the last few earlier steps that start with the same verb; the part that
 * differs must be one span of at most three words on each side, hold a name or a number
 * ("Paris", "French", "2023"), and name no earlier output ("it", "the result", ...).
 * Computations ("Calculate ...", "Determine ...") are never siblings: they build on each other.
 * The purpose after "to" is dropped before comparing ("Retrieve the X questionnaire to aid in
 * ...") unless the verb names an instrument ("Call SearchMovie to find ...", "Use ... to ..."):
 * there the purpose is the work.
 */
import { stem } from '../../heuristic-text.js';
import type { IndependenceGroup, IndependenceRule, RuleContext } from '../rule.js';

const WINDOW = 8;
/** Subjects a group's reason names; one more is kept to know there are more. */
const SHOWN_SUBJECTS = 5;
/** Computations build on each other (word problems): "Calculate the cost of X", "... of Y" are not siblings. */
export const COMPUTING_VERBS = new Set(['calculat', 'comput', 'determin', 'solv', 'deriv', 'estimat', 'count', 'add', 'subtract', 'multiply', 'divid']);
/**
 * Verbs that name the instrument, not the work: in "Call SearchMovie to find the movie" and
 * "Use the translator to translate the text" the work is the purpose after "to", so two such
 * steps are one template only when their purposes are too (the tool alone is no subject).
 */
const INSTRUMENT_VERBS = new Set(['call', 'use', 'invoke', 'run', 'apply', 'employ', 'utilize', 'utilise', 'execute', 'leverage', 'trigger'].map(stem));
/** Steps of a user interface happen one after the other: "Click on Export", "Click on PDF"; "Go to page 2", "Go to page 3". */
export const INTERFACE_VERBS = new Set(['click', 'tap', 'pres', 'go', 'navigat', 'scroll', 'type', 'enter', 'select', 'drag', 'swip', 'hover', 'fill', 'toggl']);
const MAX_SPAN = 3;
/** `workVerbAt`'s answer for a step whose work is a computation ("I need to calculate ..."): never a sibling. */
const WRAPPED_COMPUTATION = 1 << 30;
const MAX_WORDS = 24;
const POINTERS = new Set('it its them they their this that these those result results output outputs above previous same former latter'.split(' '));
/** `POINTERS.has(word.toLowerCase())` of a word of ASCII units, natively and without a lowercased copy. */
const POINTER_WORD = new RegExp(`^(?:${[...POINTERS].join('|')})$`, 'i');
const WORD = /[A-Za-z0-9]+(?:'[A-Za-z]+)?/g;

interface Template {
  key: string;
  /** The template as written, the subject as "{…}". */
  shown: string;
  subjects: [string, string];
}

function tokens(text: string): string[] {
  const all = text.match(WORD);
  if (all === null) return [];
  return all.length > MAX_WORDS ? all.slice(0, MAX_WORDS) : all;
}

/** A headline's words as written: [A-Za-z0-9'] only, so they compare case-insensitively code unit by code unit. */
type Tokens = readonly string[];

function tokenize(text: string): Tokens {
  return tokens(text);
}

/**
 * Whether two words are equal once lowercased (`a.toLowerCase() === b.toLowerCase()`): their
 * code units are A-Z, a-z, 0-9 and the apostrophe, where setting bit 5 lowercases a letter and
 * changes nothing else.
 */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if ((a.charCodeAt(i) | 32) !== (b.charCodeAt(i) | 32)) return false;
  return true;
}

/** The template two headlines share, if they differ in exactly one short span. */
export function sharedTemplate(a: string, b: string): Template | undefined {
  return templateOf(tokenize(a), tokenize(b));
}

function templateOf(a: Tokens, b: Tokens): Template | undefined {
  const match = templateMatch(a, b);
  return match === undefined ? undefined : { key: keyOf(a, match), shown: shownOf(a, match), subjects: [subjectOf(a, match.p, match.ea), subjectOf(b, match.p, match.eb)] };
}

/** Where two headlines differ ([p, ea) in a, [p, eb) in b); the rest is built on demand. */
interface Match {
  p: number;
  ea: number;
  eb: number;
}

/** The template's key: its words before and after the subject, lowercased. */
function keyOf(a: Tokens, m: Match): string {
  const lower = a.map((t) => t.toLowerCase());
  return `${lower.slice(0, m.p).join(' ')}\u0000${lower.slice(m.ea).join(' ')}`;
}

/**
 * Whether two matches have one key (`keyOf(a, m) === keyOf(b, n)`), compared word by word: the
 * words are not empty and hold no space, so the joined keys are equal exactly when the words are.
 */
function sameKey(a: Tokens, m: Match, b: Tokens, n: Match): boolean {
  if (m.p !== n.p || a.length - m.ea !== b.length - n.ea) return false;
  for (let i = 0; i < m.p; i++) if (!sameWord(a[i]!, b[i]!)) return false;
  for (let i = m.ea, j = n.ea; i < a.length; i++, j++) if (!sameWord(a[i]!, b[j]!)) return false;
  return true;
}

function templateMatch(a: Tokens, b: Tokens): Match | undefined {
  let p = 0;
  while (p < a.length && p < b.length && sameWord(a[p]!, b[p]!)) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && sameWord(a[a.length - 1 - s]!, b[b.length - 1 - s]!)) s++;
  // The differing spans: [p, ea) in a, [p, eb) in b; checked without copying them.
  const ea = a.length - s;
  const eb = b.length - s;
  if (p < 1 || ea === p || eb === p || ea - p > MAX_SPAN || eb - p > MAX_SPAN) return undefined;
  if (!subjectLike(a, p, ea) || !subjectLike(b, p, eb)) return undefined;
  return { p, ea, eb };
}

function shownOf(a: Tokens, m: Match): string {
  const prefix = a.slice(0, m.p).join(' ');
  const suffix = a.slice(m.ea).join(' ');
  return [prefix, '{…}', suffix].filter((x) => x !== '').join(' ');
}

function subjectOf(t: Tokens, from: number, to: number): string {
  return t.slice(from, to).join(' ');
}

/**
 * Whether words [from, to) can be a subject: no word names an earlier output ("it", "the
 * result"), and one is a name, a number or a quoted literal ("Paris", "French", "2023"), not
 * an aspect of one shared subject ("film information" / "film criticism").
 */
function subjectLike(words: Tokens, from: number, to: number): boolean {
  let named = false;
  for (let i = from; i < to; i++) {
    const word = words[i]!;
    if (POINTER_WORD.test(word)) return false;
    // /^[A-Z0-9]/
    const c = word.charCodeAt(0);
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) named = true;
  }
  return named;
}

/**
 * Whether a name or number in the words `full` has past its cut (`cut` is a prefix of `full`;
 * the rest a purpose clause "to ...", which the template ignores) is among the words of the
 * other headline's cut: "Translate the French text to Spanish", then "Translate the Spanish
 * version to German" works on what the first made, so the two are not siblings.
 */
function crossNamed(full: Tokens, cut: Tokens, otherCut: Tokens): boolean {
  for (let i = cut.length; i < full.length; i++) {
    const word = full[i]!;
    if (!named(word)) continue;
    for (let j = 0; j < otherCut.length; j++) if (sameWord(word, otherCut[j]!)) return true;
  }
  return false;
}

/** A word that starts with a capital or a digit: a name, a language, a number. */
function named(word: string): boolean {
  const c = word.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** Words before the work's verb in "I need to ...", "We will ...", "Let's ...", "Then ..." (lowercased). */
const LEADING_WORDS = new Set(['i', 'we', 'you', "let's", 'lets', 'let', 'us', 'please', 'then', 'now', 'first', 'finally', 'next', 'also', 'and', 'am', 'are', 'is']);
/** "With Tool2, obtain ...", "Using the API, find ...", "Via X, ...". */
const INSTRUMENT_PREPOSITIONS = new Set(['with', 'using', 'via', 'through']);
const MODALS = new Set(['will', 'shall', 'should', 'must', 'can', 'could', 'would', 'may', 'might']);
/** "need to", "want to", "have to", "would like to", "am going to", "try to", ... */
const INTENTS = new Set(['need', 'needs', 'want', 'wants', 'have', 'has', 'plan', 'plans', 'try', 'tries', 'going', 'wish', 'intend', 'aim', 'attempt', 'like', 'able']);

/**
 * Where the verb of the work is when the step leads with other words: past "I need to", "We
 * will", "Let's", past an instrument and its "to" ("Call SearchMovie to <verb> ...") and past
 * "With X," ("With Tool2, obtain ...": the comma is read from the step's headline);
 * -1 when the step's first word is its work's verb ("Research Paris") or no "to" follows an
 * instrument ("Use the Paris dataset").
 */
export function workVerbAt(t: Tokens, headline = ''): number {
  let i = 0;
  // `word` is always t[i]?.toLowerCase(): one lowercased copy per position read, not one per test.
  let word = t[0]?.toLowerCase();
  while (i < t.length && LEADING_WORDS.has(word!)) word = t[++i]?.toLowerCase();
  if (INSTRUMENT_PREPOSITIONS.has(word ?? '')) {
    // "With Tool2, obtain ...", "Using the search API, find ...": the work follows the comma.
    const comma = headline.indexOf(',');
    if (comma > 0 && comma <= 80) {
      const before = headline.slice(0, comma).match(WORD)?.length ?? 0;
      if (before > i) word = t[(i = before)]?.toLowerCase();
    }
  }
  if (MODALS.has(word ?? '')) word = t[++i]?.toLowerCase();
  if (INTENTS.has(word ?? '')) {
    if (t[i + 1]?.toLowerCase() === 'to') i += 2;
    else if (t[i + 2]?.toLowerCase() === 'to') i += 3;
    word = t[i]?.toLowerCase();
  }
  if (i < t.length && INSTRUMENT_VERBS.has(stem(word!))) {
    let to = -1;
    for (let k = i + 2; k < t.length - 1 && to === -1; k++) if (sameWord(t[k]!, 'to')) to = k;
    if (to !== -1) i = to + 1;
  }
  return i > 0 && i < t.length ? i : -1;
}

/** The words before a purpose clause ("... to aid in exploring ..."), past the verb and its object; the words themselves when there is none. */
function beforePurpose(t: Tokens): Tokens {
  for (let i = 2; i < t.length; i++) if (sameWord(t[i]!, 'to')) return t.slice(0, i);
  return t;
}

export interface TemplateGroups {
  groups: IndependenceGroup[];
  /** Group index per position, -1 for none. */
  groupOf: Int32Array;
}

const cache = new WeakMap<RuleContext, TemplateGroups>();

/** The template groups of a plan, computed once per analysis (the shared-words rule reads them too). */
export function templateGroups(ctx: RuleContext): TemplateGroups {
  const known = cache.get(ctx);
  if (known) return known;
  const n = ctx.order.length;
  const groupOf = new Int32Array(n).fill(-1);
  /** Per group: the tokens and match its key is read from, its members, and its first subjects (the reason shows five). */
  const found: Array<{ keyTokens: Tokens; keyMatch: Match; shown: string; members: number[]; subjects: string[] }> = [];
  const byVerb = new Map<string, number[]>();
  const tokensAt: Array<Tokens | undefined> = [];
  const tokensOf = (k: number): Tokens => (tokensAt[k] ??= tokenize(ctx.facts[k]!.headline));
  /** `beforePurpose(tokensOf(k))`, once per position (a step is compared with up to WINDOW others each way). */
  const purposeAt: Array<Tokens | undefined> = [];
  const beforePurposeOf = (k: number): Tokens => (purposeAt[k] ??= beforePurpose(tokensOf(k)));
  /** `workVerbAt` per position, once (-2: not yet); WRAPPED_COMPUTATION when the work is a computation. */
  const workAt = new Int32Array(n).fill(-2);
  const workOf = (k: number): number => {
    let w = workAt[k]!;
    if (w === -2) {
      const t = tokensOf(k);
      w = workVerbAt(t, ctx.facts[k]!.headline);
      if (w !== -1 && COMPUTING_VERBS.has(stem(t[w]!.toLowerCase()))) w = WRAPPED_COMPUTATION;
      workAt[k] = w;
    }
    return w;
  };
  for (let k = 0; k < n; k++) {
    const f = ctx.facts[k]!;
    if (f.verb === undefined || f.headline === '' || COMPUTING_VERBS.has(f.verb) || INTERFACE_VERBS.has(f.verb)) continue;
    let earlier = byVerb.get(f.verb);
    if (!earlier) byVerb.set(f.verb, (earlier = []));
    for (let c = earlier.length - 1; c >= Math.max(0, earlier.length - WINDOW); c--) {
      const e = earlier[c]!;
      let a = tokensOf(e);
      let b = tokensOf(k);
      const work = workOf(e);
      if (work === WRAPPED_COMPUTATION) continue;
      // The test below needs the words up to the work's verb equal (the subject past it): one word first.
      if (work !== -1 && (work >= b.length || !sameWord(a[work]!, b[work]!))) continue;
      let template = templateMatch(a, b);
      if (work !== -1) {
        // The work is past the words the step leads with ("Call SearchPeople to find ...", "I
        // need to go to ..."): the subject is in it, past its verb, or there is none ("Call
        // Tool2 to wheel the computers ..." / "Call Tool3 to transfer the computers ...", "I
        // need to create an account" / "I need to choose content"); and its verb is not a
        // computation ("I need to calculate the population of ...").
        if (!template || template.p <= work) continue;
      }
      if (!template) {
        // "Retrieve the Enneagram Personality Test Questionnaire to aid in exploring ...",
        // "Retrieve the DISC Personality Test Questionnaire to complete the set ...": the
        // purpose each gives after "to" is no part of the template.
        const ca = beforePurposeOf(e);
        const cb = beforePurposeOf(k);
        if (ca === a || cb === b || (template = templateMatch(ca, cb)) === undefined) continue;
        // "Translate the French text to Spanish", "Translate the Spanish version to German": the
        // later step's subject is what the earlier one's cut-off words made, or the other way.
        if (crossNamed(a, ca, cb) || crossNamed(b, cb, ca)) continue;
        a = ca;
        b = cb;
      }
      const g = groupOf[e]!;
      if (g === -1) {
        groupOf[e] = groupOf[k] = found.length;
        found.push({ keyTokens: a, keyMatch: template, shown: shownOf(a, template), members: [e, k], subjects: [subjectOf(a, template.p, template.ea), subjectOf(b, template.p, template.eb)] });
        break;
      }
      const group = found[g]!;
      if (sameKey(group.keyTokens, group.keyMatch, a, template)) {
        groupOf[k] = g;
        group.members.push(k);
        if (group.subjects.length <= SHOWN_SUBJECTS) group.subjects.push(subjectOf(b, template.p, template.eb));
        break;
      }
    }
    earlier.push(k);
    // A step past the window of its verb is never compared again: its words can go.
    if (earlier.length > WINDOW) {
      const gone = earlier[earlier.length - 1 - WINDOW]!;
      tokensAt[gone] = undefined;
      purposeAt[gone] = undefined;
    }
  }
  const groups = found.map((g) => {
    const shown = g.subjects.slice(0, SHOWN_SUBJECTS).join(', ') + (g.subjects.length > SHOWN_SUBJECTS ? ', …' : '');
    return { members: g.members, reason: `the same template "${g.shown}" with different subjects (${shown})` };
  });
  const result = { groups, groupOf };
  cache.set(ctx, result);
  return result;
}

export const templateSiblings: IndependenceRule = {
  name: 'template-siblings',
  groups: (ctx) => templateGroups(ctx).groups,
};
