/**
 * On-CPU time of the proxy per one-call request, from the kernel's sampler (issue 13), where V8's
 * --cpu-prof counts a thread blocked in a pipe write as busy: `perf record -g` of the process
 * (all threads, kernel included) around `rounds` x 1,000 requests, `inFlight` at once, after 4
 * warm-up rounds; the process runs with --perf-basic-prof so JIT code has names. `ours` is
 * parallel-mcp (one call_tools_parallel of one echo per request), `pass` the raw pass-through
 * (one tools/call of everything__echo). Group the samples with `node bench/perf-groups.mjs`.
 *
 *   tsx bench/request-perf.ts ours|pass <cli> <out.data> [rounds=5] [inFlight=64]
 */
import { spawn } from 'node:child_process';
import { cpuMsPrecise, EVERYTHING, inFlight, openSession, parallelEcho, writeConfig } from './mcp-session.js';
const [which, cli, out, roundsArg, atOnceArg] = process.argv.slice(2);
const config = writeConfig('perfrun', { everything: EVERYTHING });
const pass = which === 'pass';
const session = pass
  ? await openSession(process.execPath, ['--perf-basic-prof', 'bench/pass-through.mjs', '--name', 'everything', '--', ...[EVERYTHING.command, ...EVERYTHING.args]])
  : await openSession(process.execPath, ['--perf-basic-prof', cli!, '--config', config], { env: { PARALLEL_MCP_STATE_DIR: 'none' } });
const atOnce = Number(atOnceArg ?? 64);
const once = () => inFlight(1000, atOnce, async () => {
  if (pass) { await session.client.callTool({ name: 'everything__echo', arguments: { message: 'x' } }); return; }
  const { results } = await parallelEcho(session, 1, 1); if (!results[0]?.ok) throw new Error('fail');
});
for (let w = 0; w < 4; w++) await once();
const perf = spawn('perf', ['record', '-F', '1999', '-g', '-p', String(session.pid), '-o', out!], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 300));
const c0 = cpuMsPrecise(session.pid);
const rounds = Number(roundsArg ?? 5);
for (let r = 0; r < rounds; r++) await once();
const cpu = cpuMsPrecise(session.pid) - c0;
perf.kill('SIGINT');
await new Promise((r) => perf.on('exit', r));
process.stdout.write(`${which}: CPU ${((cpu * 1000) / (rounds * 1000)).toFixed(1)} µs per request (${atOnce} in flight, schedstat); perf data in ${out}; main thread ${session.pid}\n`);
await session.close();
