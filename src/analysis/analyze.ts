/**
 * analyzeDependencies: certain edges first, then the LLM (Gemini, else the client's model
 * through sampling) or the heuristic, then stages, critical path, estimate and renderings.
 * Never rejects because an LLM failed; invalid steps throw ParallelMcpError('invalid_plan').
 */
import { anyTopologicalOrder, criticalPath, findCycle, graphFromEdges, levels, type DependencyGraph } from '../engine/graph.js';
import { isAcyclic, pairKey } from './acyclic.js';
import { certainEdges } from './certain-edges.js';
import { heuristicEdges, type HeuristicResult } from './heuristic.js';
import { llmEdges } from './llm.js';
import { withModelIndependence } from './model-independence.js';
import { redundantPairs } from './redundant-pairs.js';
import { mermaidFlowchart } from './render.js';
import {
  CERTAIN_SOURCES,
  type AnalysisResult,
  type AnalysisStep,
  type AnalyzedEdge,
  type AnalyzeOptions,
  type IndependenceEntry,
  type LlmClient,
} from './schema.js';

export * from './schema.js';
export { renderAnalysis } from './render.js';

export async function analyzeDependencies(steps: AnalysisStep[], options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const found = await analyzeEdges(steps, options);
  const { edges, method, fallbacks, warnings } = found;
  const result = summarize(steps, edges, found.independence, method, fallbacks, warnings);
  if (found.heuristicFallback !== undefined && !found.modelAnswered) {
    // The chain is no finding of the analysis: say why it could not run, not that it found nothing.
    fallbacks.push(`heuristic: ${found.heuristicFallback}`);
  } else if (steps.length >= 2 && result.stages.length === steps.length && edges.some((e) => e.source === 'default')) {
    const note = 'no evidence of independence between any two steps: the result is the plain sequential chain in plan order';
    fallbacks.push(`heuristic: ${note}`);
    warnings.push(`${note} (give depends_on, {{references}}, needs/provides, or say what can run in parallel)`);
  }
  return result;
}

/** What analyzeEdges finds: the result's edges, independence, method, and the fallbacks and warnings so far. */
export interface FoundEdges {
  edges: AnalyzedEdge[];
  independence: IndependenceEntry[];
  method: AnalysisResult['method'];
  fallbacks: string[];
  warnings: string[];
  /** Whether a model's answer made the edges. */
  modelAnswered: boolean;
  /** Why the heuristic gave the plain chain instead of running, if it did. */
  heuristicFallback: string | undefined;
}

/**
 * The edges of analyzeDependencies (the same ones, with the same method) without the summary
 * (stages, critical path, estimate, Mermaid) and its notes: run_plan's infer_dependencies needs only the edges.
 */
export async function analyzeEdges(steps: AnalysisStep[], options: AnalyzeOptions = {}): Promise<FoundEdges> {
  const certain = certainEdges(steps);
  const strategy = options.strategy ?? 'auto';
  const warnings = [...certain.warnings];
  const fallbacks: string[] = [];
  let method: AnalysisResult['method'] = 'heuristic';
  const clients = strategy === 'heuristic' ? [] : [options.gemini, options.sampling].filter((c): c is LlmClient => c !== undefined);
  // The heuristic always runs: its evidence of dependence binds the model's answer too, and
  // then lists every evidence edge (a model may drop the default orderings that imply some).
  const heuristic = heuristicEdges(steps, options.toolInfo, certain, { listImplied: clients.length > 0 });
  let modelAnswer: { edges: AnalyzedEdge[]; client: string } | undefined;

  if (strategy !== 'heuristic') {
    if (clients.length === 0) {
      // `auto` records it too: the caller learns why no model was asked, not only that none was.
      fallbacks.push(`${strategy}: no model available (GEMINI_API_KEY is not set and the client does not support sampling)`);
    }
    const bindingCount = certain.edges.length + evidenceEdgeCount(heuristic);
    const tooMany = bindingCount > MAX_BINDING_EDGES;
    const evidence = clients.length === 0 || tooMany ? [] : evidenceEdges(heuristic);
    const binding = tooMany ? [] : [...certain.edges, ...evidence];
    for (const client of clients) {
      if (tooMany) {
        // The message would list every one of them: far beyond any model's context, and beyond memory.
        fallbacks.push(`${client.name}: the model was not asked: the plan has ${bindingCount} edges the answer must keep, more than the ${MAX_BINDING_EDGES} a request can list`);
        continue;
      }
      try {
        const answer = await llmEdges(client, steps, binding, options);
        modelAnswer = { edges: [...evidence, ...answer.edges], client: client.name };
        warnings.push(...answer.warnings);
        method = client.name === 'sampling' ? 'sampling' : 'llm';
        break;
      } catch (error) {
        fallbacks.push(`${client.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // Under `auto`, having no model at all is an ordinary setup, not a failure worth a warning.
    if (modelAnswer === undefined && (clients.length > 0 || strategy === 'llm')) {
      warnings.push(`LLM analysis unavailable, used the heuristic instead (${fallbacks.join('; ')})`);
    }
  }
  warnings.push(...heuristic.warnings);

  const merged = mergeEdgesChecked(certain.edges, modelAnswer?.edges ?? heuristic.edges);
  let edges = merged.edges;
  // The string-map search runs only when the typed-array check over the same edges finds a cycle.
  if (!merged.acyclic && findCycle(graphFromEdges(steps.map((s) => s.id), edges))) {
    // Cannot happen with validated inputs; stay safe anyway.
    warnings.push('combined edges formed a cycle; kept the certain edges and the heuristic');
    edges = mergeEdges(certain.edges, heuristic.edges);
    modelAnswer = undefined;
    method = 'heuristic';
  }
  const independence = modelAnswer === undefined ? heuristic.independence : withModelIndependence(steps, edges, heuristic.independence, modelAnswer.client);
  return { edges, independence, method, fallbacks, warnings, modelAnswered: modelAnswer !== undefined, heuristicFallback: heuristic.fallback };
}

/** Edges the model's request lists at most (about 36 MB of JSON); larger plans keep the heuristic. */
export const MAX_BINDING_EDGES = 1_000_000;

/** How many edges evidenceEdges(heuristic) returns, without building them. */
export function evidenceEdgeCount(heuristic: HeuristicResult): number {
  const all = new Set(heuristic.followsAll);
  let count = 0;
  for (const e of heuristic.edges) if (e.source === 'heuristic' && !all.has(e.to)) count++;
  for (let k = 0; k < heuristic.order.length; k++) if (all.has(heuristic.order[k]!)) count += k;
  return count;
}

/**
 * The heuristic's evidence of dependence as edges a model may not remove: its `heuristic`
 * edges, and for a step that depends on every earlier step, an edge from each of them.
 */
export function evidenceEdges(heuristic: HeuristicResult): AnalyzedEdge[] {
  const edges = heuristic.edges.filter((e) => e.source === 'heuristic');
  if (heuristic.followsAll.length === 0) return edges;
  const all = new Set(heuristic.followsAll);
  const reasons = new Map<string, string>();
  for (const e of edges) if (all.has(e.to) && !reasons.has(e.to)) reasons.set(e.to, e.reason);
  const have = new Set(edges.map((e) => `${e.from}\u0000${e.to}`));
  heuristic.order.forEach((to, k) => {
    if (!all.has(to)) return;
    const reason = reasons.get(to) ?? `"${to}" depends on every earlier step`;
    for (let i = 0; i < k; i++) {
      const from = heuristic.order[i]!;
      if (!have.has(`${from}\u0000${to}`)) edges.push({ from, to, source: 'heuristic', reason });
    }
  });
  return edges;
}

/** Certain edges win over inferred duplicates; inferred edges implied by others are dropped. */
export function mergeEdges(certain: readonly AnalyzedEdge[], inferred: readonly AnalyzedEdge[]): AnalyzedEdge[] {
  return mergeEdgesChecked(certain, inferred).edges;
}

/** `mergeEdges`, and whether the edges form no cycle (over every id they name). */
function mergeEdgesChecked(certain: readonly AnalyzedEdge[], inferred: readonly AnalyzedEdge[]): { edges: AnalyzedEdge[]; acyclic: boolean } {
  // Ids as positions in order of appearance, pairs as numbers: the inferred edges of a long
  // plan can number hundreds of thousands (a step after every earlier one is an edge from each).
  const position = new Map<string, number>();
  const positionOf = (id: string): number => {
    let k = position.get(id);
    if (k === undefined) position.set(id, (k = position.size));
    return k;
  };
  const count = certain.length + inferred.length;
  const froms = new Int32Array(count);
  const tos = new Int32Array(count);
  const edgeAt = (x: number) => (x < certain.length ? certain[x]! : inferred[x - certain.length]!);
  for (let x = 0; x < count; x++) {
    const e = edgeAt(x);
    froms[x] = positionOf(e.from);
    tos[x] = positionOf(e.to);
  }
  const ids = [...position.keys()];
  const n = ids.length;
  const all: AnalyzedEdge[] = [];
  const pairs: number[] = [];
  const seen = new Set<number>();
  const kept: number[] = [];
  for (let x = 0; x < count; x++) {
    const key = pairKey(n, froms[x]!, tos[x]!);
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(edgeAt(x));
    pairs.push(key);
    kept.push(x);
  }
  if (!isAcyclic(n, pairs)) return { edges: all, acyclic: false };
  const redundant = redundantPairs(n, Int32Array.from(kept, (x) => froms[x]!), Int32Array.from(kept, (x) => tos[x]!));
  return { edges: all.filter((e, x) => CERTAIN_SOURCES.has(e.source) || redundant[x] === 0), acyclic: true };
}

function weights(steps: readonly AnalysisStep[], warnings: string[]): Map<string, number> {
  const given = steps.map((s) => s.estimated_ms).filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
  if (given.length === 0) return new Map(steps.map((s) => [s.id, 1]));
  const median = given[Math.floor(given.length / 2)]!;
  const missing = steps.filter((s) => s.estimated_ms === undefined).map((s) => s.id);
  if (missing.length > 0) warnings.push(`no estimated_ms for ${missing.join(', ')}; assumed the median ${median} ms`);
  return new Map(steps.map((s) => [s.id, s.estimated_ms ?? median]));
}

/** Most steps running at once in the as-soon-as-possible schedule with no concurrency cap. */
function maxParallelism(graph: DependencyGraph, weight: Map<string, number>, stages: string[][]): number {
  const finish = new Map<string, number>();
  const events: Array<[number, number]> = [];
  for (const stage of stages) {
    for (const id of stage) {
      let start = 0;
      for (const d of graph.dependsOn.get(id) ?? []) start = Math.max(start, finish.get(d) ?? 0);
      const end = start + (weight.get(id) ?? 0);
      finish.set(id, end);
      // Ends sort before starts at the same instant; zero-length steps count at their instant.
      if (end > start) events.push([start, 1], [end, 0]);
      else events.push([start, 2]);
    }
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let best = 0;
  let i = 0;
  while (i < events.length) {
    const t = events[i]![0];
    let instant = 0;
    for (; i < events.length && events[i]![0] === t; i++) {
      const kind = events[i]![1];
      if (kind === 0) running--;
      else if (kind === 1) running++;
      else instant++;
    }
    best = Math.max(best, running + instant);
  }
  return best;
}

function summarize(
  steps: readonly AnalysisStep[],
  edges: AnalyzedEdge[],
  independence: IndependenceEntry[],
  method: AnalysisResult['method'],
  fallbacks: string[],
  warnings: string[],
): AnalysisResult {
  const graph = graphFromEdges(steps.map((s) => s.id), edges);
  const weight = weights(steps, warnings);
  // One topological order for both (each would compute its own); any gives the same stages and path.
  const order = anyTopologicalOrder(graph);
  const stages = levels(graph, order);
  const path = criticalPath(graph, (id) => weight.get(id) ?? 0, order);
  const sequential = [...weight.values()].reduce((a, b) => a + b, 0);
  return {
    edges,
    independence,
    stages,
    critical_path: path,
    estimate: {
      sequential_ms: sequential,
      parallel_ms: path.ms,
      speedup: path.ms > 0 ? Math.round((sequential / path.ms) * 100) / 100 : 1,
    },
    max_parallelism: maxParallelism(graph, weight, stages),
    method,
    fallbacks,
    warnings,
    mermaid: mermaidFlowchart(steps, edges),
  };
}
