/**
 * The corpus of real planner outputs (test/fixtures/plans/corpus/*.json, made by
 * bench/corpus/convert.ts) and its deterministic split into a tuning and a held-out part.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { AnalysisStepSchema, type AnalysisStep } from '../../src/analysis/schema.js';

export interface CorpusPlan {
  name: string;
  subset: string;
  steps: AnalysisStep[];
  /** Ground truth: [from, to], `from` must finish before `to` starts. */
  edges: Array<[string, string]>;
}

export interface CorpusFile {
  source: string;
  upstream: string;
  commit: string;
  license: string;
  description: string;
  /**
   * What the ground truth orders: `dependencies` (the default) when an edge is a data
   * dependence the upstream states (a reference, a graph edge, a partial order); `sequence`
   * when the upstream's annotation also orders steps that share no data (T-Eval's `prev`
   * lists chain unrelated calls), so a kept independence can count as a lost ordering there.
   */
  truth?: 'dependencies' | 'sequence';
  plans: CorpusPlan[];
}

export type Part = 'tuning' | 'held-out';

/** Half of the plans, chosen by the hash of their name: the same plan is always in the same part. */
export function partOf(name: string): Part {
  const byte = createHash('sha256').update(name).digest()[0]!;
  return byte % 2 === 0 ? 'tuning' : 'held-out';
}

export interface LoadedPlan extends CorpusPlan {
  source: string;
  part: Part;
  truth: 'dependencies' | 'sequence';
}

export function loadCorpus(dir = new URL('../../test/fixtures/plans/corpus/', import.meta.url)): LoadedPlan[] {
  const plans: LoadedPlan[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const data = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as CorpusFile;
    for (const plan of data.plans) {
      plans.push({ ...plan, steps: plan.steps.map((s) => AnalysisStepSchema.parse(s)), source: data.source, part: partOf(plan.name), truth: data.truth ?? 'dependencies' });
    }
  }
  return plans;
}
