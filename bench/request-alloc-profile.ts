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
import { cliAllocationSites } from './cli-alloc-profile.js';
import { largestSites } from './heap-sites.mjs';
import { EVERYTHING, inFlight, parallelEcho, writeConfig, type Session } from './mcp-session.js';

const survivors = process.argv.includes('--survivors');
const [cli, roundsArg, callsArg, inFlightArg, topArg] = process.argv.slice(2).filter((arg) => arg !== '--survivors');
if (!cli) throw new Error('Expected a CLI path: tsx bench/request-alloc-profile.ts [--survivors] <cli> [rounds] [calls] [inFlight] [top]');
const rounds = Number(roundsArg ?? 5);
const calls = Number(callsArg ?? 1000);
const atOnce = Number(inFlightArg ?? 64);
const round = (session: Session) =>
  inFlight(calls, atOnce, async () => {
    const { results } = await parallelEcho(session, 1, 1);
    if (!results[0]?.ok) throw new Error(`a request failed: ${JSON.stringify(results[0]).slice(0, 300)}`);
  });
const { bySite, total } = await cliAllocationSites(
  cli,
  writeConfig('request-alloc-profile', { everything: EVERYTHING }),
  { survivors },
  async (session) => {
    for (let w = 0; w < 4; w++) await round(session);
  },
  async (session) => {
    for (let r = 0; r < rounds; r++) await round(session);
  },
);
const n = rounds * calls;
process.stdout.write(`${Math.round(total / n)} B ${survivors ? 'surviving a scavenge' : 'allocated'} per one-call request (sampled, ${rounds} x ${calls}, ${atOnce} in flight)\n`);
for (const [key, size] of largestSites(bySite, Number(topArg ?? 40))) process.stdout.write(`${(size / n).toFixed(0).padStart(6)} B  ${key}\n`);
