/**
 * Where one call_tools_parallel batch's wall time goes at its two ends (issue 13): each CLI in
 * front of server-everything (run with server-watch-preload.mjs, which records its stdin chunks
 * and stdout writes on CLOCK_MONOTONIC), spoken to in raw JSON-RPC lines (no SDK client, so the
 * client's own parse of the answer is not counted). Per batch of `calls` echoes, 64 in flight:
 * - head: from the request's write to the server's first read of a call;
 * - tail: from the server's last answer write to the last byte of our answer line read by the
 *   client (rendering the results, the answer's JSON, the write and the pipe);
 * - wall, and the CLI's CPU per call (all its threads, schedstat).
 * CLIs in rotating order per round; min / median / max over `rounds` x `batches` each.
 *
 *   tsx bench/batch-tail.ts --cli A [--cli B] [--rounds 4] [batches=8] [calls=1000]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { childPidsOf, cpuMsPrecise, everythingServerPath, writeConfig, type ServerEntry } from './mcp-session.js';
import { takeServerEvents } from './server-events.js';
import { spread } from './stats.js';

const { values, positionals } = parseArgs({ options: { cli: { type: 'string', multiple: true }, rounds: { type: 'string', default: '4' } }, allowPositionals: true });
const [batches = 8, calls = 1000] = positionals.map(Number);
const clis = values.cli ?? [];
if (clis.length === 0) throw new Error('Expected at least one --cli <path>');
const out = `/tmp/parallel-mcp-batch-tail-${process.pid}.json`;
const preload = fileURLToPath(new URL('./server-watch-preload.mjs', import.meta.url));
const watched: ServerEntry = { command: process.execPath, args: ['--import', preload, everythingServerPath, 'stdio'], env: { SERVER_WATCH_OUT: out } };
const config = writeConfig('batch-tail', { everything: watched });
const now = () => Number(process.hrtime.bigint()) / 1e6;

interface Raw { pid: number; send: (message: unknown) => number; answer: (id: number) => Promise<{ at: number; line: string }>; close: () => void }

function openRaw(cli: string): Raw {
  const child = spawn(process.execPath, [cli, '--config', config], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, PARALLEL_MCP_STATE_DIR: 'none' } });
  const waiting = new Map<number, (answer: { at: number; line: string }) => void>();
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const at = now();
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      const id = /"id":(\d+)\}$/.exec(line)?.[1];
      const resolve = id === undefined ? undefined : waiting.get(Number(id));
      if (resolve) {
        waiting.delete(Number(id));
        resolve({ at, line });
      }
    }
  });
  return {
    pid: child.pid!,
    send: (message) => {
      const at = now();
      child.stdin.write(`${JSON.stringify(message)}\n`);
      return at;
    },
    answer: (id) => new Promise((resolve) => waiting.set(id, resolve)),
    close: () => child.kill(),
  };
}

const serverEvents = (server: number): Promise<number[]> => takeServerEvents(server, out);

const rows = new Map<string, { head: number[]; tail: number[]; wall: number[]; cpu: number[] }>();
let nextId = 1;
for (let round = 0; round < Number(values.rounds); round++) {
  for (let k = 0; k < clis.length; k++) {
    const cli = clis[(k + round) % clis.length]!;
    const raw = openRaw(cli);
    try {
      const init = nextId++;
      raw.send({ jsonrpc: '2.0', id: init, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'batch-tail', version: '1' } } });
      await raw.answer(init);
      raw.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      const batch = async () => {
        const id = nextId++;
        const request = { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: { calls: Array.from({ length: calls }, (_, i) => ({ server: 'everything', tool: 'echo', arguments: { message: `m${i}` } })), max_concurrency: 64 } } };
        const answer = raw.answer(id);
        const sentAt = raw.send(request);
        const { at, line } = await answer;
        if (!line.includes(`"succeeded":${calls},`)) throw new Error(`Expected ${calls} calls to succeed, got ${line.slice(-300)}`);
        return { sentAt, at };
      };
      for (let w = 0; w < 6; w++) await batch();
      const server = childPidsOf(raw.pid)[0];
      if (server === undefined) throw new Error(`Expected a server-everything child of ${raw.pid}, found none`);
      await serverEvents(server);
      const row = rows.get(cli) ?? { head: [], tail: [], wall: [], cpu: [] };
      rows.set(cli, row);
      for (let b = 0; b < batches; b++) {
        const cpuBefore = cpuMsPrecise(raw.pid);
        const { sentAt, at } = await batch();
        row.cpu.push(((cpuMsPrecise(raw.pid) - cpuBefore) * 1000) / calls);
        const events = await serverEvents(server);
        // [time, lines] pairs: lines > 0 for a read, 0 for a write.
        let firstRead = NaN;
        let lastWrite = NaN;
        for (let i = 0; i < events.length; i += 2) {
          if (events[i + 1]! > 0 && Number.isNaN(firstRead)) firstRead = events[i]!;
          if (events[i + 1] === 0) lastWrite = events[i]!;
        }
        row.head.push(firstRead - sentAt);
        row.tail.push(at - lastWrite);
        row.wall.push(at - sentAt);
      }
    } finally {
      raw.close();
    }
  }
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
process.stdout.write(`one call_tools_parallel of ${calls} echoes, 64 in flight; ${Number(values.rounds)} rounds x ${batches} batches per CLI; min / median / max; load average ${load}\n\n`);
process.stdout.write('| cli | head: request written to first call read by the server (ms) | tail: last server answer to our answer line read (ms) | batch wall (ms) | CLI CPU per call (µs) |\n| --- | --- | --- | --- | --- |\n');
const fmt = (xs: number[], digits: number) => {
  const s = spread(xs, digits);
  return `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)} / ${s.max.toFixed(digits)}`;
};
for (const [cli, row] of rows) process.stdout.write(`| ${cli} | ${fmt(row.head, 2)} | ${fmt(row.tail, 2)} | ${fmt(row.wall, 1)} | ${fmt(row.cpu, 1)} |\n`);
