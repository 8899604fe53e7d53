// Groups a `perf record -g` of bench/batch-perf.ts (or request-perf.ts) by who does the work, in µs
// per call: each sample is charged by its call chain, in this order:
//   GC          any frame of the collector (scavenger, marking, sweeping, on any thread)
//   compile     any frame of V8's compilers or parser
//   JSON        JSON.parse / JSON.stringify (split below by the nearest JavaScript caller)
//   promises    a promise or microtask builtin at the leaf (reactions, resolve, await)
//   kernel      a kernel frame at the leaf (only where perf may sample the kernel)
//   else        the nearest JavaScript frame: our source file (from the `// src/...` markers of
//               bench/profile-bundle.mjs's bundle), the SDK by file, zod, other packages, Node's
//               streams / events / timers / task queues, the pass-through, or — with no
//               JavaScript frame at all — the event loop and Node's C++ (libuv, stream wraps).
// Samples are counted, then scaled so that they add up to the CPU per call given (schedstat).
//
//   node bench/batch-perf-groups.mjs <out.data> <µs per call> <pid> [--files] [--functions] [--json out.json]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const [file, perCallArg, pidArg] = args;
if (!file || !perCallArg || !pidArg) throw new Error('Expected: node bench/batch-perf-groups.mjs <out.data> <µs per call> <pid> [--files] [--functions] [--json out.json]');
const showFiles = args.includes('--files');
const showFunctions = args.includes('--functions');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

const text = execFileSync('perf', ['script', '-i', file, '-F', 'tid,ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });

const GC = /Scaveng|Heap::CollectGarbage|Heap::PerformGarbageCollection|MarkCompact|Sweeper|ConcurrentMarking|IncrementalMarking|MinorMarkSweep|MinorGC|GCTracer|Heap::Scavenge|MemoryAllocator::Unmapper|Evacuat|RememberedSet|MarkingVisitor|ScavengeJob|HeapObjectsFilter|Heap::FinalizeIncrementalMarking/;
const COMPILE = /compiler::|Turbofan|Maglev|maglev::|baseline::|Compiler::|Parser::|Scanner::|interpreter::Bytecode|CodeGenerator|Assembler::|RegisterAllocator|InstructionSelector|OptimizingCompileDispatcher|CompileLazy|Zone::/;
const JSON_FRAME = /JsonParser|JsonStringifier|Builtin_JsonParse|Builtin_JsonStringify|JsonStringify|JsonParse/;
const PROMISE = /^Builtins_(Promise|RunMicrotasks|AsyncFunction|Await|ResolvePromise|RejectPromise|FulfillPromise|PerformPromiseThen|NewPromiseCapability|EnqueueMicrotask|CallAsyncFunction)/;
const JS = /^JS:[~^*+]?(\S*) (.+):(\d+):(\d+)$/;

const markers = new Map();
/** The source module of a bundle line, from esbuild's `// path` markers (profile bundle only). */
function moduleOf(path, line) {
  if (!markers.has(path)) {
    const list = [];
    try {
      const lines = readFileSync(path.startsWith('file:') ? fileURLToPath(path) : path, 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        const m = /^\/\/ (\S+\.[cm]?js)$/.exec(lines[i]);
        if (m) list.push([i + 1, m[1].replace(/^.*?(?=node_modules\/|dist\/)/, '')]);
      }
    } catch {}
    markers.set(path, list);
  }
  let found = '';
  for (const [at, name] of markers.get(path)) {
    if (at > line) break;
    found = name;
  }
  return found;
}

/** The group of a JavaScript frame's file and line. */
function jsGroup(path, line) {
  if (path.startsWith('node:')) {
    const mod = path.slice(5);
    if (/streams|stream_base|^net$|^stream$|pipe_wrap|string_decoder/.test(mod)) return 'node: streams, net';
    if (/timers/.test(mod)) return 'node: timers';
    if (/task_queues|promise/.test(mod)) return 'node: task queues (nextTick, microtasks)';
    if (/^events$/.test(mod)) return 'node: events (emit)';
    if (/buffer|util/.test(mod)) return 'node: buffer, util';
    return `node: other (${mod})`;
  }
  if (path.endsWith('pass-through.mjs')) return 'pass-through.mjs';
  const mod = moduleOf(path, line);
  if (mod.startsWith('dist/')) return `ours: ${mod.slice(5).replace(/\.js$/, '.ts')}`;
  if (mod.includes('@modelcontextprotocol/sdk')) return `sdk: ${mod.replace(/^.*@modelcontextprotocol\/sdk\/dist\/esm\//, '')}`;
  if (mod.includes('node_modules/zod')) return 'zod';
  if (mod.includes('node_modules/')) return `dep: ${mod.replace(/^.*node_modules\//, '').split('/')[0]}`;
  if (mod) return `other: ${mod}`;
  return `JS without a module marker: ${path.replace(/^.*\//, '')}`;
}

const groups = new Map();
const jsonBy = new Map();
const byFunction = new Map();
const threads = new Map();
let total = 0;
const add = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
const pid = Number(pidArg);

function charge(tid, frames) {
  if (frames.length === 0) return;
  total++;
  add(threads, tid === pid ? 'main thread' : 'other threads');
  const nearestJs = () => {
    for (const f of frames) {
      const m = JS.exec(f.sym);
      if (m) return jsGroup(m[2], Number(m[3]));
    }
    return undefined;
  };
  if (frames.some((f) => GC.test(f.sym))) return add(groups, tid === pid ? 'GC (main thread)' : 'GC (helper threads)');
  if (frames.some((f) => COMPILE.test(f.sym))) return add(groups, 'compile (JIT, parser)');
  if (frames.some((f) => JSON_FRAME.test(f.sym))) {
    add(groups, 'JSON parse / stringify');
    return add(jsonBy, nearestJs() ?? '(no JS caller)');
  }
  if (PROMISE.test(frames[0].sym)) return add(groups, 'promises (builtins: reactions, resolve, await)');
  if (frames[0].dso.includes('kernel')) return add(groups, 'kernel');
  const js = nearestJs();
  if (js && showFunctions) {
    const f = frames.find((f) => JS.test(f.sym));
    const m = JS.exec(f.sym);
    add(byFunction, `${m[1] || '(anonymous)'}  ${js}  (leaf ${frames[0].sym.slice(0, 50)})`);
  }
  if (js) return add(groups, js);
  if (tid !== pid) return add(groups, `other threads, no JS (${frames[0].dso.replace(/^.*\//, '')})`);
  return add(groups, 'event loop, libuv, Node C++ (no JS frame)');
}

let tid = -1;
let frames = [];
for (const line of text.split('\n')) {
  const head = /^\s*(\d+)\s*$/.exec(line);
  if (head) {
    charge(tid, frames);
    tid = Number(head[1]);
    frames = [];
    continue;
  }
  const m = /^\s+[0-9a-f]+ (.*) \((.*)\)$/.exec(line);
  if (m) frames.push({ sym: m[1].replace(/\+0x[0-9a-f]+$/, ''), dso: m[2] });
}
charge(tid, frames);

const perCall = Number(perCallArg);
const us = (n) => (n * perCall) / total;
const out = { file, samples: total, us_per_call: perCall, threads: Object.fromEntries([...threads].map(([k, v]) => [k, us(v)])), groups: {}, json_by_caller: {} };
process.stdout.write(`${file}: ${total} samples = ${perCall} µs per call; ${[...threads].map(([k, v]) => `${k} ${us(v).toFixed(2)} µs`).join(', ')}\n`);
const sorted = [...groups].sort((a, b) => b[1] - a[1]);
const rollup = new Map();
for (const [name, n] of sorted) {
  out.groups[name] = us(n);
  add(rollup, name.startsWith('ours: ') ? 'ours (all files)' : name.startsWith('sdk: ') ? 'sdk (all files)' : name, n);
}
for (const [name, n] of [...rollup].sort((a, b) => b[1] - a[1])) {
  if (!showFiles && n / total < 0.003) continue;
  process.stdout.write(`${us(n).toFixed(2).padStart(7)} µs ${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}\n`);
}
if (showFiles) {
  process.stdout.write('\nby file:\n');
  for (const [name, n] of sorted) if (name.startsWith('ours: ') || name.startsWith('sdk: ')) process.stdout.write(`${us(n).toFixed(2).padStart(7)} µs  ${name}\n`);
  process.stdout.write('\nJSON by nearest JavaScript caller:\n');
  for (const [name, n] of [...jsonBy].sort((a, b) => b[1] - a[1])) process.stdout.write(`${us(n).toFixed(2).padStart(7)} µs  ${name}\n`);
}
if (showFunctions) {
  process.stdout.write('\nby nearest JavaScript function (and the leaf):\n');
  for (const [name, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 60)) process.stdout.write(`${us(n).toFixed(2).padStart(7)} µs  ${name}\n`);
}
for (const [name, n] of jsonBy) out.json_by_caller[name] = us(n);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(out, null, 1));
