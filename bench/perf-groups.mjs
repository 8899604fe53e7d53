// Groups a `perf record` of bench/request-perf.ts by kind of work, as shares and µs per request:
//   node bench/perf-groups.mjs <out.data> <µs per request> <main thread id>
import { execFileSync } from 'node:child_process';

const [file, perRequest, mainTid] = process.argv.slice(2);
const report = execFileSync('perf', ['report', '-i', file, '--no-children', '--sort', 'pid,sym', '-q', '-g', 'none', '--percent-limit', '0'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
const rules = [
  ['GC', /Scaveng|Heap::|MarkCompact|Sweeper|Marking|GCTracer|Evacuat|MinorGC|ConcurrentMark|RememberedSet|SlotSet|MemoryChunk|OnMoveEvent|IncrementalMarking|Worklist|PagedSpace|NewSpace|Allocat(e|ion)Raw/],
  ['compile (TurboFan, parser, bytecode)', /compiler::|Turbofan|Maglev|Compiler|Parser::|Scanner|Bytecode|interpreter::|baseline::|CodeGenerator|Assembler|RegisterAllocat|InstructionSelector|Zone/],
  ['JSON parse/stringify', /Json|JSON/],
  ['kernel', /\[k\]/],
  ['JS (parallel-mcp bundle)', /JS:.*dist\/bundle/],
  ['JS (node internals)', /JS:.*node:/],
  ['JS other', /JS:/],
  ['V8 builtins (ICs, promises, calls, Map)', /Builtins_/],
  ['libuv / node C++', /uv_|uv__|node::|epoll/],
  ['libc / malloc', /malloc|free|memcpy|memmove|_int_|libc/],
  ['strings / hashing', /String|Hash/],
];
const groups = new Map();
const threads = new Map();
let total = 0;
for (const line of report.split('\n')) {
  const m = /^\s*([\d.]+)%\s+(\d+):(\S+)\s+(.*)$/.exec(line);
  if (!m) continue;
  const pct = Number(m[1]);
  total += pct;
  const thread = m[2] === mainTid ? 'main thread' : 'other threads';
  threads.set(thread, (threads.get(thread) ?? 0) + pct);
  const name = rules.find(([, rx]) => rx.test(m[4]))?.[0] ?? 'other';
  groups.set(name, (groups.get(name) ?? 0) + pct);
}
const us = (pct) => ((pct * Number(perRequest)) / total).toFixed(1);
console.log(`${file}: ${[...threads].map(([k, v]) => `${k} ${us(v)} µs`).join(', ')} per request`);
for (const [name, pct] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`${((100 * pct) / total).toFixed(1).padStart(5)}%  ${us(pct).padStart(6)} µs  ${name}`);
