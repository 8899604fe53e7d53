/**
 * CPU time of the parallel-mcp process per proxied call, batched (one call_tools_parallel of
 * `calls` echoes, 64 in flight) and per one-call request (`calls` call_tools_parallel of one
 * echo, 64 in flight): the sum of its threads' /proc/<pid>/task/*\/schedstat run time (ns)
 * around each batch. Section 1 reports the same figures beside its throughput rows; this
 * script is the quick look.
 *
 *   tsx bench/cpu-per-call.ts [--cli dist/cli.js] [batches=10] [calls=1000]
 */
import { parseArgs } from 'node:util';
import { cpuMsPrecise, EVERYTHING, inFlight, openCli, parallelEcho, resolveCli, writeConfig } from './mcp-session.js';
import { fmtSpread, spread } from './stats.js';

const { values, positionals } = parseArgs({ options: { cli: { type: 'string' } }, allowPositionals: true });
const [batches = 10, calls = 1000] = positionals.map(Number);

const session = await openCli(resolveCli(values.cli), writeConfig('cpu-per-call', { everything: EVERYTHING }));
try {
  const batch = () => parallelEcho(session, calls, 64).then(({ results }) => {
    if (results.some((r) => !r.ok)) throw new Error('a call failed');
  });
  const requests = () => inFlight(calls, 64, () => parallelEcho(session, 1, 1).then(({ results }) => {
    if (!results[0]?.ok) throw new Error('a call failed');
  }));
  for (let i = 0; i < 5; i++) {
    await batch(); // warm up, as section 1 does
    await requests();
  }
  const perCall = { batched: [] as number[], requests: [] as number[] };
  for (let b = 0; b < batches; b++) {
    for (const [kind, run] of [['batched', batch], ['requests', requests]] as const) {
      const before = cpuMsPrecise(session.pid);
      await run();
      perCall[kind].push(((cpuMsPrecise(session.pid) - before) * 1000) / calls);
    }
  }
  process.stdout.write(
    `parallel-mcp CPU per proxied echo, median (min-max) of ${batches} x ${calls} calls, 64 in flight: ` +
      `batched ${fmtSpread(spread(perCall.batched, 1), 1)} µs; one-call requests ${fmtSpread(spread(perCall.requests, 1), 1)} µs\n`,
  );
} finally {
  await session.close();
}
