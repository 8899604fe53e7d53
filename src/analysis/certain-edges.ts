/**
 * Certain edges: facts of the input, not guesses. Explicit `depends_on`, `{{ref}}`
 * references inside arguments, and `needs`/`provides` data keys. Pure.
 */
import { findCycle, graphFromEdges, topologicalOrder } from '../engine/graph.js';
import { NO_TEMPLATE, findReferences, invalidReferenceProblem, joinPath, referencedStepIds, scanReferences, templateIds } from '../engine/references.js';

/** The fields of a step that may hold {{references}}: tool arguments, a prompt step's prompt and system. */
const REFERENCE_FIELDS = ['arguments', 'prompt', 'system'] as const;
import { ParallelMcpError } from '../errors.js';
import type { AnalysisStep, AnalyzedEdge } from './schema.js';

export interface CertainEdges {
  edges: AnalyzedEdge[];
  warnings: string[];
  /** A topological order of the certain edges, stable in plan order. */
  order: string[];
}

/** What `certainEdges` learnt on the way, for the heuristic to reuse. */
interface PlanFacts {
  position: ReadonlyMap<string, number>;
  /** argumentTemplates[i] === 1: `holdsTemplate(steps[i].arguments)`. */
  argumentTemplates: Uint8Array;
  /** When every edge points forward: per plan position, the sources of the edges into it, in `edges` order. */
  preds: number[][] | undefined;
}

const PLAN_FACTS = new WeakMap<CertainEdges, PlanFacts>();

/**
 * The plan position by id that `certainEdges` built for this result (the ids are distinct when
 * it returns), for the heuristic to reuse; undefined for a result made elsewhere. Shared: do not change it.
 */
export function planPositionOf(certain: CertainEdges): ReadonlyMap<string, number> | undefined {
  return PLAN_FACTS.get(certain)?.position;
}

/**
 * Per plan position, 1 when the step's `arguments` hold a "{{" (`holdsTemplate`), as
 * `certainEdges` found for this result; undefined for a result made elsewhere. Shared: do not change it.
 */
export function argumentTemplatesOf(certain: CertainEdges): Uint8Array | undefined {
  return PLAN_FACTS.get(certain)?.argumentTemplates;
}

/**
 * Per plan position, the plan positions of the sources of the certain edges into it, in the
 * order of `certain.edges`, when every edge points forward (else undefined, and for a result
 * made elsewhere); a step with none has one shared empty list. Shared: do not change it.
 */
export function certainPredsOf(certain: CertainEdges): readonly (readonly number[])[] | undefined {
  return PLAN_FACTS.get(certain)?.preds;
}

/** The sources of a step without certain edges: one shared, never changed list. */
const NO_PREDS: number[] = [];

/** For absent lists: one shared empty array rather than a new one per step. */
const NONE: readonly string[] = [];

/**
 * The step ids that `{{references}}` in a value name, each once: engine/references.ts's parser,
 * the one run_plan uses, so `\{{a}}` (a literal) names nothing and `{{ b .x }}` is malformed.
 */
export function referencedIds(value: unknown): string[] {
  return referencedStepIds(scanReferences(value).references);
}

/** The step id that opens a reference's expression (engine/references.ts's). */
const STEP_ID_HEAD = /^[^.[\]\s{}"']+/;

/**
 * Whether a malformed `{{...}}` is another tool's template rather than a mistyped reference: closed,
 * and what opens it is not a step id of the plan (n8n's `{{ $json.x }}` and `{{ $('Node').item }}`,
 * Handlebars' `{{#each}}`). `{{ a .x }}` with a step "a" stays an error, as in run_plan.
 */
function foreignTemplate(raw: string, position: ReadonlyMap<string, number>): boolean {
  if (!raw.startsWith('{{') || !raw.endsWith('}}')) return false;
  const head = STEP_ID_HEAD.exec(raw.slice(2, -2).trim());
  return head === null || !position.has(head[0]);
}

/**
 * Validates ids and collects certain edges. Throws ParallelMcpError('invalid_plan') listing
 * every problem at once: duplicate ids, unknown or self `depends_on`, self references, a cycle.
 */
export function certainEdges(steps: readonly AnalysisStep[]): CertainEdges {
  const problems: string[] = [];
  const warnings: string[] = [];
  // Filled by push, not map: optimized `map` returns holey arrays, and arrays of another kind
  // from one plan to the next throw away the optimized code that reads them (the heuristic's).
  const ids: string[] = [];
  for (let i = 0; i < steps.length; i++) ids.push(steps[i]!.id);
  /** id -> plan position of the first step with it. */
  const position = new Map<string, number>();
  for (let i = 0; i < steps.length; i++) {
    const id = steps[i]!.id;
    // One lookup: the positions are never undefined.
    if (position.get(id) !== undefined) problems.push(`steps[${i}].id: expected a unique id, got duplicate "${id}"`);
    else position.set(id, i);
  }

  // Providers of each data key, by plan position.
  const providers = new Map<string, number[]>();
  for (let i = 0; i < steps.length; i++) {
    const provides = steps[i]!.provides ?? NONE;
    // Index loops in the per-step loops: an unoptimized for...of allocates an object per item.
    for (let x = 0; x < provides.length; x++) {
      const key = provides[x]!;
      const list = providers.get(key);
      if (list) list.push(i);
      else providers.set(key, [i]);
    }
  }

  // All explicit and reference edges come first, then the data edges (and their warnings);
  // both are collected in one pass over the steps, so a step's edges are deduplicated together.
  const edges: AnalyzedEdge[] = [];
  const dataEdges: AnalyzedEdge[] = [];
  const dataWarnings: string[] = [];
  /** addedTo[from] === i: the edge from -> steps[i] exists already. */
  const addedTo = new Int32Array(steps.length).fill(-1);
  const argumentTemplates = new Uint8Array(steps.length);
  /** Whether every edge goes from an earlier step to a later one: then plan order is a topological order. */
  let forward = true;
  /** Per plan position, the sources of its edges; `mine`, those of the step read. */
  const preds: number[][] = [];
  let mine = NO_PREDS;
  /** Whether the edge from -> to is new; it is made then (every caller makes it). */
  const isNew = (from: number, to: number): boolean => {
    if (addedTo[from] === to) return false;
    addedTo[from] = to;
    if (from > to) forward = false;
    if (mine === NO_PREDS) mine = [];
    mine.push(from);
    return true;
  };

  // The step loop's body is a function of its own: called once per step, it is optimized as
  // soon as it is hot, rather than through on-stack replacement of one long loop.
  const readStep = (i: number): void => {
    const step = steps[i]!;
    mine = NO_PREDS;
    const dependsOn = step.depends_on ?? NONE;
    for (let j = 0; j < dependsOn.length; j++) {
      const dep = dependsOn[j]!;
      const from = position.get(dep);
      if (dep === step.id) problems.push(`steps[${i}].depends_on[${j}]: expected another step's id, got "${dep}" (the step itself)`);
      else if (from === undefined) problems.push(`steps[${i}].depends_on[${j}]: expected one of the step ids, got "${dep}"`);
      else if (isNew(from, i)) edges.push({ from: dep, to: step.id, source: 'explicit', reason: `"${step.id}" lists "${dep}" in depends_on` });
    }
    for (let f = 0; f < REFERENCE_FIELDS.length; f++) {
      const field = REFERENCE_FIELDS[f]!;
      // Each field read by its name: one keyed read of three names is a slow, generic lookup.
      const value = f === 0 ? step.arguments : f === 1 ? (step as { prompt?: unknown }).prompt : (step as { system?: unknown }).system;
      if (value === undefined) continue;
      // One walk: whether a string holds "{{" and, when the references are well-formed (the usual case), their ids.
      let refs = templateIds(value);
      if (refs === NO_TEMPLATE) continue;
      if (f === 0) argumentTemplates[i] = 1;
      const where = field === 'arguments' ? 'its arguments' : `its ${field}`;
      if (refs === undefined) {
        const scanned = scanReferences(value);
        for (const bad of scanned.invalid) {
          const problem = invalidReferenceProblem(`steps[${i}].${field}`, bad);
          // Another tool's template ("{{ $('Read Sheet').item.json.x }}", n8n's; "{{#if}}"): it names
          // no step, so it is text, as a well-formed reference to an unknown id is.
          if (foreignTemplate(bad.raw, position)) warnings.push(`${problem.path}: ${problem.message}; it names no step, so it is left as text`);
          else problems.push(`${problem.path}: ${problem.message}`);
        }
        refs = referencedStepIds(scanned.references);
      }
      for (let x = 0; x < refs.length; x++) {
        const ref = refs[x]!;
        const from = position.get(ref);
        if (ref === step.id) problems.push(`steps[${i}].${field}: expected references to other steps, got "{{${ref}}}" (the step itself)`);
        else if (from === undefined) warnings.push(`steps[${i}].${field}: "{{${ref}...}}" names no step; left as text`);
        else if (isNew(from, i)) edges.push({ from: ref, to: step.id, source: 'reference', reason: `"${step.id}" uses {{${ref}}} in ${where}` });
      }
    }
    const needs = step.needs ?? NONE;
    for (let x = 0; x < needs.length; x++) {
      const key = needs[x]!;
      const from = (providers.get(key) ?? []).filter((p) => p !== i);
      if (from.length === 0 && !(step.provides ?? NONE).includes(key)) {
        dataWarnings.push(`steps[${i}].needs: no step provides "${key}"; treated as an external input`);
      }
      for (const p of from) {
        if (isNew(p, i)) dataEdges.push({ from: ids[p]!, to: step.id, source: 'data', reason: `"${step.id}" needs "${key}", which "${ids[p]}" provides` });
      }
    }
    // A step's edges are made depends_on first, then references, then data: the order `edges` lists them in.
    preds.push(mine);
  };
  for (let i = 0; i < steps.length; i++) readStep(i);
  for (const e of dataEdges) edges.push(e);
  for (const w of dataWarnings) warnings.push(w);

  let order: string[] | undefined;
  // Plans usually point their dependencies backward; then plan order is the stable order.
  if (problems.length === 0 && forward) order = [...ids];
  else {
    const graph = graphFromEdges(ids, edges);
    try {
      order = topologicalOrder(graph);
    } catch {
      const cycle = findCycle(graph);
      if (cycle) {
        // As run_plan's validator does: the path where the cycle's first edge was written.
        const edge = edges.find((e) => e.from === cycle[0] && e.to === cycle[1]);
        const path = edge === undefined ? 'steps' : edgePath(steps, position.get(edge.to)!, edge);
        problems.push(`${path}: expected acyclic dependencies, got the cycle ${cycle.join(' -> ')}`);
      }
    }
  }
  if (problems.length > 0 || order === undefined) {
    throw new ParallelMcpError('invalid_plan', `Invalid steps for dependency analysis:\n- ${problems.join('\n- ')}`);
  }
  const result = { edges, warnings, order };
  PLAN_FACTS.set(result, { position, argumentTemplates, preds: forward ? preds : undefined });
  return result;
}

/**
 * The JSON path where a certain edge into `steps[index]` was written: its `depends_on` entry,
 * the reference's place inside `arguments`, or the `needs` entry the source provides.
 * Used only to report a problem, so it searches again rather than keeping paths for every edge.
 */
export function edgePath(steps: readonly AnalysisStep[], index: number, edge: AnalyzedEdge): string {
  const step = steps[index]!;
  const base = `steps[${index}]`;
  if (edge.source === 'explicit') {
    const j = (step.depends_on ?? NONE).indexOf(edge.from);
    if (j >= 0) return `${base}.depends_on[${j}]`;
  } else if (edge.source === 'reference') {
    for (const field of REFERENCE_FIELDS) {
      const reference = findReferences((step as Record<string, unknown>)[field]).find((r) => r.stepId === edge.from);
      if (reference) return joinPath(`${base}.${field}`, reference.location);
    }
    return `${base}.arguments`;
  } else if (edge.source === 'data') {
    const provided = steps.find((s) => s.id === edge.from)?.provides ?? NONE;
    const k = (step.needs ?? NONE).findIndex((key) => provided.includes(key));
    if (k >= 0) return `${base}.needs[${k}]`;
  }
  return base;
}
