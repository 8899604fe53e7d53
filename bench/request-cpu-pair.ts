/**
 * Two builds side by side on one-call requests (issue 13): rounds of `calls` call_tools_parallel
 * requests of one echo each, `inFlight` at once (64; 1: each request alone, as single-call
 * latency sees them), the two CLIs alternating in the same minutes. Per
 * build, min / median / max over the rounds of: parallel-mcp's CPU per request (its threads'
 * /proc schedstat run time), this process's CPU per request (the SDK client's side: sending,
 * reading and parsing the answers) and the wall time of a round.
 *
 *   tsx bench/request-cpu-pair.ts <cli A> <cli B> [rounds=8] [calls=1000] [inFlight=64]
 */
import { cpuMsPrecise, EVERYTHING, inFlight, openCli, parallelEcho, writeConfig, type Session } from './mcp-session.js';

const [cliA, cliB, roundsArg, callsArg, inFlightArg] = process.argv.slice(2);
if (!cliA || !cliB) throw new Error('Expected two CLI paths: tsx bench/request-cpu-pair.ts <cli A> <cli B> [rounds] [calls]');
const rounds = Number(roundsArg ?? 8);
const calls = Number(callsArg ?? 1000);
const atOnce = Number(inFlightArg ?? 64);
const config = writeConfig('request-cpu-pair', { everything: EVERYTHING });
const sessions: Record<'A' | 'B', Session> = { A: await openCli(cliA, config), B: await openCli(cliB, config) };
const once = (session: Session) =>
  inFlight(calls, atOnce, async () => {
    const { results } = await parallelEcho(session, 1, 1);
    if (!results[0]?.ok) throw new Error('a call failed');
  });
try {
  for (let w = 0; w < 3; w++) for (const key of ['A', 'B'] as const) await once(sessions[key]);
  const seen = { A: { server: [] as number[], client: [] as number[], wall: [] as number[] }, B: { server: [] as number[], client: [] as number[], wall: [] as number[] } };
  for (let r = 0; r < rounds; r++) {
    for (const key of r % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
      const session = sessions[key];
      const server0 = cpuMsPrecise(session.pid);
      const client0 = process.cpuUsage();
      const t0 = performance.now();
      await once(session);
      seen[key].wall.push(performance.now() - t0);
      seen[key].server.push(((cpuMsPrecise(session.pid) - server0) * 1000) / calls);
      const client = process.cpuUsage(client0);
      seen[key].client.push((client.user + client.system) / calls);
    }
  }
  const spread = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${sorted[0]!.toFixed(0)} / ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} / ${sorted.at(-1)!.toFixed(0)}`;
  };
  for (const key of ['A', 'B'] as const) {
    const s = seen[key];
    process.stdout.write(`${key} ${key === 'A' ? cliA : cliB}: parallel-mcp CPU per request ${spread(s.server)} µs; client CPU per request ${spread(s.client)} µs; wall per ${calls} requests ${spread(s.wall)} ms (min / median / max of ${rounds})\n`);
  }
} finally {
  await Promise.allSettled([sessions.A.close(), sessions.B.close()]);
}
