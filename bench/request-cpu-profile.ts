/**
 * A CPU profile of the CLI answering one-call requests (issue 13), for finding where its time
 * goes: the CLI is spawned as `node --cpu-prof <cli>` in front of server-everything, warmed up,
 * then `rounds` x `calls` call_tools_parallel requests of one echo each, `inFlight` at once
 * (64; 1 for single-call latency: each request alone, as the latency samples send them); the
 * profile is written when the CLI exits (into `dir`). Read it with Chrome DevTools or any
 * .cpuprofile reader; bundle-level names come from the bundle's source map when given one.
 *
 *   tsx bench/request-cpu-profile.ts <cli> <dir> [rounds=10] [calls=1000] [inFlight=64]
 */
import { EVERYTHING, inFlight, openSession, parallelEcho, writeConfig } from './mcp-session.js';

const [cli, dir, roundsArg, callsArg, inFlightArg] = process.argv.slice(2);
if (!cli || !dir) throw new Error('Expected a CLI path and a profile folder: tsx bench/request-cpu-profile.ts <cli> <dir> [rounds] [calls]');
const rounds = Number(roundsArg ?? 10);
const calls = Number(callsArg ?? 1000);
const atOnce = Number(inFlightArg ?? 64);
const config = writeConfig('request-cpu-profile', { everything: EVERYTHING });
const session = await openSession(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100', cli, '--config', config], { env: { PARALLEL_MCP_STATE_DIR: 'none' } });
const once = () =>
  inFlight(calls, atOnce, async () => {
    const { results } = await parallelEcho(session, 1, 1);
    if (!results[0]?.ok) throw new Error('a call failed');
  });
try {
  for (let w = 0; w < 3; w++) await once();
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) await once();
  const ms = performance.now() - t0;
  process.stdout.write(`${rounds} x ${calls} one-call requests, ${atOnce} in flight, in ${ms.toFixed(0)} ms (${((ms * 1000) / (rounds * calls)).toFixed(0)} µs each); profile of pid ${session.pid} in ${dir}\n`);
} finally {
  await session.close();
}
