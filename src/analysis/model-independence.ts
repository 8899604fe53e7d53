/**
 * The independence entry for the pairs only the model left unordered: the steps of every pair
 * that no edge orders (directly or through others) and no heuristic entry covers. Ancestors and
 * entry membership are bitsets over plan positions, so the pair scan reads bits, not sets. Pure.
 */
import type { AnalysisStep, AnalyzedEdge, IndependenceEntry } from './schema.js';

/** Plans beyond this size get no per-pair account of the model's independence. */
export const MAX_MODEL_PAIRS_STEPS = 2000;

/** The heuristic's independence entries, plus one for the pairs only the model left unordered. */
export function withModelIndependence(steps: readonly AnalysisStep[], edges: readonly AnalyzedEdge[], heuristic: readonly IndependenceEntry[], client: string): IndependenceEntry[] {
  if (steps.length > MAX_MODEL_PAIRS_STEPS) return [...heuristic];
  const ids = steps.map((s) => s.id);
  const n = ids.length;
  const words = (n + 31) >>> 5;
  const position = new Map<string, number>();
  for (let k = 0; k < n; k++) if (!position.has(ids[k]!)) position.set(ids[k]!, k);
  const before = ancestorRows(n, words, position, edges);
  // covers[i]: the steps sharing an entry with step i.
  const covers = new Int32Array(n * words);
  for (const entry of heuristic) {
    const members: number[] = [];
    for (const id of entry.steps) {
      const k = position.get(id);
      if (k !== undefined) members.push(k);
    }
    if (members.length < 2) continue;
    const row = new Int32Array(words);
    for (const k of members) row[k >>> 5]! |= 1 << (k & 31);
    for (const k of members) for (let w = 0; w < words; w++) covers[k * words + w]! |= row[w]!;
  }
  const has = (rows: Int32Array, row: number, k: number) => (rows[row * words + (k >>> 5)]! & (1 << (k & 31))) !== 0;
  const found = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (has(before, j, i) || has(before, i, j) || has(covers, i, j)) continue;
      found[i] = 1;
      found[j] = 1;
      any = true;
    }
  }
  if (!any) return [...heuristic];
  return [...heuristic, { steps: ids.filter((_, k) => found[k] === 1), reason: `the model (${client}) found no dependency between them, and no evidence of dependence contradicts it` }];
}

/** Row j: bit i set when step i comes before step j, directly or transitively. Acyclic edges only. */
function ancestorRows(n: number, words: number, position: ReadonlyMap<string, number>, edges: readonly AnalyzedEdge[]): Int32Array {
  const deps: number[][] = [];
  for (let k = 0; k < n; k++) deps.push([]);
  const indegree = new Int32Array(n);
  const dependents: number[][] = [];
  for (let k = 0; k < n; k++) dependents.push([]);
  for (const e of edges) {
    const from = position.get(e.from);
    const to = position.get(e.to);
    if (from === undefined || to === undefined) continue;
    deps[to]!.push(from);
    dependents[from]!.push(to);
    indegree[to]!++;
  }
  const rows = new Int32Array(n * words);
  const ready: number[] = [];
  for (let k = 0; k < n; k++) if (indegree[k] === 0) ready.push(k);
  while (ready.length > 0) {
    const j = ready.pop()!;
    const row = j * words;
    for (const d of deps[j]!) {
      const from = d * words;
      for (let w = 0; w < words; w++) rows[row + w]! |= rows[from + w]!;
      rows[row + (d >>> 5)]! |= 1 << (d & 31);
    }
    for (const c of dependents[j]!) if (--indegree[c]! === 0) ready.push(c);
  }
  return rows;
}
