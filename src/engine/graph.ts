/**
 * DAG helpers shared by the scheduler, the report and dependency analysis. Pure.
 *
 * A graph is a list of ids (plan order) and, for each id, the ids it depends on
 * ("from must finish before to starts": an edge from -> to means `to` depends on `from`).
 */

import { MinHeap } from './min-heap.js';

export interface DependencyGraph {
  /** Every node, in plan order. */
  readonly ids: readonly string[];
  /** id -> ids it depends on. Missing entries mean no dependencies. */
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
}

export interface Edge {
  from: string;
  to: string;
}

export function graphFromEdges(ids: readonly string[], edges: readonly Edge[]): DependencyGraph {
  const dependsOn = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const { from, to } of edges) {
    const list = dependsOn.get(to);
    if (list && !list.includes(from)) list.push(from);
  }
  return { ids, dependsOn };
}

export function edgesOf(graph: DependencyGraph): Edge[] {
  const edges: Edge[] = [];
  for (const to of graph.ids) for (const from of depsOf(graph, to)) edges.push({ from, to });
  return edges;
}

export function depsOf(graph: DependencyGraph, id: string): readonly string[] {
  return graph.dependsOn.get(id) ?? [];
}

/** id -> ids that depend on it, in plan order. */
export function dependentsOf(graph: DependencyGraph): Map<string, string[]> {
  const dependents = new Map<string, string[]>(graph.ids.map((id) => [id, []]));
  for (const id of graph.ids) for (const dep of depsOf(graph, id)) dependents.get(dep)?.push(id);
  return dependents;
}

/**
 * One cycle as a closed path in edge direction (from -> to), e.g. `[a, b, c, a]` for
 * `a -> b -> c -> a`, or undefined when the graph is acyclic.
 * Edges to unknown ids are ignored.
 */
export function findCycle(graph: DependencyGraph): string[] | undefined {
  const known = new Set(graph.ids);
  const dependents = dependentsOf(graph);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const childrenOf = (id: string) => (dependents.get(id) ?? []).filter((c) => known.has(c));
  // Iterative DFS along from -> to edges, so deep plans do not overflow the call stack.
  for (const root of graph.ids) {
    if (state.has(root)) continue;
    const frames: Array<{ id: string; next: number; children: string[] }> = [{ id: root, next: 0, children: childrenOf(root) }];
    state.set(root, 'open');
    stack.push(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const children = frame.children;
      if (frame.next < children.length) {
        const child = children[frame.next++]!;
        const s = state.get(child);
        if (s === 'open') return [...stack.slice(stack.indexOf(child)), child];
        if (s === undefined) {
          state.set(child, 'open');
          stack.push(child);
          frames.push({ id: child, next: 0, children: childrenOf(child) });
        }
      } else {
        state.set(frame.id, 'done');
        stack.pop();
        frames.pop();
      }
    }
  }
  return undefined;
}

/** What Kahn's algorithm starts from: each step's count of dependencies, and its dependents, by plan position. */
function kahnStart(graph: DependencyGraph): { ids: readonly string[]; remaining: Int32Array; dependents: number[][] } {
  const ids = graph.ids;
  const position = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) position.set(ids[i]!, i);
  const remaining = new Int32Array(ids.length);
  const dependents: number[][] = ids.map(() => []);
  for (let i = 0; i < ids.length; i++) {
    for (const dep of depsOf(graph, ids[i]!)) {
      const d = position.get(dep);
      if (d === undefined) continue;
      remaining[i]!++;
      dependents[d]!.push(i);
    }
  }
  return { ids, remaining, dependents };
}

/** Kahn's algorithm, stable in plan order. Throws on a cycle (validate first). */
export function topologicalOrder(graph: DependencyGraph): string[] {
  const { ids, remaining, dependents } = kahnStart(graph);
  // Positions are the plan order, so the smallest ready position comes first.
  const ready = new MinHeap<number>((a, b) => a - b);
  for (let i = 0; i < ids.length; i++) if (remaining[i] === 0) ready.push(i);
  const order: string[] = [];
  while (ready.size > 0) {
    const i = ready.pop()!;
    order.push(ids[i]!);
    for (const child of dependents[i]!) if (--remaining[child]! === 0) ready.push(child);
  }
  if (order.length !== ids.length) throw new Error('graph has a cycle');
  return order;
}

/**
 * A topological order, not necessarily topologicalOrder's (Kahn's with a queue, no heap: O(ids + edges)).
 * For what any topological order gives alike, such as levels and criticalPath. Throws on a cycle.
 */
export function anyTopologicalOrder(graph: DependencyGraph): string[] {
  const { ids, remaining, dependents } = kahnStart(graph);
  const queue: number[] = [];
  for (let i = 0; i < ids.length; i++) if (remaining[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    for (const child of dependents[queue[head]!]!) if (--remaining[child]! === 0) queue.push(child);
  }
  if (queue.length !== ids.length) throw new Error('graph has a cycle');
  return queue.map((i) => ids[i]!);
}

/**
 * Stages: level 0 has no dependencies; a node's level is 1 + the max level of its deps.
 * `order`: the graph's topological order, when the caller has it already (any topological order gives the same stages).
 */
export function levels(graph: DependencyGraph, order: readonly string[] = topologicalOrder(graph)): string[][] {
  const level = new Map<string, number>();
  for (const id of order) {
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

/**
 * For each node, the longest weighted path from its start to the end of the plan,
 * its own weight included ("bottom level"): the critical-path scheduling priority.
 */
export function remainingPathLengths(
  graph: DependencyGraph,
  weight: (id: string) => number,
): Map<string, number> {
  const dependents = dependentsOf(graph);
  const rest = new Map<string, number>();
  for (const id of topologicalOrder(graph).reverse()) {
    let longest = 0;
    for (const child of dependents.get(id) ?? []) longest = Math.max(longest, rest.get(child) ?? 0);
    rest.set(id, weight(id) + longest);
  }
  return rest;
}

export interface CriticalPath {
  steps: string[];
  ms: number;
}

/**
 * The heaviest dependency chain, by the given weights: of equally heavy ends the first in
 * plan order, of equally heavy dependencies the first listed. `order`: the graph's
 * topological order, when the caller has it already (any topological order gives the same path).
 */
export function criticalPath(graph: DependencyGraph, weight: (id: string) => number, order: readonly string[] = topologicalOrder(graph)): CriticalPath {
  if (graph.ids.length === 0) return { steps: [], ms: 0 };
  const finish = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  for (const id of order) {
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
  // Walked back from the end, then reversed: unshift would make a long path quadratic.
  for (let at: string | undefined = end; at !== undefined; at = via.get(at)) steps.push(at);
  return { steps: steps.reverse(), ms: finish.get(end)! };
}

/** No schedule on k slots can beat max(critical path, total work / k). */
export function makespanLowerBound(criticalMs: number, sumMs: number, maxConcurrency: number): number {
  const k = Number.isFinite(maxConcurrency) && maxConcurrency > 0 ? maxConcurrency : Infinity;
  return Math.max(criticalMs, k === Infinity ? 0 : sumMs / k);
}

/** id -> every id it depends on, directly or transitively. */
export function ancestors(graph: DependencyGraph): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const id of topologicalOrder(graph)) {
    const set = new Set<string>();
    for (const dep of depsOf(graph, id)) {
      set.add(dep);
      for (const a of result.get(dep) ?? []) set.add(a);
    }
    result.set(id, set);
  }
  return result;
}

/** The same orderings with redundant (transitively implied) edges removed. */
export function transitiveReduction(graph: DependencyGraph): DependencyGraph {
  const anc = ancestors(graph);
  const dependsOn = new Map<string, string[]>();
  for (const id of graph.ids) {
    const deps = depsOf(graph, id);
    dependsOn.set(
      id,
      deps.filter((d) => !deps.some((other) => other !== d && anc.get(other)?.has(d))),
    );
  }
  return { ids: graph.ids, dependsOn };
}

/**
 * For each node, the dependencies implied through another dependency (a direct edge
 * `from -> to` with a longer path from `from` to `to`): what `transitiveReduction` removes.
 * Bitsets over blocks of nodes keep memory near `maxWords` 32-bit words, so 10,000-node
 * graphs take ~13 MB and larger ones several passes, instead of one Set per node. Acyclic graphs only.
 */
export function redundantDependencies(graph: DependencyGraph, maxWords = 1 << 22): Map<string, Set<string>> {
  const order = topologicalOrder(graph);
  const n = order.length;
  const index = new Map(order.map((id, i) => [id, i]));
  const deps = order.map((id) => depsOf(graph, id).map((d) => index.get(d)).filter((d): d is number => d !== undefined));
  const redundant = new Map<string, Set<string>>();
  const words = Math.max(1, Math.min(Math.ceil(n / 32), Math.floor(maxWords / Math.max(1, n))));
  const width = words * 32;
  for (let start = 0; start < n; start += width) {
    // rows[i] = the ancestors of order[i] among order[start .. start + width).
    const rows = new Uint32Array(n * words);
    for (let i = start + 1; i < n; i++) {
      const row = i * words;
      const ds = deps[i]!;
      for (const d of ds) {
        // Ancestors come earlier in topological order: only the words up to d's column matter.
        const from = d * words;
        const used = Math.min(words, ((d - start) >>> 5) + 1);
        if (d <= start) continue;
        for (let w = 0; w < used; w++) rows[row + w]! |= rows[from + w]!;
      }
      // Now the row holds what the dependencies reach; a dependency already in it is implied.
      for (const d of ds) {
        const bit = d - start;
        if (bit < 0 || bit >= width) continue;
        if ((rows[row + (bit >>> 5)]! >>> (bit & 31)) & 1) {
          const to = order[i]!;
          let set = redundant.get(to);
          if (!set) redundant.set(to, (set = new Set()));
          set.add(order[d]!);
        }
      }
      for (const d of ds) {
        const bit = d - start;
        if (bit >= 0 && bit < width) rows[row + (bit >>> 5)]! |= 1 << (bit & 31);
      }
    }
  }
  return redundant;
}
