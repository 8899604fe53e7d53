/**
 * What the rules read about one step, computed once per analysis: its text with the
 * planner's numbering stripped ("Step 2: Summarize ..." reads "Summarize ..."), its leading
 * verb, its kind, and for a tool-call step what it reads or writes. Pure.
 * The text is tokenised once here; the rules read the stems and participles derived from it
 * (`textStemsOf`, `headStemsOf`, `participlesOf`), computed here too, rather than
 * re-tokenising (speed: bench/analysis-worker.ts; outputs: bench/analysis-outputs.ts).
 */
import { PROCESSING_TYPES, RESEARCH_TYPES, StemIds, contentStemsOfWords, leadingVerbOfWords, participleStemsOfWords, unwrapInstrument, unwrapIntent, words, wordsOfLower } from './heuristic-text.js';
import { accessKind, toolAccess, writeByArguments, type ToolAccess } from './heuristic-tools.js';
import { holdsTemplate } from '../engine/references.js';
import type { AnalysisStep, ToolInfoLookup } from './schema.js';

export interface StepFacts {
  step: AnalysisStep;
  /** Title and description, numbering stripped, joined by ". ". */
  text: string;
  lower: string;
  /** The title, else the description's first sentence; numbering stripped. */
  headline: string;
  /** Stemmed leading verb of the headline (else of the text). */
  verb: string | undefined;
  /** First 8 content stems of the headline, computed on first use (`headStemsOf`). */
  headStems: string[] | undefined;
  /** Content stems of the whole text, computed on first use (`textStemsOf`). */
  textStems: string[] | undefined;
  /** The analysis's ids (`StemIds`) of `verb` (-1: none), of `headStems` and of `textStems`, in their order. */
  verbId: number;
  headStemIds: number[];
  textStemIds: number[];
  /** Stems of the text's past participles (`participleStems`), computed on first use (`participlesOf`). */
  participles: string[] | undefined;
  bare: boolean;
  research: boolean;
  processing: boolean;
  declaresData: boolean;
  /** Inputs the author stated: depends_on, references or needs. */
  statesInputs: boolean;
  tool: ToolAccess | undefined;
  /** The tool an instrument wrapper named ("Call SearchMovie to ..." -> "SearchMovie"; its work is the text), else undefined. */
  instrument: string | undefined;
}

/** A word matched in any case, as an expression: "step" -> "[sS][tT][eE][pP]" (the expression has no `i` flag). */
const anyCase = (word: string) => [...word].map((c) => `[${c}${c.toUpperCase()}]`).join('');
const NUMBERED_WORDS = ['step', 'subtask', 'subgoal', 'task', 'stage', 'phase'].map(anyCase).join('|');
const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].map(anyCase).join('|');
const SEPARATOR = String.raw`[:.)\-\u2013\u2014]`;
/**
 * "Step 2:", "2.", "2)", "(2)", "#2 -", "Subtask 2:" at the start of a text; also as planners
 * write them in Markdown or outlines: "**Step 2**:", "**2.**", "### Step 2:", "Step 2 —",
 * "Step two:" (not "Step one foot ..."), "Step-2:", "Step 2 of 5:", "2 - ", and nested
 * "1.2 Summarize", "1.2 open the door" (a step leads with its verb, not a quantity).
 */
export const NUMBERING = new RegExp(
  String.raw`^\s*(?:(?:\*{1,2}|_{1,2}|#{1,6}\s+|>\s*)\s*)?` +
    String.raw`(?:(?:${NUMBERED_WORDS})\s*[-#]?\s*(?:\d+(?:\.\d+)*|(?:${NUMBER_WORDS})(?=\s*[*_]*\s*${SEPARATOR}))(?:\s+${anyCase('of')}\s+\d+)?\s*[*_]*\s*${SEPARATOR}?` +
    String.raw`|[1-9]\d?(?:\.\d{1,2})+\.?\s+|\(?#?\d+\s*[:.)]|\d+\s*[-\u2013\u2014]\s+|#\d+\s*-?)` +
    String.raw`\s*(?:[*_]+\s*(?:${SEPARATOR}\s*)?)?`,
);

export function stripNumbering(text: string): string {
  // NUMBERING matches only texts that start with white space, "(", "#", "*", "_", ">", a digit
  // or the first letter of one of its words (s, t, p): any other ASCII character first, and it cannot.
  const first = text.charCodeAt(0);
  // `| 32` lowercases S, T and P; no other ASCII character becomes s, t or p (`_` | 32 is DEL, tested first).
  const lower = first | 32;
  if (first > 32 && first < 128 && first !== 40 && first !== 35 && first !== 42 && first !== 95 && first !== 62 && !(first >= 48 && first <= 57) && lower !== 115 && lower !== 116 && lower !== 112) return text;
  return text.replace(NUMBERING, '');
}

/** The tool the last `clean` call's wrapper named, else undefined (read right after the call). */
let cleanedTool: string | undefined;

function clean(text: string | undefined): string | undefined {
  cleanedTool = undefined;
  if (text === undefined || text.trim() === '') return undefined;
  // The first tests of stripNumbering and unwrapIntent, made here too: most texts pass neither and
  // skip both calls (calls cost most while the analysis is not optimized yet). Same tests, same results.
  const first = text.charCodeAt(0);
  const lower = first | 32;
  const mayBeNumbered = !(first > 32 && first < 128 && first !== 40 && first !== 35 && first !== 42 && first !== 95 && first !== 62 && !(first >= 48 && first <= 57) && lower !== 115 && lower !== 116 && lower !== 112);
  const numbered = mayBeNumbered ? stripNumbering(text) : text;
  const lead = numbered === text ? first : numbered.charCodeAt(0);
  const leadLower = lead | 32;
  const mayBeIntent = leadLower === 105 || leadLower === 119 || leadLower === 108 || leadLower === 110 || !(lead > 32);
  const stripped = mayBeIntent ? (unwrapIntent(numbered) ?? numbered) : numbered;
  // r11-B2: an instrument wrapper ("Call Tool2 to find ...", "With Tool2, ...", "[Tool2] ...") is stripped
  // too: the rules read the work. The tool's name is kept in `instrument`.
  const unwrapped = unwrapInstrument(stripped);
  if (unwrapped === undefined) return stripped;
  cleanedTool = unwrapped.tool;
  return unwrapped.work;
}

/** The title and description that are not blank, joined by ". ", numbering stripped. */
export function textOf(step: AnalysisStep): string {
  const title = clean(step.title);
  const description = clean(step.description);
  if (title !== undefined && description !== undefined) return `${title}. ${description}`;
  return title ?? description ?? '';
}

/** The title, else the description's first sentence (`description.split(/(?<=[.!?])\s/)[0]`). */
function headlineOf(title: string | undefined, description: string | undefined): string {
  if (title !== undefined) return title;
  if (description === undefined) return '';
  SENTENCE_BREAK.lastIndex = 0;
  const end = SENTENCE_BREAK.exec(description);
  return end === null ? description : description.slice(0, end.index + 1);
}

/** A sentence end followed by a white-space character: the break is after the punctuation. */
const SENTENCE_BREAK = /[.!?]\s/g;

/** One empty word list for the steps without text (never changed); of the array kind the word lists have. */
const NO_WORDS: string[] = [''];
NO_WORDS.pop();

/** One empty id list for the steps without text (never changed). */
const NO_IDS: number[] = [0];
NO_IDS.pop();

/** Access kinds by server, then tool name: tool names repeat across a plan. */
export type AccessKinds = Map<string | undefined, Map<string, ReturnType<typeof accessKind>>>;

/** What factsOf derives from a step's title and description alone (with the analysis's stem ids). */
interface TextFacts {
  /** The (cleaned) title and description the facts are of. */
  title: string | undefined;
  description: string | undefined;
  text: string;
  lower: string;
  headline: string;
  verb: string | undefined;
  headStems: string[];
  textStems: string[];
  verbId: number;
  headStemIds: number[];
  textStemIds: number[];
  participles: string[];
}

/**
 * Per analysis, the text facts of each distinct title and description, by their text: a plan
 * that repeats a step's words (a long plan nearly always does) tokenises and stems them once.
 * The lists are shared by the steps with those words: the rules read them only. One per
 * `StemIds`, whose ids the facts hold.
 */
export type TextFactsCache = Map<string, TextFacts>;

function textFactsOf(text: string, title: string | undefined, description: string | undefined, ids: StemIds): TextFacts {
  const headline = headlineOf(title, description);
  const lower = text.toLowerCase();
  const ws = text === '' ? NO_WORDS : wordsOfLower(lower);
  // leadingVerb(headline) ?? leadingVerb(text): the headline's words begin the text's words
  // (the text is the headline, or the headline and ". " and more, or the headline ends a sentence).
  const verb = leadingVerbOfWords(ws);
  const textStemIds = text === '' ? NO_IDS : [];
  const textStems = text === '' ? NO_WORDS : contentStemsOfWords(ws, Infinity, verb, ids, textStemIds);
  // The headline's first 8 content stems; of a headline that is the whole text, the text's
  // first 8 (`contentStemsOfWords` stops at its limit): the same list when there are no more.
  let headStems = textStems;
  let headStemIds = textStemIds;
  if (text !== '' && headline !== text) {
    headStemIds = [];
    headStems = contentStemsOfWords(words(headline), 8, verb, ids, headStemIds);
  } else if (textStems.length > 8) {
    headStems = textStems.slice(0, 8);
    headStemIds = textStemIds.slice(0, 8);
  }
  return {
    title,
    description,
    text,
    lower,
    headline,
    verb,
    headStems,
    textStems,
    verbId: verb === undefined ? -1 : ids.of(verb),
    headStemIds,
    textStemIds,
    // No word ends in "ed" without "ed" in the text.
    participles: lower.includes('ed') ? participleStemsOfWords(ws) : NO_WORDS,
  };
}

/**
 * `argumentsHoldTemplate`: `holdsTemplate(step.arguments)`, when the caller knows it (certainEdges found it).
 * `ids`: the analysis's stem ids (one for all of its steps); `texts`: the analysis's text facts
 * by title and description (for these `ids` only), when the caller keeps them.
 */
export function factsOf(step: AnalysisStep, kinds: AccessKinds, ids: StemIds, toolInfo?: ToolInfoLookup, argumentsHoldTemplate?: boolean, texts?: TextFactsCache): StepFacts {
  const title = clean(step.title);
  const titleTool = cleanedTool;
  const description = clean(step.description);
  const instrument = titleTool ?? cleanedTool;
  const text = title !== undefined && description !== undefined ? `${title}. ${description}` : (title ?? description ?? '');
  let t: TextFacts | undefined;
  if (texts === undefined) t = textFactsOf(text, title, description, ids);
  else {
    // By the text, which the facts need anyway (no key is built); a text made of another title
    // and description (rare: "A. B" and "A", "B") is computed without the cache.
    t = texts.get(text);
    if (t === undefined) texts.set(text, (t = textFactsOf(text, title, description, ids)));
    else if (t.title !== title || t.description !== description) t = textFactsOf(text, title, description, ids);
  }
  const type = step.step_type?.toLowerCase();
  let tool: ToolAccess | undefined;
  if (step.tool) {
    let byTool = kinds.get(step.server);
    if (!byTool) kinds.set(step.server, (byTool = new Map()));
    let kind = byTool.get(step.tool);
    if (!kind) byTool.set(step.tool, (kind = accessKind(step, toolInfo)));
    // Arguments that state a write (`method: "POST"`, `INSERT ...`) beat a name without one; annotations beat both.
    if (kind.kind === 'read' && !kind.why.startsWith('readOnlyHint')) {
      const write = writeByArguments(step);
      if (write !== undefined) kind = { kind: 'write', why: write };
    }
    tool = toolAccess(step, toolInfo, kind);
  }
  const declaresData = (step.needs?.length ?? 0) + (step.provides?.length ?? 0) > 0;
  const bare = text === '' && !step.tool && !step.step_type && !declaresData && !step.depends_on?.length;
  return {
    step,
    text,
    lower: t.lower,
    headline: t.headline,
    verb: t.verb,
    // Computed here rather than on first use: a field set later changes the objects' layout,
    // and that throws away the optimized code of every rule that reads the facts.
    headStems: t.headStems,
    textStems: t.textStems,
    verbId: t.verbId,
    headStemIds: t.headStemIds,
    textStemIds: t.textStemIds,
    participles: t.participles,
    bare,
    research: type !== undefined && RESEARCH_TYPES.has(type),
    processing: type !== undefined && PROCESSING_TYPES.has(type),
    declaresData,
    statesInputs: (step.depends_on?.length ?? 0) > 0 || (step.needs?.length ?? 0) > 0 || (step.arguments !== undefined && (argumentsHoldTemplate ?? holdsTemplate(step.arguments))),
    tool,
    instrument,
  };
}

export function headStemsOf(f: StepFacts): string[] {
  return (f.headStems ??= contentStemsOfWords(f.headline === f.text ? wordsOf(f) : words(f.headline), 8, f.verb));
}


/** `contentStems(f.text)`: with the text's own leading verb. */
export function textStemsOf(f: StepFacts): string[] {
  if (f.textStems === undefined) {
    const ws = wordsOf(f);
    f.textStems = contentStemsOfWords(ws, Infinity, leadingVerbOfWords(ws));
  }
  return f.textStems;
}

/** `words(f.text)`. The facts do not keep the words: what the rules read of them is kept instead. */
export function wordsOf(f: StepFacts): string[] {
  return f.text === '' ? NO_WORDS : wordsOfLower(f.lower);
}

/** `participleStems(f.text)`, once. */
export function participlesOf(f: StepFacts): string[] {
  // No word ends in "ed" without "ed" in the text.
  return (f.participles ??= f.lower.includes('ed') ? participleStemsOfWords(wordsOf(f)) : NO_WORDS);
}

