/**
 * Sums a V8 heap snapshot (.heapsnapshot, e.g. from bench/memory-batch.ts --snapshot-at-ms):
 * self size and count per node type and constructor name, largest first, and the strings by
 * length class, so one can see what a process holds.
 *
 *   tsx bench/memory-snapshot.ts FILE [top=40]
 */
import { readFileSync } from 'node:fs';

const [file, topArg = '40'] = process.argv.slice(2);
if (!file) throw new Error('Expected a .heapsnapshot path as the first argument, got none');
const snap = JSON.parse(readFileSync(file, 'utf8')) as {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
};
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0];
const width = fields.length;
const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
const groups = new Map<string, { count: number; bytes: number }>();
let total = 0;
for (let i = 0; i < snap.nodes.length; i += width) {
  const type = types[snap.nodes[i + typeAt!]!]!;
  const size = snap.nodes[i + sizeAt!]!;
  total += size;
  let name = type;
  if (type === 'object' || type === 'closure' || type === 'hidden' || type === 'code' || type === 'array') {
    name = `${type}:${snap.strings[snap.nodes[i + nameAt!]!]!.slice(0, 60)}`;
  }
  const g = groups.get(name) ?? { count: 0, bytes: 0 };
  g.count += 1;
  g.bytes += size;
  groups.set(name, g);
}
// Plain objects grouped by their property names (the shape a reader recognises).
const edgeWidth = snap.snapshot.meta.edge_fields.length;
const edgeTypes = snap.snapshot.meta.edge_types[0];
const [edgeTypeAt, edgeNameAt] = ['type', 'name_or_index'].map((f) => snap.snapshot.meta.edge_fields.indexOf(f));
const edgeCountAt = fields.indexOf('edge_count');
const shapes = new Map<string, { count: number; bytes: number }>();
for (let i = 0, e = 0; i < snap.nodes.length; i += width) {
  const edgeCount = snap.nodes[i + edgeCountAt]!;
  const name = snap.strings[snap.nodes[i + nameAt!]!];
  if (types[snap.nodes[i + typeAt!]!] === 'object' && (name === 'Object' || name === 'Array')) {
    const keys: string[] = [];
    for (let k = 0; k < edgeCount; k++) {
      const at = e + k * edgeWidth;
      if (edgeTypes[snap.edges[at + edgeTypeAt!]!] === 'property') keys.push(snap.strings[snap.edges[at + edgeNameAt!]!]!);
    }
    const key = `${name}{${keys.slice(0, 12).join(',')}}`;
    const g = shapes.get(key) ?? { count: 0, bytes: 0 };
    g.count += 1;
    g.bytes += snap.nodes[i + sizeAt!]!;
    shapes.set(key, g);
  }
  e += edgeCount * edgeWidth;
}
const mb = (n: number) => (n / 2 ** 20).toFixed(2);
process.stdout.write(`total self size ${mb(total)} MB in ${snap.nodes.length / width} nodes\n`);
for (const [name, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, Number(topArg))) {
  process.stdout.write(`${mb(g.bytes).padStart(8)} MB ${String(g.count).padStart(8)}  ${name}\n`);
}
process.stdout.write('\nplain objects by their property names\n');
for (const [name, g] of [...shapes].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, Number(topArg))) {
  process.stdout.write(`${mb(g.bytes).padStart(8)} MB ${String(g.count).padStart(8)}  ${name.slice(0, 160)}\n`);
}
