import type { AnalysisStep } from '../src/analysis/schema.js';
import type { PlanStep } from '../src/engine/plan.js';
import { createRandom } from './random-dag.js';

/** A step both the plan validator and the dependency analyzer accept. */
export type GeneratedStep = PlanStep & AnalysisStep;

/**
 * A plan like a long agent plan, seeded: a quarter each of research steps, steps whose
 * arguments reference an earlier result ("{{step_j}}"), processing steps with explicit
 * depends_on, and bare tool calls (get-sum). References and depends_on point at most 50
 * steps back. Acyclic.
 */
export function generatePlan(n: number, seed: number): GeneratedStep[] {
  const random = createRandom(seed);
  const earlier = (i: number) => `step_${Math.max(0, i - 1 - Math.floor(random() * Math.min(i, 50)))}`;
  const steps: GeneratedStep[] = [];
  for (let i = 0; i < n; i++) {
    const id = `step_${i}`;
    const kind = i === 0 ? 0 : Math.floor(random() * 4);
    if (kind === 0) {
      steps.push({ id, title: `Research topic ${i}`, description: `Gather sources about topic ${i}`, step_type: 'research', server: 'everything', tool: 'echo', arguments: { message: `topic ${i}` } });
    } else if (kind === 1) {
      const ref = earlier(i);
      steps.push({ id, title: `Summarize ${ref}`, server: 'everything', tool: 'echo', arguments: { message: `{{${ref}}}` } });
    } else if (kind === 2) {
      const deps = [...new Set([earlier(i), earlier(i)])];
      steps.push({ id, title: `Compare results ${i}`, step_type: 'processing', server: 'everything', tool: 'echo', arguments: { message: `compare ${i}` }, depends_on: deps });
    } else {
      steps.push({ id, server: 'everything', tool: 'get-sum', arguments: { a: i, b: 1 } });
    }
  }
  return steps;
}
