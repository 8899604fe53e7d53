/**
 * Where a batched call's wall time goes, per process: for the parallel-mcp CLI's main thread,
 * its server-everything child's main thread and this client's, the time on a CPU, the time
 * waiting on a run queue (ready but not running: the machine's load) and the rest (idle:
 * asleep, waiting for input), from /proc/<pid>/task/<tid>/schedstat (run ns, run-queue wait
 * ns), and how often each went to sleep and was preempted (voluntary and nonvoluntary context
 * switches, /proc/<pid>/task/<tid>/status), around `batches` batches of `calls` echoes, 64 in
 * flight after 5 warm-up batches; the same for a direct SDK client driving its own
 * server-everything. Per call, in µs; paths in rotating order, one line per path and round.
 *
 *   tsx bench/batch-sched.ts [--cli A] [--cli B] [--rounds 3] [batches=10] [calls=1000]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { childPidsOf, EVERYTHING, inFlight, openCli, openSession, parallelEcho, textOf, writeConfig, type Session } from './mcp-session.js';

const { values, positionals } = parseArgs({ options: { cli: { type: 'string', multiple: true }, rounds: { type: 'string', default: '3' } }, allowPositionals: true });
const [batches = 10, calls = 1000] = positionals.map(Number);
const clis = values.cli ?? [];

type Sched = [run: number, wait: number, slices: number, voluntary: number, involuntary: number];
const sched = (pid: number): Sched => {
  const [run, wait, slices] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
  const count = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
  return [run!, wait!, slices!, count('voluntary_ctxt_switches'), count('nonvoluntary_ctxt_switches')];
};
const line = (name: string, a: Sched, b: Sched, ms: number, n: number): string => {
  const run = (b[0] - a[0]) / 1e3 / n;
  const wait = (b[1] - a[1]) / 1e3 / n;
  const wall = (ms * 1e3) / n;
  return `${name} run ${run.toFixed(1)} wait ${wait.toFixed(1)} idle ${(wall - run - wait).toFixed(1)} sleeps ${((b[3] - a[3]) / n).toFixed(3)} preempted ${((b[4] - a[4]) / n).toFixed(3)}`;
};
const self = process.pid;

async function measure(label: string, session: Session, batch: () => Promise<void>, proxy: boolean): Promise<void> {
  for (let w = 0; w < 5; w++) await batch();
  const child = proxy ? childPidsOf(session.pid)[0] : undefined;
  const pids: Array<[string, number]> = proxy ? [['proxy', session.pid], ['server', child!], ['client', self]] : [['server', session.pid], ['client', self]];
  const before = pids.map(([, pid]) => sched(pid));
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) await batch();
  const ms = performance.now() - t0;
  const n = batches * calls;
  const parts = pids.map(([name, pid], i) => line(name, before[i]!, sched(pid), ms, n));
  process.stdout.write(`${label}: ${((ms * 1e3) / n).toFixed(1)} µs per call; ${parts.join(' | ')}; loadavg ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}\n`);
}

const config = writeConfig('batch-sched', { everything: EVERYTHING });
const paths = ['direct', ...clis];
for (let round = 0; round < Number(values.rounds); round++) {
  // Rotating order: each path goes first in turn.
  for (let k = 0; k < paths.length; k++) {
    const path = paths[(k + round) % paths.length]!;
    if (path === 'direct') {
      const direct = await openSession(EVERYTHING.command, EVERYTHING.args);
      try {
        await measure('direct', direct, () => inFlight(calls, 64, async (i) => {
          const result = await direct.client.callTool({ name: 'echo', arguments: { message: `m${i}` } });
          if (textOf(result) !== `Echo: m${i}`) throw new Error(`Expected "Echo: m${i}", got ${JSON.stringify(result).slice(0, 200)}`);
        }), false);
      } finally {
        await direct.close();
      }
      continue;
    }
    const session = await openCli(path, config);
    try {
      await measure(path, session, async () => {
        const { results } = await parallelEcho(session, calls, 64);
        if (results.some((r) => !r.ok)) throw new Error(`a call failed: ${JSON.stringify(results.find((r) => !r.ok)).slice(0, 300)}`);
      }, true);
    } finally {
      await session.close();
    }
  }
}
