/**
 * CPU of the parallel-mcp process per batched call in front of a downstream server that costs
 * next to nothing (bench/batch-raw-echo-server.mjs), for one or more CLIs in rotation (issue
 * 13): one call_tools_parallel of `calls` echoes, 64 in flight, `batches` per round after 40
 * warm-up batches; per round and CLI, the process's CPU per call (sum of its threads'
 * /proc/<pid>/task/*\/schedstat) and its main thread's. With the server nearly free, parallel-mcp
 * is the busy process, so the figure is our own work with less of server-everything's noise;
 * it is lower than cpu-per-call.ts's (more answers per read, fewer wake-ups), so compare builds
 * with it, and read the target in `npm run bench`.
 *
 *   tsx bench/batch-cpu-raw.ts --cli A [--cli B] [--rounds 6] [batches=10] [calls=1000]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuMsPrecise, openCli, parallelEcho, writeConfig, type Session } from './mcp-session.js';
import { fmtSpread, spread } from './stats.js';

const { values, positionals } = parseArgs({ options: { cli: { type: 'string', multiple: true }, rounds: { type: 'string', default: '6' } }, allowPositionals: true });
const [batches = 10, calls = 1000] = positionals.map(Number);
const clis = values.cli ?? [];
if (clis.length === 0) throw new Error('Expected at least one --cli PATH');
const server = { command: process.execPath, args: [fileURLToPath(new URL('./batch-raw-echo-server.mjs', import.meta.url))] };
const config = writeConfig('batch-cpu-raw', { everything: server });

function mainThreadMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}

const sessions: Session[] = [];
for (const cli of clis) sessions.push(await openCli(cli, config));
const total: number[][] = clis.map(() => []);
const main: number[][] = clis.map(() => []);
try {
  const batch = async (session: Session) => {
    const { results } = await parallelEcho(session, calls, 64);
    if (results.length !== calls || results.some((r) => !r.ok)) throw new Error('a call failed');
  };
  for (let w = 0; w < 40; w++) for (const session of sessions) await batch(session);
  for (let round = 0; round < Number(values.rounds); round++) {
    // Rotated so that no CLI always goes first.
    for (let k = 0; k < sessions.length; k++) {
      const c = (k + round) % sessions.length;
      const session = sessions[c]!;
      const before = cpuMsPrecise(session.pid);
      const mainBefore = mainThreadMs(session.pid);
      for (let b = 0; b < batches; b++) await batch(session);
      total[c]!.push(((cpuMsPrecise(session.pid) - before) * 1000) / (batches * calls));
      main[c]!.push(((mainThreadMs(session.pid) - mainBefore) * 1000) / (batches * calls));
    }
  }
} finally {
  for (const session of sessions) await session.close();
}
for (let c = 0; c < clis.length; c++) {
  process.stdout.write(
    `${clis[c]}: CPU per batched call ${fmtSpread(spread(total[c]!, 2), 2)} µs (main thread ${fmtSpread(spread(main[c]!, 2), 2)}); rounds ${total[c]!.map((v) => v.toFixed(2)).join(' ')}\n`,
  );
}
