/**
 * Which edges of an acyclic edge list are implied through another path (what a transitive
 * reduction removes), on positions and typed arrays: engine/graph.ts's redundantDependencies,
 * for edge lists of hundreds of thousands (a step after every earlier one of a long plan is an
 * edge from each). Bitsets over blocks of positions keep memory near `maxWords` words. Pure.
 */

/**
 * redundant[x] === 1 when edge x (froms[x] -> tos[x], positions below n, pairs distinct) is
 * implied by a longer path. The edges must form no cycle.
 */
export function redundantPairs(n: number, froms: Int32Array, tos: Int32Array, maxWords = 1 << 22): Uint8Array {
  const count = froms.length;
  // Edges into each position (CSR), and a topological order of the positions.
  const start = new Int32Array(n + 1);
  for (let x = 0; x < count; x++) start[tos[x]! + 1]!++;
  for (let k = 0; k < n; k++) start[k + 1]! += start[k]!;
  const into = new Int32Array(count);
  const fill = start.slice(0, n);
  for (let x = 0; x < count; x++) into[fill[tos[x]!]!++] = x;
  const outStart = new Int32Array(n + 1);
  for (let x = 0; x < count; x++) outStart[froms[x]! + 1]!++;
  for (let k = 0; k < n; k++) outStart[k + 1]! += outStart[k]!;
  const out = new Int32Array(count);
  const outFill = outStart.slice(0, n);
  for (let x = 0; x < count; x++) out[outFill[froms[x]!]!++] = tos[x]!;
  const indegree = new Int32Array(n);
  for (let x = 0; x < count; x++) indegree[tos[x]!]!++;
  const order = new Int32Array(n);
  const rank = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let k = 0; k < n; k++) if (indegree[k] === 0) order[tail++] = k;
  while (head < tail) {
    const k = order[head++]!;
    for (let y = outStart[k]!; y < outStart[k + 1]!; y++) if (--indegree[out[y]!]! === 0) order[tail++] = out[y]!;
  }
  for (let r = 0; r < n; r++) rank[order[r]!] = r;

  const redundant = new Uint8Array(count);
  const words = Math.max(1, Math.min(Math.ceil(n / 32), Math.floor(maxWords / Math.max(1, n))));
  const width = words * 32;
  for (let low = 0; low < n; low += width) {
    // rows[r] = the ancestors of order[r] among ranks [low, low + width).
    const rows = new Int32Array(n * words);
    for (let r = low + 1; r < n; r++) {
      const row = r * words;
      const k = order[r]!;
      for (let y = start[k]!; y < start[k + 1]!; y++) {
        const d = rank[froms[into[y]!]!]!;
        if (d <= low) continue;
        // Ancestors come earlier in topological order: only the words up to d's column matter.
        const from = d * words;
        const used = Math.min(words, ((d - low) >>> 5) + 1);
        for (let w = 0; w < used; w++) rows[row + w]! |= rows[from + w]!;
      }
      // Now the row holds what the dependencies reach; a dependency already in it is implied.
      for (let y = start[k]!; y < start[k + 1]!; y++) {
        const bit = rank[froms[into[y]!]!]! - low;
        if (bit < 0 || bit >= width) continue;
        if ((rows[row + (bit >>> 5)]! >>> (bit & 31)) & 1) redundant[into[y]!] = 1;
      }
      for (let y = start[k]!; y < start[k + 1]!; y++) {
        const bit = rank[froms[into[y]!]!]! - low;
        if (bit >= 0 && bit < width) rows[row + (bit >>> 5)]! |= 1 << (bit & 31);
      }
    }
  }
  return redundant;
}
