/**
 * What one one-call request allocates in the CLI, downstream lane and pipes included (issue 13),
 * by allocating function: V8's sampling heap profiler every 512 bytes, keeping what the
 * collectors freed (alloc-profile-preload.mjs; built-ins charged to their caller, named beside
 * it). 4 warm-up rounds, then `rounds` rounds of `calls` one-call call_tools_parallel requests
 * of one echo, `inFlight` at once, sampled. Bytes per request, largest first. The in-process
 * counterpart, without pipes or a downstream process, is request-alloc-inprocess.mjs.
 * `--survivors`: only what survived a scavenge (what the young collector copied or promoted,
 * collected later or not), by allocating function: what makes scavenges dear.
 *
 *   tsx bench/request-alloc-profile.ts [--survivors] <cli> [rounds=5] [calls=1000] [inFlight=64] [top=40]
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allocationSites, largestSites, type HeapProfileNode } from './heap-sites.mjs';
import { EVERYTHING, inFlight, openCli, parallelEcho, writeConfig } from './mcp-session.js';

const survivors = process.argv.includes('--survivors');
const [cli, roundsArg, callsArg, inFlightArg, topArg] = process.argv.slice(2).filter((arg) => arg !== '--survivors');
if (!cli) throw new Error('Expected a CLI path: tsx bench/request-alloc-profile.ts <cli> [rounds] [calls] [inFlight] [top]');
const rounds = Number(roundsArg ?? 5);
const calls = Number(callsArg ?? 1000);
const atOnce = Number(inFlightArg ?? 64);
const out = `/tmp/request-alloc-${process.pid}.heapprofile`;
const preload = fileURLToPath(new URL('./alloc-profile-preload.mjs', import.meta.url));
const session = await openCli(cli, writeConfig('request-alloc-profile', { everything: EVERYTHING }), [], {
  NODE_OPTIONS: `--import ${preload}`,
  ALLOC_PROFILE_OUT: out,
  ...(survivors ? { ALLOC_PROFILE_SURVIVORS: '1' } : {}),
});
try {
  const round = () =>
    inFlight(calls, atOnce, async () => {
      const { results } = await parallelEcho(session, 1, 1);
      if (!results[0]?.ok) throw new Error(`a request failed: ${JSON.stringify(results[0]).slice(0, 300)}`);
    });
  for (let w = 0; w < 4; w++) await round();
  process.kill(session.pid, 'SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let r = 0; r < rounds; r++) await round();
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
const n = rounds * calls;
process.stdout.write(`${Math.round(total / n)} B ${survivors ? 'surviving a scavenge' : 'allocated'} per one-call request (sampled, ${rounds} x ${calls}, ${atOnce} in flight)\n`);
for (const [key, size] of largestSites(bySite, Number(topArg ?? 40))) process.stdout.write(`${(size / n).toFixed(0).padStart(6)} B  ${key}\n`);
