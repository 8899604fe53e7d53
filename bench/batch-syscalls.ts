/**
 * Per batched call, for one or more CLIs in rotating order: the parallel-mcp process's user
 * and system CPU (/proc/<pid>/stat, 10 ms ticks), its read and write system calls
 * (/proc/<pid>/io syscr, syscw) and the server-everything child's, over `batches` batches of
 * `calls` echoes, 64 in flight, after 5 warm-up batches. Where the per-call CPU goes that a
 * profile of the main thread does not show: the kernel's share of each write and read.
 *
 *   tsx bench/batch-syscalls.ts --cli A [--cli B] [--rounds 3] [batches=10] [calls=1000]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { childPidsOf, EVERYTHING, openCli, parallelEcho, writeConfig } from './mcp-session.js';

const { values, positionals } = parseArgs({ options: { cli: { type: 'string', multiple: true }, rounds: { type: 'string', default: '3' } }, allowPositionals: true });
const [batches = 10, calls = 1000] = positionals.map(Number);
const clis = values.cli ?? [];
if (clis.length === 0) throw new Error('Expected at least one --cli PATH');

interface Counters { user: number; sys: number; reads: number; writes: number }
function counters(pid: number): Counters {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const num = (key: string) => Number(new RegExp(`${key}: (\\d+)`).exec(io)?.[1]);
  // utime and stime are fields 14 and 15 (1-based), in clock ticks of 10 ms.
  return { user: Number(fields[11]) * 10, sys: Number(fields[12]) * 10, reads: num('syscr'), writes: num('syscw') };
}
const diff = (a: Counters, b: Counters): Counters => ({ user: b.user - a.user, sys: b.sys - a.sys, reads: b.reads - a.reads, writes: b.writes - a.writes });
const line = (c: Counters, n: number) =>
  `user ${((c.user * 1000) / n).toFixed(1)} µs, sys ${((c.sys * 1000) / n).toFixed(1)} µs, reads ${(c.reads / n).toFixed(3)}, writes ${(c.writes / n).toFixed(3)}`;

const config = writeConfig('batch-syscalls', { everything: EVERYTHING });
for (let round = 0; round < Number(values.rounds); round++) {
  for (const cli of clis) {
    const session = await openCli(cli, config);
    try {
      const batch = async () => {
        const { results } = await parallelEcho(session, calls, 64);
        if (results.some((r) => !r.ok)) throw new Error('a call failed');
      };
      for (let w = 0; w < 5; w++) await batch();
      const child = childPidsOf(session.pid)[0];
      if (child === undefined) throw new Error(`Expected a server-everything child of ${session.pid}, found none`);
      const before = counters(session.pid);
      const childBefore = counters(child);
      const t0 = performance.now();
      for (let b = 0; b < batches; b++) await batch();
      const ms = performance.now() - t0;
      const n = batches * calls;
      process.stdout.write(`${cli}: ${(ms / batches).toFixed(0)} ms per batch; parallel-mcp ${line(diff(before, counters(session.pid)), n)}; server ${line(diff(childBefore, counters(child)), n)}\n`);
    } finally {
      await session.close();
    }
  }
}
