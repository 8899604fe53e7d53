/**
 * A step that aggregates ("Compare the cities", "Write the final report") or has outside
 * effects ("Publish the episode") depends on every earlier step. A later sentence led by an
 * aggregation verb counts too, unless it aggregates within the step's own subject
 * ("Deduplicate the customer records. Merge customers that share an email address.").
 */
import { AGGREGATION_LITERAL_TEST, AGGREGATION_PHRASES, STOPWORDS, isAggregationVerb, isTerminalVerb, leadingVerb, relatedStems, stem, words } from '../../heuristic-text.js';
import { headStemsOf, type StepFacts } from '../../step-facts.js';
import type { DependenceRule } from '../rule.js';

const LATER_SENTENCE = /[.!?;:]\s/;
const SENTENCE_END = /[.!?;:]\s+/g;

/** `text.split(/(?<=[.!?;:])\s+/).slice(1)`, without the slow lookbehind. */
export function laterSentences(text: string): string[] {
  const out: string[] = [];
  SENTENCE_END.lastIndex = 0;
  let m = SENTENCE_END.exec(text);
  while (m !== null) {
    const start = m.index + m[0].length;
    m = SENTENCE_END.exec(text);
    out.push(text.slice(start, m === null ? text.length : m.index + 1));
  }
  return out;
}

/** Whether a sentence after the first is led by an aggregation verb whose object is not the step's own subject. */
function aggregatesInLaterSentence(f: StepFacts): boolean {
  if (!LATER_SENTENCE.test(f.text)) return false;
  const sentences = laterSentences(f.text);
  for (let x = 0; x < sentences.length; x++) {
    const sentence = sentences[x]!;
    const verb = leadingVerb(sentence);
    if (!isAggregationVerb(verb)) continue;
    const object = words(sentence).find((w, i) => i > 0 && !STOPWORDS.has(w) && stem(w) !== verb);
    const own = object !== undefined && headStemsOf(f).some((h) => relatedStems(h, stem(object)));
    if (!own) return true;
  }
  return false;
}

/** AGGREGATION_PHRASES.some((p) => p.test(text)), without a callback per step; `lower` is the text lowercased. */
function hasAggregationPhrase(text: string, lower: string): boolean {
  if (!AGGREGATION_LITERAL_TEST.test(lower)) return false;
  for (let x = 0; x < AGGREGATION_PHRASES.length; x++) if (AGGREGATION_PHRASES[x]!.test(text)) return true;
  return false;
}

export const aggregation: DependenceRule = {
  name: 'aggregation',
  start: (ctx) => (k, found) => {
    const f = ctx.facts[k]!;
    if (f.text === '' || k === 0) return;
    const id = ctx.order[k]!;
    if (isAggregationVerb(f.verb) || hasAggregationPhrase(f.text, f.lower) || aggregatesInLaterSentence(f)) {
      found.all(`"${id}" aggregates the earlier results`);
    } else if (isTerminalVerb(f.verb)) {
      found.all(`"${id}" has outside effects, so it comes after the earlier steps`);
    }
  },
};
