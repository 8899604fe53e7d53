/**
 * What one batched call allocates in the CLI, by allocating function (V8's sampling heap
 * profiler, every 512 bytes, keeping what the collectors freed; built-ins such as JSON.parse
 * or Array.push are charged to their caller, named beside it): 5 warm-up batches, then
 * `batches` batches of `calls` echoes, 64 in flight, sampled. Bytes per call, largest first.
 *
 *   tsx bench/batch-alloc-profile.ts <cli> [batches=10] [calls=1000] [top=40]
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allocationSites, largestSites, type HeapProfileNode } from './heap-sites.mjs';
import { EVERYTHING, openCli, parallelEcho, writeConfig } from './mcp-session.js';

const [cli, batchesArg, callsArg, topArg] = process.argv.slice(2);
if (!cli) throw new Error('Expected a CLI path: tsx bench/batch-alloc-profile.ts <cli> [batches] [calls] [top]');
const batches = Number(batchesArg ?? 10);
const calls = Number(callsArg ?? 1000);
const out = `/tmp/batch-alloc-${process.pid}.heapprofile`;
const preload = fileURLToPath(new URL('./alloc-profile-preload.mjs', import.meta.url));
const session = await openCli(cli, writeConfig('batch-alloc-profile', { everything: EVERYTHING }), [], { NODE_OPTIONS: `--import ${preload}`, ALLOC_PROFILE_OUT: out });
try {
  const batch = async () => {
    const { results } = await parallelEcho(session, calls, 64);
    if (results.some((r) => !r.ok)) throw new Error('a call failed');
  };
  for (let w = 0; w < 5; w++) await batch();
  process.kill(session.pid, 'SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let b = 0; b < batches; b++) await batch();
  process.kill(session.pid, 'SIGUSR2');
  for (let waited = 0; !session.stderrTail().includes('alloc-profile written'); waited += 50) {
    if (waited > 20_000) throw new Error(`Expected "alloc-profile written" on the CLI's stderr, got: ${session.stderrTail().slice(-400)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
} finally {
  await session.close();
}
const profile = JSON.parse(readFileSync(out, 'utf8')) as { head: HeapProfileNode };
rmSync(out, { force: true });
const { bySite, total } = allocationSites(profile.head, 1);
const n = batches * calls;
process.stdout.write(`${Math.round(total / n)} B allocated per batched call (sampled, ${batches} x ${calls})\n`);
for (const [key, size] of largestSites(bySite, Number(topArg ?? 40))) process.stdout.write(`${(size / n).toFixed(0).padStart(6)} B  ${key}\n`);
