// The allocation sites of a V8 sampling heap profile (HeapProfiler.stopSampling's `profile`):
// bytes by allocating function, with built-ins (no url: match, push, Map.set) charged to the
// function calling them, named beside it. Shared by analysis-alloc.ts, batch-alloc-profile.ts
// and request-alloc-inprocess.mjs. `urlParts`: how many trailing path segments name a file.

/** @returns {{ bySite: Map<string, number>, total: number }} */
export function allocationSites(head, urlParts = 2) {
  const bySite = new Map();
  let total = 0;
  const walk = (n, caller) => {
    const own = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-urlParts).join('/')}:${n.callFrame.lineNumber + 1}`;
    const key = n.callFrame.url === '' ? `${caller} <- ${n.callFrame.functionName}` : own;
    bySite.set(key, (bySite.get(key) ?? 0) + n.selfSize);
    total += n.selfSize;
    for (const c of n.children) walk(c, n.callFrame.url === '' ? caller : own);
  };
  walk(head, '(root)');
  return { bySite, total };
}

/** The `top` largest sites, largest first. */
export function largestSites(bySite, top) {
  return [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top);
}
