/**
 * A step that names where its inputs come from ("Book the cheapest flight found in step 1",
 * "Use the themes from step 4 and the churn numbers from step 5") states its inputs, as a
 * tool call with {{references}} does: it is independent of the earlier steps it does not name,
 * unless its text links it to them otherwise (a pronoun, a shared subject, an aggregation).
 */
import { stepNumbers } from '../../heuristic-text.js';
import type { IndependenceRule, RuleContext } from '../rule.js';

const cache = new WeakMap<RuleContext, Array<Set<number> | undefined>>();

/** Per position, the earlier positions its text names by step number, when it names any. */
export function namedSources(ctx: RuleContext): Array<Set<number> | undefined> {
  const known = cache.get(ctx);
  if (known) return known;
  const byId = new Map(ctx.steps.map((s) => [s.id, s]));
  const named = ctx.facts.map((f, k) => {
    if (f.text === '') return undefined;
    const sources = new Set<number>();
    for (const n of stepNumbers(f.text)) {
      const step = byId.get(`${n}`) ?? byId.get(`step${n}`) ?? byId.get(`step_${n}`) ?? byId.get(`step-${n}`) ?? ctx.steps[n - 1];
      const at = step === undefined ? undefined : ctx.position.get(step.id);
      if (at !== undefined && at < k) sources.add(at);
    }
    return sources.size > 0 ? sources : undefined;
  });
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
