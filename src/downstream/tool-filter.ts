/**
 * A server's `allow` / `deny` lists: exact tool names or `*` globs (`read_*`). A tool is
 * visible when it matches `allow` (or there is no `allow`) and matches nothing in `deny`.
 */
export interface ToolFilter {
  allow?: readonly string[] | undefined;
  deny?: readonly string[] | undefined;
}

export function isToolAllowed(name: string, filter: ToolFilter): boolean {
  const { allow, deny } = filter;
  if (allow !== undefined && !matchesAny(name, allow)) return false;
  return deny === undefined || !matchesAny(name, deny);
}

/** Loops, no closure or array per check (this runs for each call resolved). */
function matchesAny(name: string, patterns: readonly string[]): boolean {
  for (let k = 0; k < patterns.length; k++) if (matchesPattern(name, patterns[k]!)) return true;
  return false;
}

export function matchesPattern(name: string, pattern: string): boolean {
  if (!pattern.includes('*')) return name === pattern;
  return globOf(pattern).test(name);
}

/** Each glob's expression, made once (a config holds few patterns). */
const globs = new Map<string, RegExp>();
const MAX_GLOBS = 1024;

function globOf(pattern: string): RegExp {
  let glob = globs.get(pattern);
  if (glob === undefined) {
    glob = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
    if (globs.size >= MAX_GLOBS) globs.clear();
    globs.set(pattern, glob);
  }
  return glob;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
