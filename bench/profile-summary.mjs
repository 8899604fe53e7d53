// Per-call attribution of a CPU profile written by bench/batch-cpu-profile.ts (or any
// .cpuprofile with a window.json beside it): self time of the samples inside the measured
// window, divided by its calls, by category and by function. Module names come from the
// `// src/...` markers of a bundle built without minifyWhitespace (bench/profile-bundle.mjs);
// for another bundle the bundle file and line are shown.
//
//   node bench/profile-summary.mjs <dir> [top=40]
//   node bench/profile-summary.mjs --compare <dirA1,dirA2,...> <dirB1,dirB2,...>   median per category, side by side
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
if (args[0] === '--compare') {
  const groups = args.slice(1).map((list) => list.split(',').map((d) => summarize(d)));
  const cats = new Set(groups.flatMap((g) => g.flatMap((s) => [...s.byCategory.keys()])));
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  // µs per call, and the share of the main thread's busy samples (the profiler drops samples on a loaded machine: shares compare better).
  const row = (name, f) =>
    process.stdout.write(`${groups.map((g) => `${median(g.map(f)).toFixed(2).padStart(8)} ${(100 * median(g.map((s) => (f(s) * s.calls) / s.busy))).toFixed(1).padStart(5)}%`).join('')}  ${name}\n`);
  process.stdout.write(`median µs per call and share of busy samples over ${groups.map((g) => g.length).join(' / ')} profiles (columns in the order given)\n`);
  row('main thread busy (idle excluded)', (s) => s.busy / s.calls);
  const order = [...cats].filter((c) => c !== 'idle').sort((a, b) => median(groups[0].map((s) => s.byCategory.get(b) ?? 0)) - median(groups[0].map((s) => s.byCategory.get(a) ?? 0)));
  for (const cat of order) row(cat, (s) => (s.byCategory.get(cat) ?? 0) / s.calls);
  process.exit(0);
}
const [dir, topArg] = args;
if (!dir) throw new Error('Expected a profile folder: node bench/profile-summary.mjs <dir> [top]');
const top = Number(topArg ?? 40);
const result = summarize(dir);
const calls = result.calls;
const fmt = (us) => (us / calls).toFixed(2).padStart(7);
process.stdout.write(`window ${result.seconds.toFixed(2)} s, ${calls} calls; main thread busy ${fmt(result.busy)} µs per call\n\n## by category (µs per call)\n`);
for (const [cat, us] of [...result.byCategory].sort((a, b) => b[1] - a[1])) process.stdout.write(`${fmt(us)}  ${cat}\n`);
process.stdout.write(`\n## top ${top} functions, self time (µs per call)\n`);
for (const [key, us] of [...result.byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${fmt(us)}  ${key}\n`);

function summarize(dir) {
const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`Expected a .cpuprofile in ${dir}, found ${readdirSync(dir).join(', ') || 'nothing'}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
let window;
try {
  window = JSON.parse(readFileSync(join(dir, 'window.json'), 'utf8'));
} catch {
  window = { startUs: -Infinity, endUs: Infinity, calls: 1 };
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

/** Per bundle file: sorted [line, module] markers. */
const markers = new Map();
function moduleOf(url, line) {
  if (!url) return '';
  if (!markers.has(url)) {
    const list = [];
    try {
      const text = readFileSync(url.startsWith('file:') ? fileURLToPath(url) : url, 'utf8').split('\n');
      for (let i = 0; i < text.length; i++) {
        const m = /^\/\/ (\S+\.[cm]?js)$/.exec(text[i]);
        // Paths are relative to where the bundle was built: keep from node_modules/ or dist/ on.
        if (m) list.push([i, m[1].replace(/^.*?(?=node_modules\/|dist\/)/, '')]);
      }
    } catch {}
    markers.set(url, list);
  }
  const list = markers.get(url);
  let found = '';
  for (const [at, name] of list) {
    if (at > line) break;
    found = name;
  }
  return found || url.replace(/^.*\//, '');
}

function category(node) {
  const f = node.callFrame;
  const name = f.functionName;
  if (name === '(garbage collector)') return 'GC (main thread)';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return '(program): V8/native outside JS';
  if (name === '(root)') return 'root';
  const mod = moduleOf(f.url, f.lineNumber);
  if (!f.url) return `native: ${name}`;
  if (f.url.startsWith('node:')) return `node: ${f.url.slice(5)}`;
  if (mod.startsWith('dist/') || mod.startsWith('src/')) return `ours: ${mod.replace(/^dist\//, '')}`;
  if (mod.includes('@modelcontextprotocol/sdk')) return `sdk: ${mod.replace(/^.*@modelcontextprotocol\/sdk\/dist\/esm\//, '')}`;
  if (mod.includes('node_modules/zod')) return 'zod';
  if (mod.includes('node_modules/')) return `dep: ${mod.replace(/^.*node_modules\//, '').split('/')[0]}`;
  return `other: ${mod}`;
}

const self = new Map();
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  const dt = profile.timeDeltas[i + 1] ?? 0;
  if (t < window.startUs || t > window.endUs) continue;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
}
const byCategory = new Map();
const byFunction = new Map();
let busy = 0;
for (const [id, us] of self) {
  const node = byId.get(id);
  const cat = category(node);
  byCategory.set(cat, (byCategory.get(cat) ?? 0) + us);
  if (cat !== 'idle') busy += us;
  const f = node.callFrame;
  const key = `${f.functionName || '(anonymous)'}  ${moduleOf(f.url, f.lineNumber) || f.url}:${f.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
return { calls: window.calls, seconds: (window.endUs - window.startUs) / 1e6, busy, byCategory, byFunction };
}
