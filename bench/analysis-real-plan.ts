/**
 * A long plan of real steps for bench/analysis-real.ts: the natural-language steps of the
 * WorfBench corpus plans (test/fixtures/plans/corpus/worfbench.json), in file order, cycled
 * until the plan has `steps` steps, renamed s0, s1, ... (deterministic). WorfBench steps have
 * only an id and a description.
 */
import { readFileSync } from 'node:fs';
import type { AnalysisStep } from '../src/analysis/schema.js';

/** `steps` WorfBench steps, cycled in file order, ids s0, s1, ... */
export function realPlan(steps: number, file = new URL('../test/fixtures/plans/corpus/worfbench.json', import.meta.url)): AnalysisStep[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { plans: Array<{ steps: Array<{ description?: string; title?: string }> }> };
  const texts = data.plans.flatMap((p) => p.steps.map((s) => ({ title: s.title, description: s.description })));
  if (texts.length === 0) throw new Error('Expected WorfBench plans with steps, got none');
  const plan: AnalysisStep[] = [];
  for (let i = 0; i < steps; i++) {
    const { title, description } = texts[i % texts.length]!;
    plan.push({ id: `s${i}`, ...(title === undefined ? {} : { title }), ...(description === undefined ? {} : { description }) });
  }
  return plan;
}

