/**
 * How long server-everything waits for input during one batch of `calls` echoes, 64 in flight,
 * driven directly by an SDK client and through each CLI (one call_tools_parallel), in rotating
 * order. The server runs with server-watch-preload.mjs, which records each stdin chunk (lines in
 * it) and each stdout write. Per batch: the server's span (first request read to last answer
 * written), the time it was starved (every request it had read was answered and the next chunk
 * had not come; summed over the gaps), the chunks it read and lines per chunk, and how many of
 * its answers left in bursts (written < 10 µs after the previous one) — a server that answers a
 * whole chunk at its end and then waits for the next is running in lockstep with its client.
 * Per path, min / median / max over `rounds` x `batches`.
 *
 *   tsx bench/batch-server-gaps.ts [--cli A] [--cli B] [--rounds 3] [batches=5] [calls=1000]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { childPidsOf, everythingServerPath, inFlight, openCli, openSession, parallelEcho, textOf, writeConfig, type ServerEntry, type Session } from './mcp-session.js';
import { takeServerEvents } from './server-events.js';
import { fmtSpread, spread } from './stats.js';

const { values, positionals } = parseArgs({ options: { cli: { type: 'string', multiple: true }, rounds: { type: 'string', default: '3' } }, allowPositionals: true });
const [batches = 5, calls = 1000] = positionals.map(Number);
const clis = values.cli ?? [];
const out = `/tmp/parallel-mcp-server-watch-${process.pid}.json`;
const preload = fileURLToPath(new URL('./server-watch-preload.mjs', import.meta.url));
const watched: ServerEntry = { command: process.execPath, args: ['--import', preload, everythingServerPath, 'stdio'], env: { SERVER_WATCH_OUT: out } };
const config = writeConfig('batch-server-gaps', { everything: watched });

interface Gaps { span: number; starved: number; chunks: number; linesPerChunk: number; burst: number }
function gapsOf(events: number[]): Gaps {
  let read = 0, written = 0, lastWrite = NaN, first = NaN, last = NaN, starved = 0, chunks = 0, burst = 0;
  for (let i = 0; i < events.length; i += 2) {
    const at = events[i]!;
    const lines = events[i + 1]!;
    if (lines > 0) {
      if (Number.isNaN(first)) first = at;
      else if (written >= read) starved += at - lastWrite;
      read += lines;
      chunks += 1;
    } else {
      if (at - lastWrite < 0.01) burst += 1;
      written += 1;
      lastWrite = last = at;
    }
  }
  return { span: last - first, starved, chunks, linesPerChunk: read / chunks, burst: burst / written };
}

const paths = ['direct', ...clis];
const rows = new Map<string, { wall: number[]; span: number[]; starved: number[]; share: number[]; chunks: number[]; lines: number[]; burst: number[] }>();
for (let round = 0; round < Number(values.rounds); round++) {
  for (let k = 0; k < paths.length; k++) {
    const path = paths[(k + round) % paths.length]!;
    const session: Session = path === 'direct' ? await openSession(watched.command, watched.args, { env: watched.env! }) : await openCli(path, config);
    try {
      const batch = path === 'direct'
        ? () => inFlight(calls, 64, async (i) => {
            const result = await session.client.callTool({ name: 'echo', arguments: { message: `m${i}` } });
            if (textOf(result) !== `Echo: m${i}`) throw new Error(`Expected "Echo: m${i}", got ${JSON.stringify(result).slice(0, 200)}`);
          })
        : async () => {
            const { results } = await parallelEcho(session, calls, 64);
            if (results.some((r) => !r.ok)) throw new Error(`a call failed: ${JSON.stringify(results.find((r) => !r.ok)).slice(0, 300)}`);
          };
      for (let w = 0; w < 5; w++) await batch();
      const server = path === 'direct' ? session.pid : childPidsOf(session.pid)[0];
      if (server === undefined) throw new Error(`Expected a server-everything child of ${session.pid}, found none`);
      const take = (): Promise<number[]> => takeServerEvents(server, out);
      await take();
      const row = rows.get(path) ?? { wall: [], span: [], starved: [], share: [], chunks: [], lines: [], burst: [] };
      rows.set(path, row);
      for (let b = 0; b < batches; b++) {
        const t0 = performance.now();
        await batch();
        row.wall.push(performance.now() - t0);
        const gaps = gapsOf(await take());
        row.span.push(gaps.span);
        row.starved.push(gaps.starved);
        row.share.push(gaps.starved / gaps.span);
        row.chunks.push(gaps.chunks);
        row.lines.push(gaps.linesPerChunk);
        row.burst.push(gaps.burst);
      }
    } finally {
      await session.close();
    }
  }
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
process.stdout.write(`| path | batch wall (ms) | server span (ms) | server starved (ms) | starved share of span | chunks read | lines per chunk | answers in bursts |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n`);
for (const path of paths) {
  const row = rows.get(path)!;
  const f = (v: number[], d = 1) => fmtSpread(spread(v, d), d);
  process.stdout.write(`| ${path} | ${f(row.wall)} | ${f(row.span)} | ${f(row.starved)} | ${f(row.share, 2)} | ${f(row.chunks, 0)} | ${f(row.lines)} | ${f(row.burst, 2)} |\n`);
}
process.stdout.write(`\n${calls} echoes per batch, 64 in flight, ${batches} batches x ${values.rounds} rounds per path after 5 warm-up batches; loadavg ${load} at the end.\n`);
