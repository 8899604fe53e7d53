/**
 * "Translate it into French", "Resize that image", "Summarize this text", "based on its
 * colour", "Research her filmography": the step works on the output of the latest earlier step
 * that does not do the same thing (its siblings share the antecedent rather than being it).
 */
import { OBJECT_PRONOUN_LITERAL_TEST, literalTest, refersBackByPronoun } from '../../heuristic-text.js';
import type { DependenceRule } from '../rule.js';

/** A demonstrative before a noun ("that image", "these files"), or a possessive, not a conjunction ("check that the ..."). */
const DEMONSTRATIVE =
  /\b(?:this|that|these|those|said|its|their)\s+(?!(?:is|are|was|were|will|can|could|should|would|may|might|has|have|had|does|do|did|the|a|an|it|they|we|you|i|he|she|all|each|every|no|there|way|one|ones|time|case|point|which|when|where|if|by|to|of|in|on|for|with|and|or)\b)[a-z]{3,}/i;

/** Every match of DEMONSTRATIVE holds one of these, lowercased (`containsAny`). */
export const DEMONSTRATIVE_LITERALS: readonly string[] = ['this', 'that', 'these', 'those', 'said', 'its', 'their'];
const DEMONSTRATIVE_LITERAL_TEST = literalTest(DEMONSTRATIVE_LITERALS);
export { DEMONSTRATIVE };

/**
 * "his" or "her" before a noun ("Research her filmography"), unless a name comes before it in
 * the step ("Which substance gave Daredevil his super powers?": the name is its antecedent).
 */
const PERSONAL_POSSESSIVE = /\b(?:his|her)\s+(?!(?:the|a|an|own|and|or|to|of|in|on|for|with|by)\b)[a-z]{3,}/gi;
/** A capitalized word past a sentence's first word: a name. */
const NAME = /[^.!?:;\s]\s+[A-Z]/;

function personalPossessive(text: string, lower: string): boolean {
  if (!lower.includes('his ') && !lower.includes('her ')) return false;
  for (const m of text.matchAll(PERSONAL_POSSESSIVE)) if (!NAME.test(text.slice(0, m.index))) return true;
  return false;
}

/** `lower` is `text.toLowerCase()`, when the caller has it already. */
export function pointsBack(text: string, lower = text.toLowerCase()): boolean {
  return (
    (OBJECT_PRONOUN_LITERAL_TEST.test(lower) && refersBackByPronoun(text)) ||
    (DEMONSTRATIVE_LITERAL_TEST.test(lower) && DEMONSTRATIVE.test(text)) ||
    personalPossessive(text, lower)
  );
}

export const pronoun: DependenceRule = {
  name: 'pronoun',
  start: (ctx) => {
    /** Per position, where the run of consecutive steps with its leading verb starts. */
    const runStart: number[] = [];
    return (k, found) => {
      const f = ctx.facts[k]!;
      const previous = k - 1;
      runStart.push(previous >= 0 && ctx.facts[previous]!.verb === f.verb ? runStart[previous]! : k);
      if (f.text === '' || previous < 0 || found.followsAll || !pointsBack(f.text, f.lower)) return;
      const e = ctx.facts[previous]!.verb === f.verb ? runStart[previous]! - 1 : previous;
      if (e >= 0) found.add(e, `"${ctx.order[k]}" refers back ("it", "this ...") to the output of "${ctx.order[e]}"`);
    };
  },
};
