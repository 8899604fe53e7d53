/**
 * What each scavenge (V8's young-generation collection) keeps while one-call requests run
 * (issue 13): 4 warm-up rounds, then `rounds` rounds of 1,000 one-call call_tools_parallel
 * requests, 64 in flight, through each CLI in turn; per scavenge of the measured rounds, the
 * MB of new space used before it, what survived it in new space and what it promoted to the old
 * space (scavenge-preload.mjs, v8.GCProfiler), and the median of each. Survivors are copied at
 * every scavenge and what is promoted fills the old space for the full collections: both cost
 * CPU per request, on the main thread and the GC helpers.
 *
 *   tsx bench/request-scavenges.ts [--rounds 5] <cli> [<cli> ...]
 */
import { fileURLToPath } from 'node:url';
import { EVERYTHING, inFlight, openCli, parallelEcho, writeConfig } from './mcp-session.js';

const argv = process.argv.slice(2);
const roundsAt = argv.indexOf('--rounds');
const rounds = roundsAt < 0 ? 5 : Number(argv.splice(roundsAt, 2)[1]);
if (argv.length === 0) throw new Error('Expected at least one CLI path: tsx bench/request-scavenges.ts [--rounds n] <cli> ...');
const preload = fileURLToPath(new URL('./scavenge-preload.mjs', import.meta.url));
const config = writeConfig('request-scavenges', { everything: EVERYTHING });
const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

for (const cli of argv) {
  const session = await openCli(cli, config, [], { NODE_OPTIONS: `--import ${preload}` });
  try {
    const round = () =>
      inFlight(1000, 64, async () => {
        const { results } = await parallelEcho(session, 1, 1);
        if (!results[0]?.ok) throw new Error(`a request through ${cli} failed`);
      });
    const report = async (): Promise<Array<{ before: number; survived: number; promoted: number; pauseUs: number }>> => {
      const seen = session.stderrTail().split('scavenges ').length;
      process.kill(session.pid, 'SIGUSR2');
      for (let waited = 0; session.stderrTail().split('scavenges ').length === seen; waited += 20) {
        if (waited > 5000) throw new Error(`Expected a "scavenges" line on the CLI's stderr, got: ${session.stderrTail().slice(-300)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return JSON.parse(session.stderrTail().split('scavenges ').pop()!.split('\n')[0]!);
    };
    for (let w = 0; w < 4; w++) await round();
    await report();
    for (let r = 0; r < rounds; r++) await round();
    const scavenges = await report();
    const each = scavenges.map((s) => `${mb(s.before)}->${mb(s.survived)} +${mb(s.promoted)}`).join(', ');
    process.stdout.write(
      `${cli}: ${scavenges.length} scavenges in ${rounds} x 1000 requests; median survived ${mb(median(scavenges.map((s) => s.survived)))} MB, ` +
        `promoted ${mb(median(scavenges.map((s) => s.promoted)))} MB, pause ${(median(scavenges.map((s) => s.pauseUs)) / 1000).toFixed(1)} ms (new space MB before->after +promoted: ${each})\n`,
    );
  } finally {
    await session.close();
  }
}
