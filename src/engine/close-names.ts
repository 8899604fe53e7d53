/** "Did you mean" suggestions for an unknown name: the closest few by edit distance. */
export function closeNames(wanted: string, candidates: readonly string[], limit = 3): string[] {
  const lowerWanted = wanted.toLowerCase();
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  return [...new Set(candidates)]
    .map((name) => {
      const lower = name.toLowerCase();
      const contains = lower.includes(lowerWanted) || lowerWanted.includes(lower);
      return { name, distance: contains ? 0 : editDistance(lowerWanted, lower) };
    })
    .filter((entry) => entry.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
