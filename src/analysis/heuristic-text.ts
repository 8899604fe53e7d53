/**
 * Small text helpers for the heuristic analyzer: words, a crude stemmer, verb classes,
 * and the phrase patterns that signal a dependency. Pure.
 */

export const STOPWORDS = new Set(
  ('a an the of for to in on and or with from by about at into onto over under all each any every this that ' +
    'these those it its their our your my his her them they we you i is are be was were will should can ' +
    'then also some more most other others new using use used based result results information info ' +
    'step steps output outputs task tasks top best main key list details detail findings finding current latest first ' +
    'second third next one two three as per via than so if not no yes make sure how what which who when where')
    .split(' '),
);

/** Verbs that gather or look things up: steps led by these are siblings, never producers of each other. */
export const GATHER_VERBS = new Set(
  ('research investigate explore search find look lookup fetch get retrieve download collect gather query read ' +
    'list check browse scrape crawl study survey identify discover obtain pull load open inspect')
    .split(' '),
);

/** Leading verbs of steps that aggregate what came before. */
export const AGGREGATION_VERBS = new Set(
  ('compare contrast summarize summarise synthesize synthesise combine rank merge aggregate consolidate ' +
    'compile integrate reconcile conclude recap tally collate unify report')
    .split(' '),
);

/** Leading verbs of steps with outside effects that come last: they wait for everything before. */
export const TERMINAL_VERBS = new Set(
  'publish ship deploy release submit deliver send post present finalize finalise announce'.split(' '),
);

/** Phrases that make a step aggregate (depend on every earlier step). */
export const AGGREGATION_PHRASES: readonly RegExp[] = [
  /\ball of the above\b/i,
  /\bfinal (report|summary|answer|recommendation|document|deliverable|review)\b/i,
  /\b(write|create|prepare|produce|generate|compile|assemble|deliver|put together)\b(\s+\w+){0,3}?\s+(report|summary|overview|comparison|conclusion|recommendations?|brief|digest|memo|synthesis|ranking)\b/i,
  /\b(comparison|summary|synthesis|ranking) of\b/i,
  /\b(across|between) (all|the|these|both)\b/i,
];

/** Every match of an AGGREGATION_PHRASES holds one of these, lowercased (`containsAny`). */
export const AGGREGATION_LITERALS: readonly string[] = [
  'all of the above', 'final ', 'report', 'summary', 'overview', 'comparison', 'conclusion', 'recommendation', 'brief',
  'digest', 'memo', 'synthesis', 'ranking', 'across ', 'between ',
];

/** Phrases that point back at every earlier step. */
export const BACKWARD_ALL_PHRASES: readonly RegExp[] = [
  /\b(above|so far|gathered|collected|previously)\b/i,
  /\b(previous|prior|preceding|earlier) (results|findings|steps|outputs|research|work|data|information|answers)\b/i,
  /\ball (the |of the )?(results|findings|outputs|research|information|data|answers|steps)\b/i,
];

/** Every match of a BACKWARD_ALL_PHRASES holds one of these, lowercased (`containsAny`). */
export const BACKWARD_ALL_LITERALS: readonly string[] = ['above', 'so far', 'gathered', 'collected', 'previous', 'prior', 'preceding', 'earlier', 'all '];

/** Phrases that point back at the immediately preceding step. */
export const BACKWARD_ONE_PHRASES: readonly RegExp[] = [
  /\b(the )?(previous|preceding|prior|last) (step|task|one|output|result)\b/i,
  /\b(its|that|this) (output|result|answer)\b/i,
];

/** Every match of a BACKWARD_ONE_PHRASES holds one of these, lowercased (`containsAny`). */
export const BACKWARD_ONE_LITERALS: readonly string[] = ['previous', 'preceding', 'prior', 'last ', ' output', ' result', ' answer'];

/**
 * Whether a lowercased text holds one of `literals`. A pattern's literals are strings every
 * match of it holds, lowercased (its matches are ASCII letters, which lowercase to
 * themselves): without any, the pattern cannot match, and is not run. Tested against the
 * patterns in test/analysis/phrase-literals.test.ts.
 */
export function containsAny(lower: string, literals: readonly string[]): boolean {
  for (let x = 0; x < literals.length; x++) if (lower.includes(literals[x]!)) return true;
  return false;
}

/**
 * `containsAny(lower, literals)` as one regular expression: `literalTest(literals).test(lower)`.
 * One native search for all the literals is several times faster than one `includes` each
 * (test/analysis/phrase-literals.test.ts compares the two). Built once per list, at load.
 */
export function literalTest(literals: readonly string[]): RegExp {
  if (literals.length === 0) return /(?!)/;
  return new RegExp(literals.map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
}

export const AGGREGATION_LITERAL_TEST = literalTest(AGGREGATION_LITERALS);
export const BACKWARD_ALL_LITERAL_TEST = literalTest(BACKWARD_ALL_LITERALS);
export const BACKWARD_ONE_LITERAL_TEST = literalTest(BACKWARD_ONE_LITERALS);

export const PROCESSING_TYPES = new Set(['processing', 'analysis', 'synthesis', 'aggregation', 'report', 'writing']);
export const RESEARCH_TYPES = new Set(['research', 'retrieval', 'search', 'gathering', 'fetch', 'lookup']);

/** The words of a text, lowercased. Regular-expression literals in a function body are new objects on every call: this one is shared. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORDS) ?? [];
}

/** `words(text)` of a text given lowercased (`lower === text.toLowerCase()`): no second lowercasing. */
export function wordsOfLower(lower: string): string[] {
  return lower.match(WORDS) ?? [];
}

const WORDS = /[a-z0-9]+(?:'[a-z]+)?/g;

/** Crude suffix stemmer: "drafted" -> "draft", "cities" -> "city", "cleaning" -> "clean". */
export function stem(word: string): string {
  return stemOfWord(word).stem;
}

/** A word's stem, and the stem's number (`stemNumber`). */
interface WordStem {
  stem: string;
  number: number;
}

/** `stem(word)` with the stem's number: one cache lookup for both. */
function stemOfWord(word: string): WordStem {
  let cached = STEMS.get(word);
  if (cached === undefined) {
    // Plans repeat their words; the cache is cleared before it grows large.
    if (STEMS.size >= 50_000) STEMS.clear();
    const s = computeStem(word);
    STEMS.set(word, (cached = { stem: s, number: stemNumber(s) }));
  }
  return cached;
}

const STEMS = new Map<string, WordStem>();

/**
 * A number per distinct stem, for the process (kept while the word cache is cleared, so a stem
 * keeps its number within an analysis); `StemIds` numbers them again densely per analysis.
 */
function stemNumber(s: string): number {
  let n = STEM_NUMBERS.get(s);
  if (n === undefined) STEM_NUMBERS.set(s, (n = STEM_NUMBERS.size));
  return n;
}

const STEM_NUMBERS = new Map<string, number>();

/** Per process number, the analysis (`StemIds.epoch`) that last numbered it, and its id there. */
let idEpochs = new Int32Array(1024);
let idsOfNumbers = new Int32Array(1024);
let lastEpoch = 0;

/**
 * Ids of stems for one analysis: 0, 1, 2, ... in the order first seen, one per distinct stem
 * (equal stems, equal ids), so the rules can keep per-stem tables in arrays rather than maps
 * keyed by the stem's text. Create one per analysis, before any stem of it is numbered:
 * creating one may forget the process's numbers (when there are many), which renumbers stems.
 */
export class StemIds {
  readonly epoch: number;
  /** The stem of each id. */
  readonly stems: string[] = [];

  constructor() {
    if (STEM_NUMBERS.size >= 200_000) {
      STEM_NUMBERS.clear();
      STEMS.clear();
      idEpochs.fill(0);
      lastEpoch = 0;
    }
    this.epoch = ++lastEpoch;
  }

  /** The id of stem `s`, whose process number is `n` (this module's own lookups). */
  idOfNumber(n: number, s: string): number {
    if (n >= idEpochs.length) {
      const size = Math.max(n + 1, idEpochs.length * 2);
      const epochs = new Int32Array(size);
      epochs.set(idEpochs);
      idEpochs = epochs;
      const ids = new Int32Array(size);
      ids.set(idsOfNumbers);
      idsOfNumbers = ids;
    }
    if (idEpochs[n] === this.epoch) return idsOfNumbers[n]!;
    idEpochs[n] = this.epoch;
    const id = this.stems.length;
    idsOfNumbers[n] = id;
    this.stems.push(s);
    return id;
  }

  /** The id of a stem. */
  of(s: string): number {
    return this.idOfNumber(stemNumber(s), s);
  }

  /** The id of a word's stem (`stem(word)`). */
  ofWord(word: string): number {
    const w = stemOfWord(word);
    return this.idOfNumber(w.number, w.stem);
  }
}

function computeStem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, '');
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  for (const suffix of ['ions', 'ion', 'ing', 'ed', 'es', 's']) {
    if (w.length > suffix.length + 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // "planned" -> "plann" -> "plan"
  if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !'aeiouls'.includes(w[w.length - 1]!)) w = w.slice(0, -1);
  // "translate" / "translated" / "translation" -> "translat"
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Stems sharing this many first letters are one word family: "transcrib" ~ "transcript". */
export const RELATED_PREFIX = 7;

/**
 * Whether two stems name the same thing, as far as a crude stemmer can tell: equal, or (both
 * of letters only) one a prefix of the other with at least 4 letters ("data" ~ "dataset",
 * "model" ~ "modell"), or sharing their first RELATED_PREFIX letters ("transcrib" ~ "transcript").
 */
export function relatedStems(a: string, b: string): boolean {
  if (a === b) return true;
  // Related stems that differ share their first 4 letters at least: most pairs differ in their
  // first unit, and are told apart before any loop over their letters.
  if (a.length < 4 || b.length < 4 || a.charCodeAt(0) !== b.charCodeAt(0)) return false;
  // Words with digits are names ("batch12", "q3"): only equal ones are related.
  if (!isAlphabetic(a) || !isAlphabetic(b)) return false;
  // No destructuring of a new pair, nor a slice: this runs for most pairs of words the rules compare.
  const short = a.length <= b.length ? a : b;
  const long = a.length <= b.length ? b : a;
  if (short.length >= 4 && long.startsWith(short)) return true;
  if (short.length < RELATED_PREFIX) return false;
  for (let i = 0; i < RELATED_PREFIX; i++) if (short.charCodeAt(i) !== long.charCodeAt(i)) return false;
  return true;
}

/** Whether a word is made of the digits 0-9 only (and is not empty). */
function isDigits(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return word.length > 0;
}

/** Whether a word is made of the letters a-z only. */
export function isAlphabetic(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/**
 * Whether a sentence of the text puts a pronoun where its leading verb's object goes ("Translate
 * it into French", "Then check them", "Write up the result", but not "the result of step 2"): the
 * step works on an earlier step's output.
 */
export function refersBackByPronoun(text: string): boolean {
  return OBJECT_PRONOUN.test(text);
}

/** Every match of refersBackByPronoun's pattern holds one of these, lowercased (`containsAny`): "it", or "th" of this, that, these, those, them, the result. */
export const OBJECT_PRONOUN_LITERALS: readonly string[] = ['it', 'th'];
export const OBJECT_PRONOUN_LITERAL_TEST = literalTest(OBJECT_PRONOUN_LITERALS);

export const OBJECT_PRONOUN =
  /(?:^|[.!?;:]\s+)(?:(?:please|then|now|next|finally|also|and)\s+)*[a-z]+(?:\s+(?:up|out|over|down|back|through|on))?\s+(?:it|them|this|that|these|those|the (?:result|results|output|outputs)(?!\s+of\b))\b/i;

const FILLERS = new Set(['please', 'then', 'now', 'first', 'finally', 'next', 'also', 'and']);
const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

/** The leading verb (stemmed), skipping polite fillers like "please" / "then". */
export function leadingVerb(text: string): string | undefined {
  // The words of text.toLowerCase() by WORD, scanned in place while the text is ASCII (a
  // non-ASCII character may lowercase into a word character: then the expression decides).
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c >= 128) return leadingVerbByExpression(text);
    if (!isWordUnit(c)) {
      i++;
      continue;
    }
    let end = i + 1;
    for (; end < text.length; end++) {
      const d = text.charCodeAt(end);
      if (d >= 128) return leadingVerbByExpression(text);
      if (!isWordUnit(d)) break;
    }
    // (?:'[a-z]+)?
    if (end < text.length && text.charCodeAt(end) === 39) {
      let last = end + 1;
      for (; last < text.length; last++) {
        const d = text.charCodeAt(last);
        if (d >= 128) return leadingVerbByExpression(text);
        if (!isLetterUnit(d)) break;
      }
      if (last > end + 1) end = last;
    }
    const word = text.slice(i, end).toLowerCase();
    if (!FILLERS.has(word)) return stem(word);
    i = end;
  }
  return undefined;
}

/** A-Z, a-z, 0-9: [a-z0-9] once lowercased. */
function isWordUnit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/** A-Z, a-z: [a-z] once lowercased. */
function isLetterUnit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function leadingVerbByExpression(text: string): string | undefined {
  const lower = text.toLowerCase();
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m !== null; m = WORD.exec(lower)) if (!FILLERS.has(m[0])) return stem(m[0]);
  return undefined;
}

/** Content words (stemmed) that are not stopwords and not the verb (pass it when known: `leadingVerb(text)`). */
export function contentStems(text: string, limit = Infinity, verb = leadingVerb(text)): string[] {
  return contentStemsOfWords(words(text), limit, verb);
}

/** `contentStems` of a text whose `words` are given; with `ids`, each stem's id pushed there too (`ids.of(stem)`, in order). */
export function contentStemsOfWords(ws: readonly string[], limit: number, verb: string | undefined, ids?: StemIds, into?: number[]): string[] {
  const out: string[] = [];
  for (let x = 0; x < ws.length; x++) {
    const w = ws[x]!;
    if (w.length < 3 || STOPWORDS.has(w) || isDigits(w)) continue;
    const found = stemOfWord(w);
    const s = found.stem;
    if (s === verb || out.includes(s)) continue;
    out.push(s);
    if (ids !== undefined) into!.push(ids.idOfNumber(found.number, s));
    if (out.length >= limit) break;
  }
  return out;
}

/** `leadingVerb` of a text whose `words` are given. */
export function leadingVerbOfWords(ws: readonly string[]): string | undefined {
  for (let x = 0; x < ws.length; x++) if (!FILLERS.has(ws[x]!)) return stem(ws[x]!);
  return undefined;
}

const GATHER_STEMS = new Set([...GATHER_VERBS].map(stem));
const TERMINAL_STEMS = new Set([...TERMINAL_VERBS].map(stem));
const AGGREGATION_STEMS = new Set([...AGGREGATION_VERBS].map(stem));

export function isGatherVerb(verb: string | undefined): boolean {
  return verb !== undefined && (GATHER_VERBS.has(verb) || GATHER_STEMS.has(verb));
}

const SENTENCE_END = /[.!?;:]\s+/g;

/** Leading verbs (stemmed) of the title and of each sentence of the description. */
export function sentenceVerbs(step: { title?: string | undefined; description?: string | undefined }): string[] {
  const verbs: string[] = [];
  for (const text of [step.title ?? '', step.description ?? '']) {
    // The sentences of text.split(/(?<=[.!?;:])\s+/), without the slow lookbehind.
    let start = 0;
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(text); m !== null; m = SENTENCE_END.exec(text)) {
      const verb = leadingVerb(text.slice(start, m.index + 1));
      if (verb !== undefined) verbs.push(verb);
      start = m.index + m[0].length;
    }
    const verb = leadingVerb(text.slice(start));
    if (verb !== undefined) verbs.push(verb);
  }
  return verbs;
}

/** Words like "drafted" / "translated": stems of past participles naming another step's output. */
export function participleStems(text: string): string[] {
  // No word ends in "ed" without "ed" in the text.
  if (!text.toLowerCase().includes('ed')) return [];
  return participleStemsOfWords(words(text));
}

/** `participleStems` of a text whose `words` are given. */
export function participleStemsOfWords(ws: readonly string[]): string[] {
  const out: string[] = [];
  for (let x = 0; x < ws.length; x++) {
    const w = ws[x]!;
    if (w.length > 4 && w.endsWith('ed')) out.push(stem(w));
  }
  return out;
}

/** Nouns after "all" / "every" / "each of the": "Review all translations" -> ["translat"]. */
export function quantifiedStems(text: string): string[] {
  const stems: string[] = [];
  // An exec loop over one shared expression: matchAll would copy the expression on every call.
  QUANTIFIED.lastIndex = 0;
  for (let m = QUANTIFIED.exec(text); m !== null; m = QUANTIFIED.exec(text)) stems.push(stem(m[1]!));
  return stems;
}

const QUANTIFIED = /\b(?:all|every|each of)\s+(?:the\s+|of\s+the\s+)?([a-z]+)/gi;

export function isTerminalVerb(verb: string | undefined): boolean {
  return verb !== undefined && TERMINAL_STEMS.has(verb);
}

export function isAggregationVerb(verb: string | undefined): boolean {
  return verb !== undefined && (AGGREGATION_STEMS.has(verb) || AGGREGATION_VERBS.has(verb));
}

/** 1-based step numbers (a shared empty list when there are none: do not change it) named as "step 3", "steps 1-10", "steps 2, 4 and 5", "subgoal 1", "task 2". */
export function stepNumbers(text: string): number[] {
  if (!STEP_WORD.test(text)) return NO_NUMBERS;
  const found = new Set<number>();
  // Exec loops over shared expressions: matchAll would copy them on every call.
  STEP_NUMBERS.lastIndex = 0;
  for (let m = STEP_NUMBERS.exec(text); m !== null; m = STEP_NUMBERS.exec(text)) {
    let last = Number(m[1]);
    found.add(last);
    const parts = m[2] ?? '';
    STEP_NUMBER_PARTS.lastIndex = 0;
    for (let part = STEP_NUMBER_PARTS.exec(parts); part !== null; part = STEP_NUMBER_PARTS.exec(parts)) {
      const n = Number(part[2]);
      if (['-', '–', 'to', 'through'].includes(part[1]!.toLowerCase()) && n >= last && n - last <= 1000) {
        for (let k = last; k <= n; k++) found.add(k);
      } else found.add(n);
      last = n;
    }
  }
  return found.size === 0 ? NO_NUMBERS : [...found];
}

/** What stepNumbers returns for a text naming no step number: one shared list, never changed. */
const NO_NUMBERS: number[] = [];

const STEP_WORD = /step|subgoal|subtask|task/i;
const STEP_NUMBERS = /\b(?:steps?|subgoals?|subtasks?|tasks?)\s*#?(\d+)((?:\s*(?:-|–|to|through|,|and|&)\s*#?\d+)*)/gi;
const STEP_NUMBER_PARTS = /(-|–|to|through|,|and|&)\s*#?(\d+)/gi;

export function mentionsWord(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`, 'i').test(text);
}

/**
 * A tool's name as planners write it in an instrument wrapper: `tool_2`, tool-2, Tool2, SearchMovie,
 * Image-to-Text, snake_case (a digit, an underscore, an inner capital or a hyphen before a capital),
 * optionally after "the" and before "API" / "tool" / ...; or "the Etsy API", "the Google Search tool"
 * (capitalised words and the kind). A plain word ("a knife", "Python") is not a tool's name.
 */
const TOOL_WORD = String.raw`(?:\x60[^\x60\n]{1,60}\x60|[A-Za-z][A-Za-z0-9]*(?:[_\-./][A-Za-z0-9]+)*)`;
const TOOL_KIND = String.raw`(?:API|[Aa]pi|[Tt]ool|[Ee]ndpoint|[Ff]unction|[Ss]ervice|[Pp]lugin|[Mm]odel)`;
const TOOL_NAME = String.raw`(?:[Tt]he\s+)?(?:(${TOOL_WORD})(?:\s+${TOOL_KIND})?|((?:[A-Z][A-Za-z0-9]*\s+){1,3})${TOOL_KIND})`;
const INSTRUMENT_VERB = String.raw`(?:[Cc]all|[Uu]se|[Ii]nvoke|[Rr]un|[Ee]xecute|[Ee]mploy|[Uu]tili[sz]e|[Ll]everage|[Tt]rigger)`;
/** "Call Tool2 to <work>", "Use the Tool3 API to <work>", "With Tool2, <work>", "[Tool2] <work>", "Tool2: <work>". */
const INSTRUMENT_WRAPPER = new RegExp(
  String.raw`^\s*(?:${INSTRUMENT_VERB}\s+${TOOL_NAME}\s+to\s+(?=[A-Za-z])` +
    String.raw`|(?:[Ww]ith|[Uu]sing|[Vv]ia)\s+${TOOL_NAME}\s*,\s*(?=[A-Za-z])` +
    String.raw`|\[([^\]\n]{1,60})\]\s*(?=[A-Za-z])` +
    String.raw`|(${TOOL_WORD}):\s+(?=[A-Za-z]))`,
);

/** The first words of the wrappers that start with a word, lowercased (the colon form ends its first word with ":"). */
const WRAPPER_FIRST_WORDS = new Set(['call', 'use', 'invoke', 'run', 'execute', 'employ', 'utilize', 'utilise', 'leverage', 'trigger', 'with', 'using', 'via']);

/** A name that only a tool has: a digit, an underscore, an inner capital, a hyphen before a capital or backticks. */
function toolLike(name: string): boolean {
  return /[0-9_`]|[a-z][A-Z]|-[A-Z]/.test(name);
}

export interface Unwrapped {
  /** The work, its first letter capitalised: "Call Tool2 to find the ID" -> "Find the ID". */
  work: string;
  /** The tool the wrapper names, without "the", "API" or backticks: "Tool2", "Etsy". */
  tool: string;
}

/**
 * The work inside an instrument wrapper at the start of a step's text (numbering already
 * stripped): "Call SearchMovie to find ...", "Use the Etsy API to get ...", "With Tool2, obtain ...",
 * "[Tool2] Find ...", "Tool2: Find ..."; undefined when the text has none. Temporal and intent
 * words ("Then, ...", "I need to ...") are not wrappers: they stay in the text the rules read.
 */
export function unwrapInstrument(text: string): Unwrapped | undefined {
  const c = text.charCodeAt(0);
  // Every wrapper starts with white space, "[", a backtick or a letter; past a letter, with one of
  // WRAPPER_FIRST_WORDS or with a word and a colon ("Tool2:"). Most steps are ruled out here.
  if (!(c <= 32 || c === 91 || c === 96 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return undefined;
  if (c > 32 && c !== 91 && c !== 96) {
    const space = text.indexOf(' ');
    const first = space === -1 ? text : text.slice(0, space);
    if (!WRAPPER_FIRST_WORDS.has(first.toLowerCase()) && first.charCodeAt(first.length - 1) !== 58) return undefined;
  }
  const m = INSTRUMENT_WRAPPER.exec(text);
  if (m === null) return undefined;
  // Groups: 1, 2 the verb's tool (a name, capitalised words before a kind); 3, 4 the same after "with";
  // 5 the bracket's content; 6 the name before a colon.
  const kinded = m[2] ?? m[4];
  const name = m[1] ?? m[3];
  let tool: string;
  if (kinded !== undefined) tool = kinded.trim();
  else if (name !== undefined) {
    // A plain word is a tool only with its kind after it ("the Etsy API"), not alone ("Use a knife to").
    if (!toolLike(name) && !new RegExp(String.raw`^\S+\s+${TOOL_KIND}\b`).test(m[0].replace(/^\s*\S+\s+(?:[Tt]he\s+)?/, ''))) return undefined;
    tool = name;
  } else if (m[5] !== undefined) tool = m[5].trim();
  else {
    if (!toolLike(m[6]!)) return undefined;
    tool = m[6]!;
  }
  tool = tool.replace(/^\x60|\x60$/g, '');
  const rest = text.slice(m[0].length);
  if (rest === '') return undefined;
  return { work: rest.charAt(0).toUpperCase() + rest.slice(1), tool };
}

/**
 * "I need to <work>", "We will <work>", "Let's <work>", "I'll <work>", "We should <work>": the
 * planner's voice before the work, which says nothing about data. Not temporal words: "We will
 * then ..." reads "Then ...", still evidence of dependence.
 */
const INTENT_WRAPPER =
  /^\s*(?:(?:I|We)(?:'ll|\s+(?:will|shall|should|must|can|need to|needs to|want to|have to|am going to|are going to|would like to|plan to|intend to|aim to|try to))|Let's|Lets|Let us|Now,? (?:I|we) (?:will|need to))\s+(?=[A-Za-z])/i;

/** The work after an intent wrapper, its first letter capitalised; undefined when there is none. */
export function unwrapIntent(text: string): string | undefined {
  const c = text.charCodeAt(0) | 32;
  if (c !== 105 && c !== 119 && c !== 108 && c !== 110 && text.charCodeAt(0) > 32) return undefined;
  const m = INTENT_WRAPPER.exec(text);
  if (m === null) return undefined;
  const rest = text.slice(m[0].length);
  return rest === '' ? undefined : rest.charAt(0).toUpperCase() + rest.slice(1);
}
