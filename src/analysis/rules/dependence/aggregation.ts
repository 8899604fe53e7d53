/**
 * A step that aggregates ("Compare the cities", "Write the final report") or has outside
 * effects ("Publish the episode") depends on every earlier step.
 */
import { AGGREGATION_PHRASES, isAggregationVerb, isTerminalVerb, sentenceVerbs } from '../../heuristic-text.js';
import type { DependenceRule } from '../rule.js';

export const aggregation: DependenceRule = {
  name: 'aggregation',
  start: (ctx) => (k, found) => {
    const f = ctx.facts[k]!;
    if (f.text === '' || k === 0) return;
    const id = ctx.order[k]!;
    if (isAggregationVerb(f.verb) || AGGREGATION_PHRASES.some((p) => p.test(f.text)) || (/[.!?;:]\s/.test(f.text) && sentenceVerbs({ description: f.text }).some(isAggregationVerb))) {
      found.all(`"${id}" aggregates the earlier results`);
    } else if (isTerminalVerb(f.verb)) {
      found.all(`"${id}" has outside effects, so it comes after the earlier steps`);
    }
  },
};
