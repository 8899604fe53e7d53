/**
 * What the analysis reads of one lowercased word, computed once per distinct word and shared
 * by every step (an intern table): its stem, whether it is a content word (three units or
 * more, not a stopword, not only digits), a polite filler ("please", "then") or a past
 * participle ("drafted"). One map lookup per word then replaces a stopword lookup, a digit
 * scan, a suffix test and the stem cache's lookup. The facts of a step are read from these
 * (`stepWordFacts`); the same answers as heuristic-text's `leadingVerbOfWords`,
 * `contentStemsOfWords` and `participleStemsOfWords` (test/analysis/word-info.test.ts). Pure:
 * the table is a bounded cache of pure values.
 */
import { FILLERS, STOPWORDS, isDigits, stem } from './heuristic-text.js';

export interface WordInfo {
  stem: string;
  /** Not a stopword, three units or more, not only digits: `contentStemsOfWords` keeps it. */
  content: boolean;
  filler: boolean;
  /** More than four units and ending in "ed": `participleStemsOfWords` keeps its stem. */
  participle: boolean;
}

const INFO = new Map<string, WordInfo>();
/** Distinct words kept at most; the table is emptied when it reaches this. */
const MAX_WORDS = 50_000;

export function wordInfo(word: string): WordInfo {
  let info = INFO.get(word);
  if (info === undefined) {
    if (INFO.size >= MAX_WORDS) INFO.clear();
    info = {
      stem: stem(word),
      content: word.length >= 3 && !STOPWORDS.has(word) && !isDigits(word),
      filler: FILLERS.has(word),
      participle: word.length > 4 && word.endsWith('ed'),
    };
    INFO.set(word, info);
  }
  return info;
}

/** What `factsOf` reads of a text's words; `textStems` and `participles` are new lists. */
export interface WordFacts {
  verb: string | undefined;
  textStems: string[];
  participles: string[];
}

/**
 * In one pass over a text's words (`words(text)`): `leadingVerbOfWords(ws)`,
 * `contentStemsOfWords(ws, Infinity, verb)` and, when `withParticiples`,
 * `participleStemsOfWords(ws)` (else `participles` is `none`).
 */
export function stepWordFacts(ws: readonly string[], withParticiples: boolean, none: string[]): WordFacts {
  // The verb first (most texts start with it: one lookup), then every word once.
  let verb: string | undefined;
  for (let x = 0; x < ws.length && verb === undefined; x++) {
    const info = wordInfo(ws[x]!);
    if (!info.filler) verb = info.stem;
  }
  const textStems: string[] = [];
  const participles = withParticiples ? [] : none;
  for (let x = 0; x < ws.length; x++) {
    const info = wordInfo(ws[x]!);
    if (withParticiples && info.participle) participles.push(info.stem);
    if (!info.content) continue;
    const s = info.stem;
    if (s === verb || textStems.includes(s)) continue;
    textStems.push(s);
  }
  return { verb, textStems, participles };
}
