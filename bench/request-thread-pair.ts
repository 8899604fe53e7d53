/**
 * One-call requests through several CLIs and the raw pass-through, side by side (issue 13):
 * rounds of `calls` requests, `inFlight` at once (1: each request alone, as the latency
 * samples send them), the paths in rotating order in the same minutes. Per path, min / median
 * / max over the rounds of: the proxy's main-thread CPU per request (schedstat of the thread
 * whose id is the pid: the work on a request's critical path), the CPU of its other threads
 * (GC and compiler helpers), this process's CPU per request (the SDK client parsing the
 * answers) and the wall time per request. CPU figures move far less with the machine's load
 * than wall times do.
 *
 * `--warmup n`: rounds sent before the measured ones (default 3); sent alone, requests warm the
 * JIT slowly, so give ~20 rounds of 300 for figures without its compiling in them.
 *
 *   tsx bench/request-thread-pair.ts [--rounds 6] [--calls 500] [--in-flight 1] [--warmup 3] <cli> [<cli> ...]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { EVERYTHING, inFlight, openCli, openPassThrough, parallelEcho, writeConfig, type Session } from './mcp-session.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  argv.splice(at, 2);
  return value;
};
const rounds = option('--rounds', 6);
const calls = option('--calls', 500);
const atOnce = option('--in-flight', 1);
// Requests sent alone warm the JIT slowly: TurboFan was still compiling the one-call path
// (~0.5 s of a helper thread's CPU in all) until ~4,500 requests had been sent.
const warmupRounds = option('--warmup', 3);
const clis = argv;
if (clis.length === 0) throw new Error('Expected at least one CLI path: tsx bench/request-thread-pair.ts [--rounds n] [--calls n] [--in-flight n] [--warmup n] <cli> ...');

/** ns on a CPU of the main thread and of all the others. */
function threadNs(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    if (Number(tid) === pid) main += ns;
    else others += ns;
  }
  return { main, others };
}

const config = writeConfig('request-thread-pair', { everything: EVERYTHING });
const names = [...clis, 'pass-through'];
const sessions: Session[] = [];
for (const cli of clis) sessions.push(await openCli(cli, config));
sessions.push(await openPassThrough('everything', EVERYTHING));
const once = (k: number) =>
  inFlight(calls, atOnce, async (i) => {
    const session = sessions[k]!;
    if (k === clis.length) {
      await session.client.callTool({ name: 'everything__echo', arguments: { message: `r${i}` } });
      return;
    }
    const { results } = await parallelEcho(session, 1, 1);
    if (!results[0]?.ok) throw new Error(`a call through ${names[k]} failed`);
  });
type Seen = { main: number[]; others: number[]; client: number[]; wall: number[] };
const seen: Seen[] = names.map(() => ({ main: [], others: [], client: [], wall: [] }));
try {
  for (let w = 0; w < warmupRounds; w++) for (let k = 0; k < names.length; k++) await once(k);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const k = (j + r) % names.length;
      const pid = sessions[k]!.pid;
      const t0 = threadNs(pid);
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      await once(k);
      const wall = performance.now() - w0;
      const c = process.cpuUsage(c0);
      const t1 = threadNs(pid);
      seen[k]!.main.push((t1.main - t0.main) / 1000 / calls);
      seen[k]!.others.push((t1.others - t0.others) / 1000 / calls);
      seen[k]!.client.push((c.user + c.system) / calls);
      seen[k]!.wall.push((wall * 1000) / calls);
    }
  }
  const spread = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${sorted[0]!.toFixed(1)} / ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} / ${sorted.at(-1)!.toFixed(1)}`;
  };
  process.stdout.write(`${calls} one-call requests per round, ${atOnce} in flight, ${rounds} rounds (µs per request, min / median / max)\n`);
  for (let k = 0; k < names.length; k++) {
    const s = seen[k]!;
    process.stdout.write(`${names[k]}: main thread ${spread(s.main)}; other threads ${spread(s.others)}; client ${spread(s.client)}; wall ${spread(s.wall)}\n`);
  }
} finally {
  await Promise.allSettled(sessions.map((session) => session.close()));
}
