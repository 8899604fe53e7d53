/**
 * "Did you mean" suggestions for an unknown name: the closest few by edit distance, or none.
 * A name is close when few edits turn one into the other — and fewer than the length of the
 * shorter, so "x" is not close to "a" (that is replacing it, not a typo) — or when one holds
 * the other and the held one has at least 3 characters ("ech" in "echo"). When nothing is
 * close the answer is empty, and the caller says what exists instead.
 */
export function closeNames(wanted: string, candidates: readonly string[], limit = 3): string[] {
  const lowerWanted = wanted.toLowerCase();
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  return [...new Set(candidates)]
    .map((name) => {
      const lower = name.toLowerCase();
      const shorter = Math.min(lower.length, lowerWanted.length);
      const contains = shorter >= 3 && (lower.includes(lowerWanted) || lowerWanted.includes(lower));
      const distance = contains ? 0 : editDistance(lowerWanted, lower);
      return { name, distance, close: contains || (distance <= threshold && distance < shorter) };
    })
    .filter((entry) => entry.close)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of
 * neighbours (a common typo: "dpeends_on") each count one.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}
