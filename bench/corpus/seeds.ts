/** The seed scenarios (test/fixtures/plans/*.json, the corpus aside) with their true orderings. */
import { readdirSync, readFileSync } from 'node:fs';
import { AnalysisStepSchema, type AnalysisStep } from '../../src/analysis/schema.js';

export interface SeedPlan {
  name: string;
  steps: AnalysisStep[];
  edges: Array<[string, string]>;
}

export function loadSeedPlans(dir = new URL('../../test/fixtures/plans/', import.meta.url)): SeedPlan[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { name: string; steps: unknown[]; edges: [string, string][] };
      return { name: raw.name, steps: raw.steps.map((s) => AnalysisStepSchema.parse(s)), edges: raw.edges };
    });
}
