/**
 * Quality of a dependency analysis against ground truth, on transitive orderings. Pure.
 * - ordering recall: share of true orderings (a before b, transitively) the analysis keeps;
 * - parallelism kept: share of truly independent pairs the analysis leaves independent.
 */
import { ancestors, graphFromEdges, type Edge } from '../src/engine/graph.js';

export interface QualityCounts {
  trueOrderings: number;
  keptOrderings: number;
  independentPairs: number;
  keptIndependent: number;
}

export interface Quality extends QualityCounts {
  recall: number;
  parallelism_kept: number;
}

export function measureQuality(ids: readonly string[], truth: readonly Edge[], predicted: readonly Edge[]): Quality {
  const t = ancestors(graphFromEdges(ids, truth));
  const p = ancestors(graphFromEdges(ids, predicted));
  const ordered = (m: Map<string, Set<string>>, a: string, b: string) => m.get(b)?.has(a) === true;
  const counts: QualityCounts = { trueOrderings: 0, keptOrderings: 0, independentPairs: 0, keptIndependent: 0 };
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i]!;
      const b = ids[j]!;
      for (const [x, y] of [[a, b], [b, a]] as const) {
        if (ordered(t, x, y)) {
          counts.trueOrderings++;
          if (ordered(p, x, y)) counts.keptOrderings++;
        }
      }
      if (!ordered(t, a, b) && !ordered(t, b, a)) {
        counts.independentPairs++;
        if (!ordered(p, a, b) && !ordered(p, b, a)) counts.keptIndependent++;
      }
    }
  }
  return withRatios(counts);
}

/** Pooled over plans: every ordering and every pair counts once. */
export function poolQuality(parts: readonly QualityCounts[]): Quality {
  const sum: QualityCounts = { trueOrderings: 0, keptOrderings: 0, independentPairs: 0, keptIndependent: 0 };
  for (const q of parts) {
    sum.trueOrderings += q.trueOrderings;
    sum.keptOrderings += q.keptOrderings;
    sum.independentPairs += q.independentPairs;
    sum.keptIndependent += q.keptIndependent;
  }
  return withRatios(sum);
}

function withRatios(c: QualityCounts): Quality {
  return {
    ...c,
    recall: c.trueOrderings === 0 ? 1 : c.keptOrderings / c.trueOrderings,
    parallelism_kept: c.independentPairs === 0 ? 1 : c.keptIndependent / c.independentPairs,
  };
}
