/**
 * Whether pairs of positions form no cycle: Kahn's algorithm on typed arrays, for edge lists
 * too long for engine/graph.ts's string maps (a step that depends on every earlier step of a
 * long plan is an edge from each of them). Pure.
 */

/** Pair `from -> to` of positions below `n`, as one number. */
export function pairKey(n: number, from: number, to: number): number {
  return from * n + to;
}

/** Whether the pairs (pairKey(n, from, to)) form no cycle. */
export function isAcyclic(n: number, pairs: Iterable<number>): boolean {
  const indegree = new Int32Array(n);
  const start = new Int32Array(n + 1);
  let count = 0;
  for (const p of pairs) {
    indegree[p % n]!++;
    start[Math.floor(p / n) + 1]!++;
    count++;
  }
  for (let k = 0; k < n; k++) start[k + 1]! += start[k]!;
  const next = new Int32Array(count);
  const fill = start.slice(0, n);
  for (const p of pairs) next[fill[Math.floor(p / n)]!++] = p % n;
  const ready: number[] = [];
  for (let k = 0; k < n; k++) if (indegree[k] === 0) ready.push(k);
  let done = 0;
  while (ready.length > 0) {
    const k = ready.pop()!;
    done++;
    for (let x = start[k]!; x < start[k + 1]!; x++) if (--indegree[next[x]!]! === 0) ready.push(next[x]!);
  }
  return done === n;
}
