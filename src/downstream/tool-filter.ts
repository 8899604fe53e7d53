/**
 * A server's `allow` / `deny` lists: exact tool names or `*` globs (`read_*`). A tool is
 * visible when it matches `allow` (or there is no `allow`) and matches nothing in `deny`.
 */
export interface ToolFilter {
  allow?: readonly string[] | undefined;
  deny?: readonly string[] | undefined;
}

export function isToolAllowed(name: string, filter: ToolFilter): boolean {
  if (filter.allow !== undefined && !filter.allow.some((pattern) => matchesPattern(name, pattern))) return false;
  return !(filter.deny ?? []).some((pattern) => matchesPattern(name, pattern));
}

export function matchesPattern(name: string, pattern: string): boolean {
  if (!pattern.includes('*')) return name === pattern;
  const source = pattern.split('*').map(escapeRegExp).join('.*');
  return new RegExp(`^${source}$`).test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
