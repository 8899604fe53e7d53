/**
 * Read and write system calls per one-call request (issue 13): parallel-mcp (one
 * call_tools_parallel of one echo per request) against the raw pass-through (one tools/call of
 * everything__echo per request), `inFlight` at once, counted from /proc/<pid>/io (syscr, syscw)
 * of each proxy process around `calls` requests, after warm-up. Also each one's CPU per request
 * (schedstat). Shows whether a gap in CPU is a gap in system calls (writes not coalesced).
 *
 *   tsx bench/request-syscalls.ts <cli> [calls=2000] [inFlight=64]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpuMsPrecise, EVERYTHING, inFlight, openCli, openPassThrough, parallelEcho, writeConfig, type Session } from './mcp-session.js';

const [cli, callsArg, inFlightArg] = process.argv.slice(2);
if (!cli) throw new Error('Expected a CLI path: tsx bench/request-syscalls.ts <cli> [calls] [inFlight]');
const calls = Number(callsArg ?? 2000);
const atOnce = Number(inFlightArg ?? 64);

function io(pid: number): { reads: number; writes: number } {
  const text = readFileSync(`/proc/${pid}/io`, 'utf8');
  const field = (name: string) => Number(/^(\w+): (\d+)$/m.exec(text.split('\n').filter((line) => line.startsWith(`${name}:`))[0] ?? '')?.[2] ?? NaN);
  return { reads: field('syscr'), writes: field('syscw') };
}

const config = writeConfig('request-syscalls', { everything: EVERYTHING });
const ours = await openCli(cli, config);
const pass = await openPassThrough('everything', EVERYTHING);
const viaOurs = () => inFlight(calls, atOnce, async () => {
  const { results } = await parallelEcho(ours, 1, 1);
  if (!results[0]?.ok) throw new Error('a call failed');
});
const viaPass = () => inFlight(calls, atOnce, async () => {
  await pass.client.callTool({ name: 'everything__echo', arguments: { message: 'x' } });
});
/** CPU ms per thread name (main thread: the process's own tid), and context switches. */
function threads(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const name = Number(tid) === pid ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    const [run, , slices] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    out.set(name, (out.get(name) ?? 0) + run! / 1e6);
    out.set(`${name} slices`, (out.get(`${name} slices`) ?? 0) + slices!);
  }
  return out;
}
async function measure(name: string, session: Session, run: () => Promise<void>): Promise<void> {
  await run();
  const before = io(session.pid);
  const cpu0 = cpuMsPrecise(session.pid);
  const t0 = threads(session.pid);
  await run();
  const t1 = threads(session.pid);
  const split = [...t1].map(([k, v]) => `${k} ${(((v - (t0.get(k) ?? 0)) * (k.endsWith('slices') ? 1 : 1000)) / calls).toFixed(k.endsWith('slices') ? 2 : 1)}`).join(', ');
  const after = io(session.pid);
  const cpu = ((cpuMsPrecise(session.pid) - cpu0) * 1000) / calls;
  process.stdout.write(`${name}: ${((after.reads - before.reads) / calls).toFixed(2)} reads, ${((after.writes - before.writes) / calls).toFixed(2)} writes per request; CPU ${cpu.toFixed(1)} µs per request (${calls} requests, ${atOnce} in flight); per thread per request (µs; slices: times scheduled): ${split}\n`);
}
try {
  for (let r = 0; r < 2; r++) {
    await measure('parallel-mcp', ours, viaOurs);
    await measure('pass-through', pass, viaPass);
  }
} finally {
  await Promise.allSettled([ours.close(), pass.close()]);
}
