/**
 * What a one-call request's CPU is made of, side by side with the raw pass-through (issue 13):
 * user against system time. Rounds of `calls` call_tools_parallel requests of one echo through
 * each CLI given, and of tools/call everything__echo through bench/pass-through.mjs, `inFlight`
 * at once (1: each request alone, as the latency samples send them), the paths in alternating
 * order in the same minutes. Per path, min / median / max over the rounds, per request: the
 * proxy process's user and system CPU (/proc/<pid>/stat, every thread; clock ticks of 10 ms, so
 * use >= 2,000 calls a round for a 5 µs step), its main thread's run time (schedstat), its main
 * thread's voluntary context switches (each a sleep in epoll_pwait: the wake-ups) and minor page
 * faults, and this process's user and system CPU (the SDK client's side) and the wall time.
 * A gap in user time with equal system time and wake-ups is JavaScript (and GC), not syscalls.
 *
 *   tsx bench/request-cpu-split.ts [--rounds 6] [--calls 2000] [--in-flight 1] [--warmup 15] <cli> [<cli> ...]
 */
import { readFileSync } from 'node:fs';
import { EVERYTHING, inFlight, openCli, openPassThrough, parallelEcho, writeConfig, type Session } from './mcp-session.js';
import { integerOption } from './integer-option.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => integerOption(argv, name.slice(2), fallback);
const rounds = option('--rounds', 6);
const calls = option('--calls', 2000);
const atOnce = option('--in-flight', 1);
const warmupRounds = option('--warmup', 15);
const clis = argv;
if (clis.length === 0) throw new Error('Expected at least one CLI path: tsx bench/request-cpu-split.ts [--rounds n] [--calls n] [--in-flight n] [--warmup n] <cli> ...');

interface Path {
  name: string;
  session: Session;
  one: () => Promise<void>;
}

interface Sample {
  userMs: number;
  sysMs: number;
  mainMs: number;
  wakeups: number;
  minorFaults: number;
}

/** CPU of the whole process and its main thread's run time, switches and faults. */
function sample(pid: number): Sample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
  const switches = /^voluntary_ctxt_switches:\s+(\d+)$/m.exec(status);
  if (!switches) throw new Error(`Expected voluntary_ctxt_switches in /proc/${pid}/task/${pid}/status, found none`);
  return {
    // proc(5): minflt is field 10, utime 14, stime 15 (clock ticks of 10 ms).
    minorFaults: Number(fields[7]),
    userMs: Number(fields[11]) * 10,
    sysMs: Number(fields[12]) * 10,
    mainMs: Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6,
    wakeups: Number(switches[1]),
  };
}

const config = writeConfig('request-cpu-split', { everything: EVERYTHING });
const paths: Path[] = [];
try {
  for (const cli of clis) {
    const session = await openCli(cli, config);
    paths.push({
      name: cli,
      session,
      one: async () => {
        const { results } = await parallelEcho(session, 1, 1);
        if (results.length !== 1 || !results[0]!.ok) throw new Error(`Expected one ok result through ${cli}, got ${JSON.stringify(results).slice(0, 300)}`);
      },
    });
  }
  const pass = await openPassThrough('everything', EVERYTHING);
  paths.push({
    name: 'pass-through',
    session: pass,
    one: async () => {
      await pass.client.callTool({ name: 'everything__echo', arguments: { message: 'm' } });
    },
  });

  for (let w = 0; w < warmupRounds; w++) for (const path of paths) await inFlight(300, atOnce, path.one);
  const seen = new Map<string, Map<string, number[]>>();
  for (let r = 0; r < rounds; r++) {
    for (const path of r % 2 === 0 ? paths : [...paths].reverse()) {
      const before = sample(path.session.pid);
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await inFlight(calls, atOnce, path.one);
      const wallMs = performance.now() - t0;
      const client = process.cpuUsage(cpu);
      const after = sample(path.session.pid);
      const figures = seen.get(path.name) ?? new Map<string, number[]>();
      seen.set(path.name, figures);
      const put = (name: string, value: number) => {
        const list = figures.get(name) ?? [];
        list.push(value);
        figures.set(name, list);
      };
      put('proxy user µs', ((after.userMs - before.userMs) * 1000) / calls);
      put('proxy system µs', ((after.sysMs - before.sysMs) * 1000) / calls);
      put('proxy main thread µs', ((after.mainMs - before.mainMs) * 1000) / calls);
      put('proxy wake-ups', (after.wakeups - before.wakeups) / calls);
      put('proxy minor faults', (after.minorFaults - before.minorFaults) / calls);
      put('client user µs', client.user / calls);
      put('client system µs', client.system / calls);
      put('wall µs', (wallMs * 1000) / calls);
    }
  }
  const spread = (values: number[], digits: number): string => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    return [sorted[0]!, middle, sorted[sorted.length - 1]!].map((v) => v.toFixed(digits)).join(' / ');
  };
  process.stdout.write(`${calls} one-call requests per round, ${atOnce} in flight, ${rounds} rounds (per request, min / median / max)\n`);
  for (const [name, figures] of seen) {
    process.stdout.write(`${name}:\n`);
    for (const [figure, values] of figures) process.stdout.write(`  ${figure.padEnd(22)} ${spread(values, figure.endsWith('µs') ? 1 : 2)}\n`);
  }
} finally {
  await Promise.allSettled(paths.map((path) => path.session.close()));
}
