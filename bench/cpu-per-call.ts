/**
 * CPU time of the parallel-mcp process per proxied call: utime + stime from
 * /proc/<pid>/stat around batches of `echo` calls through one call_tools_parallel each.
 * Not a section of `npm run bench` (no target of its own); it explains section 1.
 *
 *   tsx bench/cpu-per-call.ts [batches=10] [calls=1000] [--cli <path/to/cli.js>]
 */
import { readFileSync } from 'node:fs';
import { EVERYTHING, openCli, parallelEcho, resolveCli, writeConfig } from './mcp-session.js';

const argv = process.argv.slice(2);
const cliAt = argv.indexOf('--cli');
const cli = cliAt === -1 ? undefined : argv.splice(cliAt, 2)[1];
const [batches = 10, calls = 1000] = argv.map(Number);

/** CPU seconds (user + system) the process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] and fields[12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const session = await openCli(resolveCli(cli), writeConfig('cpu-per-call', { everything: EVERYTHING }));
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
