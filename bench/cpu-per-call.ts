/**
 * CPU time of the parallel-mcp process per proxied call: utime + stime from
 * /proc/<pid>/stat around batches of `echo` calls through one call_tools_parallel each.
 * Not a section of `npm run bench` (no target of its own); it explains section 1.
 *
 *   tsx bench/cpu-per-call.ts [batches=10] [calls=1000]
 */
import { cpuMs, EVERYTHING, openCli, parallelEcho, resolveCli, writeConfig } from './mcp-session.js';

const [batches = 10, calls = 1000] = process.argv.slice(2).map(Number);

const cpuSeconds = (pid: number) => cpuMs(pid) / 1000;

const session = await openCli(resolveCli(undefined), writeConfig('cpu-per-call', { everything: EVERYTHING }));
try {
  for (let i = 0; i < 6; i++) await parallelEcho(session, calls, 64); // warm up, as section 1 does
  const perCallUs: number[] = [];
  for (let b = 0; b < batches; b++) {
    const before = cpuSeconds(session.pid);
    const { results } = await parallelEcho(session, calls, 64);
    const used = cpuSeconds(session.pid) - before;
    if (results.some((r) => !r.ok)) throw new Error('a call failed');
    perCallUs.push((used / calls) * 1e6);
  }
  perCallUs.sort((a, b) => a - b);
  const median = perCallUs[Math.floor(perCallUs.length / 2)]!;
  process.stdout.write(
    `parallel-mcp CPU per proxied echo (${batches} batches of ${calls}, 64 in flight): median ${median.toFixed(0)} µs, ` +
      `range ${perCallUs[0]!.toFixed(0)}-${perCallUs.at(-1)!.toFixed(0)} µs\n`,
  );
} finally {
  await session.close();
}
