/**
 * On-CPU time of the proxy per batched call, from the kernel's sampler (issue 13): `perf record -g`
 * of the proxy process (all threads) around `rounds` batches of `calls` echoes to server-everything,
 * `cap` in flight, after WARMUP (default 5) warm-up batches. `ours` is parallel-mcp (one call_tools_parallel per
 * batch; give the bundle of bench/profile-bundle.mjs to have its samples attributed per source
 * file), `pass` the raw pass-through (one call_batch per batch). The process runs with
 * --perf-basic-prof, so JIT code has names with its file and line; PERF_HZ sets the rate (4999). Group the samples with
 * `node bench/batch-perf-groups.mjs <out.data> <µs per call> <pid>`.
 *
 *   tsx bench/batch-perf.ts ours|pass <cli> <out.data> [rounds=10] [calls=2000] [cap=64]
 */
import { spawn } from 'node:child_process';
import { cpuMsPrecise, EVERYTHING, openSession, parallelEcho, textOf, writeConfig, type Session } from './mcp-session.js';

const [which, cli, out, roundsArg, callsArg, capArg] = process.argv.slice(2);
if ((which !== 'ours' && which !== 'pass') || !cli || !out) throw new Error('Expected: tsx bench/batch-perf.ts ours|pass <cli> <out.data> [rounds] [calls] [cap]');
const rounds = Number(roundsArg ?? 10);
const calls = Number(callsArg ?? 2000);
const cap = Number(capArg ?? 64);
const pass = which === 'pass';
/** Warm-up batches before the record (WARMUP=n; default 5). */
const warmup = Number(process.env.WARMUP ?? 5);
const session: Session = pass
  ? await openSession(process.execPath, ['--perf-basic-prof', '--interpreted-frames-native-stack', 'bench/pass-through.mjs', '--name', 'everything', '--', EVERYTHING.command, ...EVERYTHING.args])
  : await openSession(process.execPath, ['--perf-basic-prof', '--interpreted-frames-native-stack', cli, '--config', writeConfig('batch-perf', { everything: EVERYTHING })], { env: { PARALLEL_MCP_STATE_DIR: 'none' } });

async function once(): Promise<void> {
  if (pass) {
    const list = Array.from({ length: calls }, (_, i) => ({ tool: 'everything__echo', arguments: { message: `m${i}` } }));
    const response = await session.client.callTool({ name: 'call_batch', arguments: { calls: list, max_concurrency: cap } }, undefined, { timeout: 300_000 });
    const results = (response.structuredContent as { results?: Array<{ ok: boolean; result?: unknown }> } | undefined)?.results ?? [];
    if (results.length !== calls || !results.every((r, i) => r.ok && textOf(r.result) === `Echo: m${i}`)) throw new Error('a pass-through call failed');
    return;
  }
  const { results } = await parallelEcho(session, calls, cap);
  if (results.length !== calls || results.some((r) => !r.ok)) throw new Error('a call failed');
}

try {
  for (let w = 0; w < warmup; w++) await once();
  const perf = spawn('perf', ['record', '-F', String(process.env.PERF_HZ ?? 4999), '-g', '-p', String(session.pid), '-o', out], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  const c0 = cpuMsPrecise(session.pid);
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) await once();
  const ms = performance.now() - t0;
  const cpu = cpuMsPrecise(session.pid) - c0;
  perf.kill('SIGINT');
  await new Promise((r) => perf.on('exit', r));
  process.stdout.write(`${which}: CPU ${((cpu * 1000) / (rounds * calls)).toFixed(2)} µs per call (schedstat, all threads), wall ${((ms * 1000) / (rounds * calls)).toFixed(1)} µs per call; ${rounds} x ${calls}, ${cap} in flight; perf data in ${out}; pid ${session.pid}\n`);
} finally {
  await session.close();
}
