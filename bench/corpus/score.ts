/**
 * Scores an analyzer on corpus plans: ordering recall, parallelism kept (pooled over the
 * truly independent pairs) and the share of plans whose result is the full chain, beside the
 * two baselines (all sequential, all parallel). Pure apart from the analyzer it is given.
 */
import { ancestors, graphFromEdges, type Edge } from '../../src/engine/graph.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';
import { measureQuality, poolQuality, type Quality } from '../quality.js';

export interface ScoredPlan {
  name: string;
  quality: Quality;
  /** Every pair of steps ordered by the analysis. */
  fullChain: boolean;
}

export interface Score {
  plans: number;
  quality: Quality;
  fullChainShare: number;
  /** Plans with at least one truly independent pair. */
  plansWithParallelism: number;
}

export interface ScoreRow {
  analyzer: Score;
  sequential: Score;
  parallel: Score;
  perPlan: ScoredPlan[];
}

export type Analyzer = (steps: AnalysisStep[]) => Promise<{ edges: Edge[] }>;

interface Scorable {
  name: string;
  steps: AnalysisStep[];
  edges: Array<[string, string]>;
}

/** Whether the edges order every pair of the steps (transitively): nothing may run beside anything. */
export function isFullChain(ids: readonly string[], edges: readonly Edge[]): boolean {
  if (ids.length < 2) return false;
  let ordered = 0;
  for (const set of ancestors(graphFromEdges(ids, edges)).values()) ordered += set.size;
  return ordered === (ids.length * (ids.length - 1)) / 2;
}

function summarize(perPlan: ScoredPlan[]): Score {
  return {
    plans: perPlan.length,
    quality: poolQuality(perPlan.map((p) => p.quality)),
    fullChainShare: perPlan.length === 0 ? 0 : perPlan.filter((p) => p.fullChain).length / perPlan.length,
    plansWithParallelism: perPlan.filter((p) => p.quality.independentPairs > 0).length,
  };
}

function chain(steps: readonly AnalysisStep[]): Edge[] {
  const edges: Edge[] = [];
  for (let i = 1; i < steps.length; i++) edges.push({ from: steps[i - 1]!.id, to: steps[i]!.id });
  return edges;
}

export async function scorePlans(plans: readonly Scorable[], analyze: Analyzer): Promise<ScoreRow> {
  const rows: Record<'analyzer' | 'sequential' | 'parallel', ScoredPlan[]> = { analyzer: [], sequential: [], parallel: [] };
  for (const plan of plans) {
    const ids = plan.steps.map((s) => s.id);
    const truth = plan.edges.map(([from, to]) => ({ from, to }));
    const predicted = { analyzer: (await analyze(plan.steps)).edges, sequential: chain(plan.steps), parallel: [] as Edge[] };
    for (const key of ['analyzer', 'sequential', 'parallel'] as const) {
      const quality = measureQuality(ids, truth, predicted[key]);
      rows[key].push({ name: plan.name, quality, fullChain: isFullChain(ids, predicted[key]) });
    }
  }
  return { analyzer: summarize(rows.analyzer), sequential: summarize(rows.sequential), parallel: summarize(rows.parallel), perPlan: rows.analyzer };
}
