/**
 * CPU time of the parallel-mcp process per proxied call, batched (one call_tools_parallel of
 * `calls` echoes, 64 in flight) and per one-call request (`calls` call_tools_parallel of one
 * echo, 64 in flight): the sum of its threads' /proc/<pid>/task/*\/schedstat run time (ns)
 * around each batch. Section 1 reports the same figures beside its throughput rows; this
 * script is the quick look. With --gc, also the JS heap allocated per batched call: the heap's
 * growth plus what its collector freed (v8.GCProfiler, preloaded by bench/gc-stat-preload.mjs)
 * over `batches` more batches run back to back, divided by their calls. With --threads, also
 * how much of the batched figure is the main thread's (the rest is V8's helper threads: the
 * parallel scavenger, concurrent marking and TurboFan compiling in the background).
 *
 * --warmup n: n warm-up rounds of a batch and its requests (default 5, as section 1).
 *
 *   tsx bench/cpu-per-call.ts [--cli dist/cli.js] [--gc] [--threads] [--warmup n] [--node-options S] [batches=10] [calls=1000]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuMsPrecise, EVERYTHING, inFlight, openCli, parallelEcho, resolveCli, writeConfig } from './mcp-session.js';
import { fmtSpread, spread } from './stats.js';

const { values, positionals } = parseArgs({
  options: { cli: { type: 'string' }, gc: { type: 'boolean', default: false }, threads: { type: 'boolean', default: false }, 'node-options': { type: 'string' }, warmup: { type: 'string', default: '5' } },
  allowPositionals: true,
});
const [batches = 10, calls = 1000] = positionals.map(Number);

const preload = fileURLToPath(new URL('./gc-stat-preload.mjs', import.meta.url));
// --node-options: added to the CLI's NODE_OPTIONS (e.g. `--import` of a profiler preload).
const nodeOptions = [values.gc ? `--import ${preload}` : '', values['node-options'] ?? ''].filter(Boolean).join(' ');
const session = await openCli(resolveCli(values.cli), writeConfig('cpu-per-call', { everything: EVERYTHING }), [], nodeOptions ? { NODE_OPTIONS: nodeOptions } : {});
/** The preload's report of the bytes allocated since the last call of this (SIGUSR2). */
const gcStat = async (): Promise<number> => {
  const before = session.stderrTail().split('gc-stat ').length;
  process.kill(session.pid, 'SIGUSR2');
  for (let waited = 0; session.stderrTail().split('gc-stat ').length === before; waited += 10) {
    if (waited > 5000) throw new Error(`Expected a gc-stat line from the preload on stderr, got none: ${session.stderrTail().slice(-400)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const line = session.stderrTail().split('gc-stat ').pop()!;
  return Number(/allocated=(-?\d+)/.exec(line)?.[1]);
};
try {
  const batch = () => parallelEcho(session, calls, 64).then(({ results }) => {
    if (results.some((r) => !r.ok)) throw new Error('a call failed');
  });
  const requests = () => inFlight(calls, 64, () => parallelEcho(session, 1, 1).then(({ results }) => {
    if (!results[0]?.ok) throw new Error('a call failed');
  }));
  for (let i = 0; i < Number(values.warmup); i++) {
    await batch(); // warm up, as section 1 does (5)
    await requests();
  }
  const perCall = { batched: [] as number[], requests: [] as number[] };
  const mainThreadBatched: number[] = [];
  for (let b = 0; b < batches; b++) {
    for (const [kind, run] of [['batched', batch], ['requests', requests]] as const) {
      const before = cpuMsPrecise(session.pid);
      const mainBefore = kind === 'batched' && values.threads ? mainThreadMs(session.pid) : 0;
      await run();
      perCall[kind].push(((cpuMsPrecise(session.pid) - before) * 1000) / calls);
      if (kind === 'batched' && values.threads) mainThreadBatched.push(((mainThreadMs(session.pid) - mainBefore) * 1000) / calls);
    }
  }
  // Allocation: batches only, back to back.
  let allocatedBatched = 0;
  if (values.gc) {
    for (let b = 0; b < 3; b++) await batch(); // let the requests' garbage go first
    await gcStat();
    for (let b = 0; b < batches; b++) await batch();
    allocatedBatched = await gcStat();
  }
  process.stdout.write(
    `parallel-mcp CPU per proxied echo, median (min-max) of ${batches} x ${calls} calls, 64 in flight: ` +
      `batched ${fmtSpread(spread(perCall.batched, 1), 1)} µs` +
      (values.threads ? ` (main thread ${fmtSpread(spread(mainThreadBatched, 1), 1)} µs, the rest V8's helper threads)` : '') +
      `; one-call requests ${fmtSpread(spread(perCall.requests, 1), 1)} µs` +
      (values.gc ? `; JS heap allocated per batched call ${Math.round(allocatedBatched / (batches * calls))} B` : '') +
      '\n',
  );
} finally {
  await session.close();
}

/** CPU time of the process's main thread in ms (its schedstat: time on a CPU, ns). */
function mainThreadMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}
