/**
 * Which regime one-call requests run in (issue 13): per round of `calls` requests, `inFlight`
 * at once, how the proxy's input arrives and where the requests in flight wait, for parallel-mcp
 * (one call_tools_parallel of one echo per request) and the raw pass-through (one tools/call of
 * everything__echo), rounds alternating. The proxy is started with bench/regime-preload.cjs,
 * which records every chunk it reads and every write it makes between two signals.
 *
 * Per round: the proxy's read and write system calls per request (/proc/<pid>/io); chunks read
 * per request from the client and from the server; the share of lines that came alone in their
 * chunk; the median number of calls written to the server and not yet answered at each read of
 * an answer ("at the server"); the wall time and the CPU per request of the client (this
 * process), the proxy and the server (schedstat). A round whose proxy reads most lines alone is
 * "one at a time": every answer and every request wakes the proxy (and the client) on its own.
 *
 * `--pin A,B` (after the warm-up) binds each proxy's threads to CPU A and its server's to CPU B
 * (taskset), to see whether a regime comes from the scheduler putting the proxy on the server's
 * CPU: woken there by each answer, the proxy holds up the server that is still writing the
 * others.
 *
 *   tsx bench/request-regime.ts [--pin A,B] <cli> [rounds=6] [calls=5000] [inFlight=64]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childPidsOf, cpuMsPrecise, EVERYTHING, inFlight, openCli, openPassThrough, parallelEcho, repoRoot, writeConfig, type Session } from './mcp-session.js';

const argv = process.argv.slice(2);
const pinAt = argv.indexOf('--pin');
const pin = pinAt >= 0 ? argv.splice(pinAt, 2)[1]?.split(',') : undefined;
if (pin && (pin.length !== 2 || pin.some((cpu) => !/^\d+$/.test(cpu)))) throw new Error(`Expected --pin A,B (two CPU numbers), got ${pin.join(',')}`);
const [cli, roundsArg, callsArg, inFlightArg] = argv;
if (!cli) throw new Error('Expected a CLI path: tsx bench/request-regime.ts <cli> [rounds] [calls] [inFlight]');
const rounds = Number(roundsArg ?? 6);
const calls = Number(callsArg ?? 5000);
const atOnce = Number(inFlightArg ?? 64);
const outDir = mkdtempSync(join(tmpdir(), 'request-regime-'));
const env = { NODE_OPTIONS: `--require ${join(repoRoot, 'bench/regime-preload.cjs')}`, REGIME_OUT_DIR: outDir };

type Path = 'parallel-mcp' | 'pass-through';
const sessions: Record<Path, Session> = {
  'parallel-mcp': await openCli(cli, writeConfig('request-regime', { everything: EVERYTHING }), [], env),
  'pass-through': await openPassThrough('everything', { ...EVERYTHING, env }),
};
const runs: Record<Path, () => Promise<void>> = {
  'parallel-mcp': () =>
    inFlight(calls, atOnce, async () => {
      const { results } = await parallelEcho(sessions['parallel-mcp'], 1, 1);
      if (!results[0]?.ok) throw new Error('a call failed');
    }),
  'pass-through': () =>
    inFlight(calls, atOnce, async () => {
      await sessions['pass-through'].client.callTool({ name: 'everything__echo', arguments: { message: 'x' } });
    }),
};

function io(pid: number): { reads: number; writes: number } {
  const text = readFileSync(`/proc/${pid}/io`, 'utf8');
  return { reads: Number(/^syscr: (\d+)$/m.exec(text)?.[1]), writes: Number(/^syscw: (\d+)$/m.exec(text)?.[1]) };
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

interface Round {
  syscalls: number;
  fromClient: number;
  fromServer: number;
  alone: number;
  atServer: number;
  wall: number;
  client: number;
  proxy: number;
  server: number;
}

async function round(path: Path): Promise<Round> {
  const session = sessions[path];
  const server = childPidsOf(session.pid)[0];
  if (server === undefined) throw new Error(`Expected a server process under ${path} (pid ${session.pid}), found none`);
  process.kill(session.pid, 'SIGUSR2');
  await pause(50);
  const io0 = io(session.pid);
  const cpu0 = [cpuMsPrecise(session.pid), cpuMsPrecise(server)];
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  await runs[path]();
  const wall = performance.now() - t0;
  const client = process.cpuUsage(client0);
  const cpu1 = [cpuMsPrecise(session.pid), cpuMsPrecise(server)];
  const io1 = io(session.pid);
  process.kill(session.pid, 'SIGUSR2');
  const file = join(outDir, `regime.${session.pid}.json`);
  for (let i = 0; i < 100; i++) {
    try {
      readFileSync(file);
      break;
    } catch {
      await pause(20);
    }
  }
  const events = JSON.parse(readFileSync(file, 'utf8')) as Array<[number, string, number]>;
  rmSync(file);
  let chunksIn = 0;
  let chunksDown = 0;
  let linesRead = 0;
  let linesAlone = 0;
  let atServer = 0;
  const atServerSeen: number[] = [];
  for (const [, kind, count] of events) {
    if (kind === 'in' || kind === 'down-r') {
      if (kind === 'in') chunksIn++;
      else {
        chunksDown++;
        atServerSeen.push(atServer);
        atServer -= count;
      }
      linesRead += count;
      if (count === 1) linesAlone++;
    } else if (kind === 'down-w') atServer += count;
  }
  return {
    syscalls: (io1.reads - io0.reads) / calls,
    fromClient: chunksIn / calls,
    fromServer: chunksDown / calls,
    alone: linesAlone / linesRead,
    atServer: median(atServerSeen),
    wall: (wall * 1000) / calls,
    client: (client.user + client.system) / calls,
    proxy: ((cpu1[0]! - cpu0[0]!) * 1000) / calls,
    server: ((cpu1[1]! - cpu0[1]!) * 1000) / calls,
  };
}

const seen: Record<Path, Round[]> = { 'parallel-mcp': [], 'pass-through': [] };
try {
  for (const path of ['parallel-mcp', 'pass-through'] as const) for (let w = 0; w < 3; w++) await runs[path]();
  if (pin) {
    for (const session of Object.values(sessions)) {
      execFileSync('taskset', ['-a', '-p', '-c', pin[0]!, String(session.pid)], { stdio: 'ignore' });
      for (const child of childPidsOf(session.pid)) execFileSync('taskset', ['-a', '-p', '-c', pin[1]!, String(child)], { stdio: 'ignore' });
    }
    process.stdout.write(`each proxy bound to CPU ${pin[0]}, its server to CPU ${pin[1]}\n`);
  }
  process.stdout.write(`${calls} one-call requests per round, ${atOnce} in flight; per request: proxy reads (syscalls), chunks read from client / server, share of lines read alone, calls at the server at each answer read (median), wall and CPU µs of client / proxy / server\n`);
  for (let r = 0; r < rounds; r++) {
    for (const path of r % 2 === 0 ? (['parallel-mcp', 'pass-through'] as const) : (['pass-through', 'parallel-mcp'] as const)) {
      const s = await round(path);
      seen[path].push(s);
      const regime = s.alone > 0.5 ? 'one at a time' : 'in bursts';
      process.stdout.write(
        `${path.padEnd(12)} round ${r + 1}: reads ${s.syscalls.toFixed(2)}; chunks ${s.fromClient.toFixed(2)} / ${s.fromServer.toFixed(2)}; alone ${(s.alone * 100).toFixed(0)}%; at the server ${s.atServer}; wall ${s.wall.toFixed(1)}; CPU ${s.client.toFixed(1)} / ${s.proxy.toFixed(1)} / ${s.server.toFixed(1)} (${regime})\n`,
      );
    }
  }
  for (const path of ['parallel-mcp', 'pass-through'] as const) {
    const list = seen[path];
    const spread = (pick: (s: Round) => number, digits: number) => {
      const v = list.map(pick).sort((a, b) => a - b);
      return `${v[0]!.toFixed(digits)} / ${median(v).toFixed(digits)} / ${v.at(-1)!.toFixed(digits)}`;
    };
    const alone = list.filter((s) => s.alone > 0.5).length;
    process.stdout.write(`${path}: ${alone} of ${list.length} rounds one at a time; reads ${spread((s) => s.syscalls, 2)}; wall ${spread((s) => s.wall, 1)}; proxy CPU ${spread((s) => s.proxy, 1)}; client CPU ${spread((s) => s.client, 1)} µs per request (min / median / max)\n`);
  }
} finally {
  await Promise.allSettled([sessions['parallel-mcp'].close(), sessions['pass-through'].close()]);
  rmSync(outDir, { recursive: true, force: true });
}
