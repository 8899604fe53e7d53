/**
 * What one batched call allocates in the CLI, by allocating function (V8's sampling heap
 * profiler, every 512 bytes, keeping what the collectors freed; built-ins such as JSON.parse
 * or Array.push are charged to their caller, named beside it): 5 warm-up batches, then
 * `batches` batches of `calls` echoes, 64 in flight, sampled. Bytes per call, largest first.
 *
 *   tsx bench/batch-alloc-profile.ts <cli> [batches=10] [calls=1000] [top=40]
 */
import { cliAllocationSites } from './cli-alloc-profile.js';
import { largestSites } from './heap-sites.mjs';
import { EVERYTHING, parallelEcho, writeConfig, type Session } from './mcp-session.js';

const [cli, batchesArg, callsArg, topArg] = process.argv.slice(2);
if (!cli) throw new Error('Expected a CLI path: tsx bench/batch-alloc-profile.ts <cli> [batches] [calls] [top]');
const batches = Number(batchesArg ?? 10);
const calls = Number(callsArg ?? 1000);
const batch = async (session: Session) => {
  const { results } = await parallelEcho(session, calls, 64);
  if (results.some((r) => !r.ok)) throw new Error('a call failed');
};
const { bySite, total } = await cliAllocationSites(
  cli,
  writeConfig('batch-alloc-profile', { everything: EVERYTHING }),
  {},
  async (session) => {
    for (let w = 0; w < 5; w++) await batch(session);
  },
  async (session) => {
    for (let b = 0; b < batches; b++) await batch(session);
  },
);
const n = batches * calls;
process.stdout.write(`${Math.round(total / n)} B allocated per batched call (sampled, ${batches} x ${calls})\n`);
for (const [key, size] of largestSites(bySite, Number(topArg ?? 40))) process.stdout.write(`${(size / n).toFixed(0).padStart(6)} B  ${key}\n`);
