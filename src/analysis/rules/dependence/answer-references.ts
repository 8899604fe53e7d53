/**
 * "Is #1 greater than #2?", "What artists contributed to #1?", "Use #E2 to ...": a planner's
 * (or a question decomposition's) numbered reference to the answer of an earlier step. The step
 * depends on the steps it names so. A leading "#N" that is the step's own number is numbering.
 */
import type { AnalysisStep } from '../../schema.js';
import type { DependenceRule, RuleContext } from '../rule.js';

/** "#3", "#12's", "#2s", "#E2" (ReWOO's evidence): the whole number after "#". */
const ANSWER_REFERENCE = /#E?(\d+)(?!\d)/g;

/** Per position, the earlier positions named and, beside each, the number written. */
export interface AnswerReferences {
  sources: Array<number[] | undefined>;
  written: Array<number[] | undefined>;
  /**
   * Whether every "#N" of the plan names an earlier step: the plan uses "#k" as its reference
   * notation, not for issue numbers, ranks or tags ("issue #12", "the #1 song" in step 1).
   */
  consistent: boolean;
}

const cache = new WeakMap<RuleContext, AnswerReferences>();

function referencesIn(text: string | undefined, ownNumber: number, into: Set<number>): void {
  if (text === undefined || !text.includes('#')) return;
  ANSWER_REFERENCE.lastIndex = 0;
  for (let m = ANSWER_REFERENCE.exec(text); m !== null; m = ANSWER_REFERENCE.exec(text)) {
    const n = Number(m[1]);
    // "#2 - Summarize #1": the leading number is the step's own.
    if (n === ownNumber && text.slice(0, m.index).trim() === '') continue;
    into.add(n);
  }
}

/**
 * Per position, the earlier positions its text names as "#k" (ascending), when it names any.
 * "#k" is the k-th step as given (or the step with id "k"); a number naming no earlier step is
 * not a reference.
 */
export function answerReferences(ctx: RuleContext): AnswerReferences {
  const known = cache.get(ctx);
  if (known) return known;
  const named: Array<number[] | undefined> = [];
  const written: Array<number[] | undefined> = [];
  let consistent = true;
  let byId: Map<string, AnalysisStep> | undefined;
  let planIndex: Map<string, number> | undefined;
  for (let k = 0; k < ctx.facts.length; k++) {
    const step = ctx.facts[k]!.step;
    if (!(step.title?.includes('#') === true || step.description?.includes('#') === true)) {
      named.push(undefined);
      written.push(undefined);
      continue;
    }
    byId ??= new Map(ctx.steps.map((s) => [s.id, s]));
    planIndex ??= new Map(ctx.steps.map((s, i) => [s.id, i + 1]));
    const own = planIndex.get(step.id) ?? k + 1;
    const numbers = new Set<number>();
    referencesIn(step.title, own, numbers);
    referencesIn(step.description, own, numbers);
    const found: Array<[number, number]> = [];
    for (const n of numbers) {
      const target = byId.get(`${n}`) ?? ctx.steps[n - 1];
      const at = target === undefined ? undefined : ctx.position.get(target.id);
      if (at !== undefined && at < k) found.push([at, n]);
      else consistent = false;
    }
    found.sort((a, b) => a[0] - b[0]);
    named.push(found.length === 0 ? undefined : found.map(([at]) => at));
    written.push(found.length === 0 ? undefined : found.map(([, n]) => n));
  }
  const result = { sources: named, written, consistent };
  cache.set(ctx, result);
  return result;
}

/**
 * Whether the plan marks the answers its steps use ("#k"), every mark naming an earlier step:
 * its marks then state each step's inputs, and words two steps share ("How sensitive is a grey
 * seal's hearing?", "How sensitive is a dog's hearing?", then "Is #2 better than #1?") are the
 * parallel questions of a comparison, not one step's output read by the other.
 */
export function marksInputs(ctx: RuleContext): boolean {
  const { sources, consistent } = answerReferences(ctx);
  return consistent && sources.some((s) => s !== undefined);
}

export const answerReferencesRule: DependenceRule = {
  name: 'answer-references',
  start: (ctx) => {
    const { sources, written } = answerReferences(ctx);
    return (k, found) => {
      const named = sources[k];
      if (named === undefined || found.followsAll) return;
      for (let x = 0; x < named.length; x++) found.add(named[x]!, `"${ctx.order[k]}" uses the answer of "${ctx.order[named[x]!]}" (#${written[k]![x]})`);
    };
  },
};
