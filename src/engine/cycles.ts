/**
 * Every dependency cycle of a graph, one per strongly connected component, in O(V + E).
 * Pure. (graph.ts's findCycle returns only the first one.)
 */

import type { DependencyGraph } from './graph.js';

/**
 * One closed path per cycle-forming component, in edge direction (from -> to) and starting
 * at the component's earliest step in plan order: `[a, b, c, a]` reads `a -> b -> c -> a`.
 * Edges to unknown ids are ignored.
 */
export function findCycles(graph: DependencyGraph): string[][] {
  const n = graph.ids.length;
  const indexOf = new Map<string, number>();
  graph.ids.forEach((id, i) => indexOf.set(id, i));
  // adjacency from -> to (a dependency points at its dependents)
  const out: number[][] = Array.from({ length: n }, () => []);
  for (let to = 0; to < n; to++) {
    for (const dep of graph.dependsOn.get(graph.ids[to]!) ?? []) {
      const from = indexOf.get(dep);
      if (from !== undefined && from !== to) out[from]!.push(to);
    }
  }

  // Tarjan's algorithm, iterative.
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    const frames: Array<[node: number, next: number]> = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [node] = frame;
      const edges = out[node]!;
      if (frame[1] < edges.length) {
        const child = edges[frame[1]++]!;
        if (order[child] === -1) {
          order[child] = low[child] = counter++;
          stack.push(child);
          onStack[child] = 1;
          frames.push([child, 0]);
        } else if (onStack[child]) low[node] = Math.min(low[node]!, order[child]!);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[node]!);
      if (low[node] === order[node]) {
        const members: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component[member] = components.length;
          members.push(member);
        } while (member !== node);
        components.push(members);
      }
    }
  }

  const cycles: Array<{ first: number; path: string[] }> = [];
  for (let c = 0; c < components.length; c++) {
    const members = components[c]!;
    if (members.length < 2) continue;
    const start = Math.min(...members);
    // BFS inside the component from start back to start: the shortest cycle through it.
    const previous = new Map<number, number>();
    const queue = [start];
    let closing = -1;
    for (let head = 0; head < queue.length && closing < 0; head++) {
      const node = queue[head]!;
      for (const child of out[node]!) {
        if (component[child] !== c) continue;
        if (child === start) {
          closing = node;
          break;
        }
        if (!previous.has(child)) {
          previous.set(child, node);
          queue.push(child);
        }
      }
    }
    const path = [start];
    for (let at = closing; at !== start; at = previous.get(at)!) path.push(at);
    path.push(start);
    // path is start, closing, ..., start backwards: reverse the middle into edge direction.
    const forward = [start, ...path.slice(1, -1).reverse(), start];
    cycles.push({ first: start, path: forward.map((i) => graph.ids[i]!) });
  }
  return cycles.sort((a, b) => a.first - b.first).map((cycle) => cycle.path);
}
