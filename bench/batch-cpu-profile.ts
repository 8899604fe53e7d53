/**
 * A CPU profile of the CLI answering one call_tools_parallel batch after another (issue 13's
 * batch figures): the CLI is spawned as `node --cpu-prof <cli>` in front of server-everything,
 * warmed up with 5 batches, then `rounds` batches of `calls` echoes, `maxConcurrency` in
 * flight; the profile is written into `dir` when the CLI exits. `bench/profile-summary.mjs`
 * attributes the samples of the measured window
 * (window.json, written beside the profile) per call.
 *
 *   tsx bench/batch-cpu-profile.ts <cli> <dir> [rounds=20] [calls=1000] [maxConcurrency=64]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVERYTHING, parallelEcho, openSession, writeConfig } from './mcp-session.js';

const [cli, dir, roundsArg, callsArg, capArg] = process.argv.slice(2);
if (!cli || !dir) throw new Error('Expected a CLI path and a profile folder: tsx bench/batch-cpu-profile.ts <cli> <dir> [rounds] [calls] [maxConcurrency]');
const rounds = Number(roundsArg ?? 20);
const calls = Number(callsArg ?? 1000);
const cap = Number(capArg ?? 64);
const config = writeConfig('batch-cpu-profile', { everything: EVERYTHING });
const session = await openSession(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100', cli, '--config', config], { env: { PARALLEL_MCP_STATE_DIR: 'none' } });
const once = async () => {
  const { results } = await parallelEcho(session, calls, cap);
  if (results.some((r) => !r.ok)) throw new Error('a call failed');
};
try {
  for (let w = 0; w < 5; w++) await once();
  const t0 = performance.now();
  // The measured window on CLOCK_MONOTONIC (the profile's clock too), for profile-summary.mjs.
  const startUs = Number(process.hrtime.bigint() / 1000n);
  for (let r = 0; r < rounds; r++) await once();
  const endUs = Number(process.hrtime.bigint() / 1000n);
  const ms = performance.now() - t0;
  writeFileSync(join(dir, 'window.json'), JSON.stringify({ startUs, endUs, calls: rounds * calls, pid: session.pid }));
  process.stdout.write(`${rounds} x ${calls}-call batches, ${cap} in flight, in ${ms.toFixed(0)} ms (${((ms * 1000) / (rounds * calls)).toFixed(1)} µs per call); profile of pid ${session.pid} in ${dir}\n`);
} finally {
  await session.close();
}
