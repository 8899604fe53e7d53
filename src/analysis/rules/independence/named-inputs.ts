/**
 * A step that names where its inputs come from ("Book the cheapest flight found in step 1",
 * "Use the themes from step 4 and the churn numbers from step 5") states its inputs, as a
 * tool call with {{references}} does: it is independent of the earlier steps it does not name,
 * unless its text links it to them otherwise (a pronoun, a shared subject, an aggregation).
 */
import { stepNumbers } from '../../heuristic-text.js';
import type { AnalysisStep } from '../../schema.js';
import type { IndependenceRule, RuleContext } from '../rule.js';

const NONE: readonly number[] = [];

const cache = new WeakMap<RuleContext, Array<Set<number> | undefined>>();

/** Per position, the earlier positions its text names by step number, when it names any. */
export function namedSources(ctx: RuleContext): Array<Set<number> | undefined> {
  const known = cache.get(ctx);
  if (known) return known;
  // Built on the first step number met (most plans name none); the last step with an id wins.
  let byId: Map<string, AnalysisStep> | undefined;
  const named: Array<Set<number> | undefined> = [];
  for (let k = 0; k < ctx.facts.length; k++) {
    const f = ctx.facts[k]!;
    const numbers = f.text === '' ? NONE : stepNumbers(f.text);
    let sources: Set<number> | undefined;
    for (let x = 0; x < numbers.length; x++) {
      const n = numbers[x]!;
      byId ??= new Map(ctx.steps.map((s) => [s.id, s]));
      const step = byId.get(`${n}`) ?? byId.get(`step${n}`) ?? byId.get(`step_${n}`) ?? byId.get(`step-${n}`) ?? ctx.steps[n - 1];
      const at = step === undefined ? undefined : ctx.position.get(step.id);
      if (at !== undefined && at < k) (sources ??= new Set()).add(at);
    }
    named.push(sources);
  }
  cache.set(ctx, named);
  return named;
}

export const namedInputs: IndependenceRule = {
  name: 'named-inputs',
  candidates: (ctx) => namedSources(ctx).map((s) => s !== undefined),
  pair: (ctx, i, j) => {
    const sources = namedSources(ctx)[j];
    if (sources === undefined || sources.has(i)) return undefined;
    const names = [...sources].map((p) => `"${ctx.order[p]}"`).join(', ');
    return `"${ctx.order[j]}" names its inputs (${names}) and not "${ctx.order[i]}"`;
  },
};
