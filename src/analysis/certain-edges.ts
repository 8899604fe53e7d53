/**
 * Certain edges: facts of the input, not guesses. Explicit `depends_on`, `{{ref}}`
 * references inside arguments, and `needs`/`provides` data keys. Pure.
 */
import { findCycle, graphFromEdges, topologicalOrder } from '../engine/graph.js';
import { ParallelMcpError } from '../errors.js';
import type { AnalysisStep, AnalyzedEdge } from './schema.js';

export interface CertainEdges {
  edges: AnalyzedEdge[];
  warnings: string[];
  /** A topological order of the certain edges, stable in plan order. */
  order: string[];
}

/** `{{id}}`, `{{id.path}}`, `{{ id[0].x }}` -> id. */
const REFERENCE = /\{\{\s*([^.[\]}\s]+)[^}]*\}\}/g;

export function referencedIds(value: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!v.includes('{{')) return;
      for (const match of v.matchAll(REFERENCE)) if (!found.includes(match[1]!)) found.push(match[1]!);
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v !== null && typeof v === 'object') {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return found;
}

/**
 * Validates ids and collects certain edges. Throws ParallelMcpError('invalid_plan') listing
 * every problem at once: duplicate ids, unknown or self `depends_on`, self references, a cycle.
 */
export function certainEdges(steps: readonly AnalysisStep[]): CertainEdges {
  const problems: string[] = [];
  const warnings: string[] = [];
  const ids = steps.map((s) => s.id);
  const known = new Set<string>();
  steps.forEach((step, i) => {
    if (known.has(step.id)) problems.push(`steps[${i}].id: expected a unique id, got duplicate "${step.id}"`);
    known.add(step.id);
  });

  const edges: AnalyzedEdge[] = [];
  const seen = new Set<string>();
  const add = (edge: AnalyzedEdge): void => {
    const key = `${edge.from}\u0000${edge.to}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push(edge);
  };

  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const dependsOn = step.depends_on ?? [];
    for (let j = 0; j < dependsOn.length; j++) {
      const dep = dependsOn[j]!;
      if (dep === step.id) problems.push(`steps[${i}].depends_on[${j}]: expected another step's id, got "${dep}" (the step itself)`);
      else if (!known.has(dep)) problems.push(`steps[${i}].depends_on[${j}]: expected one of the step ids, got "${dep}"`);
      else add({ from: dep, to: step.id, source: 'explicit', reason: `"${step.id}" lists "${dep}" in depends_on` });
    }
    if (step.arguments === undefined) continue;
    for (const ref of referencedIds(step.arguments)) {
      if (ref === step.id) problems.push(`steps[${i}].arguments: expected references to other steps, got "{{${ref}}}" (the step itself)`);
      else if (!known.has(ref)) warnings.push(`steps[${i}].arguments: "{{${ref}...}}" names no step; left as text`);
      else add({ from: ref, to: step.id, source: 'reference', reason: `"${step.id}" uses {{${ref}}} in its arguments` });
    }
  }

  const providers = new Map<string, string[]>();
  for (const step of steps) {
    for (const key of step.provides ?? []) {
      const list = providers.get(key);
      if (list) list.push(step.id);
      else providers.set(key, [step.id]);
    }
  }
  steps.forEach((step, i) => {
    for (const key of step.needs ?? []) {
      const from = (providers.get(key) ?? []).filter((p) => p !== step.id);
      if (from.length === 0 && !(step.provides ?? []).includes(key)) {
        warnings.push(`steps[${i}].needs: no step provides "${key}"; treated as an external input`);
      }
      for (const p of from) add({ from: p, to: step.id, source: 'data', reason: `"${step.id}" needs "${key}", which "${p}" provides` });
    }
  });

  const graph = graphFromEdges(ids, edges);
  let order: string[] | undefined;
  try {
    // Plans usually point their dependencies backward; then plan order is the stable order.
    order = problems.length === 0 && pointsForward(steps, edges) ? [...ids] : topologicalOrder(graph);
  } catch {
    const cycle = findCycle(graph);
    if (cycle) problems.push(`steps: expected acyclic dependencies, got the cycle ${cycle.join(' -> ')}`);
  }
  if (problems.length > 0 || order === undefined) {
    throw new ParallelMcpError('invalid_plan', `Invalid steps for dependency analysis:\n- ${problems.join('\n- ')}`);
  }
  return { edges, warnings, order };
}

/** Whether every edge goes from an earlier step to a later one in plan order (ids unique). */
function pointsForward(steps: readonly AnalysisStep[], edges: readonly AnalyzedEdge[]): boolean {
  const position = new Map<string, number>();
  for (let i = 0; i < steps.length; i++) position.set(steps[i]!.id, i);
  for (const e of edges) if (!(position.get(e.from)! < position.get(e.to)!)) return false;
  return true;
}
