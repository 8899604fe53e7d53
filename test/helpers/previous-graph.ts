/**
 * levels and criticalPath as they were before they took a precomputed topological order and
 * criticalPath stopped building its path with unshift (main at 14c2ad0), kept so a property
 * test can check that the new ones answer the same.
 */
import { depsOf, topologicalOrder, type CriticalPath, type DependencyGraph } from '../../src/engine/graph.js';

export function previousLevels(graph: DependencyGraph): string[][] {
  const level = new Map<string, number>();
  for (const id of topologicalOrder(graph)) {
    let l = 0;
    for (const dep of depsOf(graph, id)) if (level.has(dep)) l = Math.max(l, level.get(dep)! + 1);
    level.set(id, l);
  }
  const stages: string[][] = [];
  for (const id of graph.ids) {
    const l = level.get(id)!;
    (stages[l] ??= []).push(id);
  }
  return stages;
}

export function previousCriticalPath(graph: DependencyGraph, weight: (id: string) => number): CriticalPath {
  if (graph.ids.length === 0) return { steps: [], ms: 0 };
  const finish = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  for (const id of topologicalOrder(graph)) {
    let best = 0;
    let bestDep: string | undefined;
    for (const dep of depsOf(graph, id)) {
      const f = finish.get(dep);
      if (f !== undefined && (bestDep === undefined || f > best)) {
        best = f;
        bestDep = dep;
      }
    }
    finish.set(id, best + weight(id));
    via.set(id, bestDep);
  }
  let end = graph.ids[0]!;
  for (const id of graph.ids) if (finish.get(id)! > finish.get(end)!) end = id;
  const steps: string[] = [];
  for (let at: string | undefined = end; at !== undefined; at = via.get(at)) steps.unshift(at);
  return { steps, ms: finish.get(end)! };
}
