/**
 * A plan that marks the earlier answers a step uses by number ("What artists contributed to
 * #1?", "Is #1 greater than #2?") states each step's inputs, as tool calls with {{references}}
 * do: a step is independent of the earlier steps it does not mark, and a step that marks none
 * reads no earlier step, unless its text links it to one otherwise (a pronoun, a shared
 * subject, "then": dependence evidence beats this). Plans that mark no reference, or write a
 * "#N" that names no earlier step (an issue number, a rank, a tag), are not judged.
 */
import { answerReferences } from '../dependence/answer-references.js';
import type { IndependenceRule } from '../rule.js';

export const markedReferences: IndependenceRule = {
  name: 'marked-references',
  candidates: (ctx) => {
    const { sources, consistent } = answerReferences(ctx);
    const marks = consistent && sources.some((s) => s !== undefined);
    return sources.map((_, k) => marks && k > 0);
  },
  pair: (ctx, i, j) => {
    const { sources, written } = answerReferences(ctx);
    const named = sources[j];
    if (named === undefined) return `the plan marks the answers a step uses (#k); "${ctx.order[j]}" marks none`;
    if (named.includes(i)) return undefined;
    return `"${ctx.order[j]}" marks the answers it uses (${written[j]!.map((n) => `#${n}`).join(', ')}) and not "${ctx.order[i]}"`;
  },
};
