/**
 * Does a server cap hold after a timeout? Ten calls of a 300 ms read-modify-write tool that
 * ignores cancellation, on a server with maxConcurrency 1, each with timeout_ms 200; then
 * server-memory (maxConcurrency 1) with timeout_ms 1: writes reported ok or late-ok against entities stored.
 * Prints what ran, the most runs at once, the updates stored, the late answers seen.
 * Run: npx tsx bench/cap-after-timeout.ts
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseConfig } from '../src/config.js';
import { DownstreamPool } from '../src/downstream/pool.js';
import { DurationStats } from '../src/engine/duration-stats.js';
import { silentLogger } from '../src/log.js';
import { callToolsParallel } from '../src/tools/call-tools-parallel.js';

const dir = await mkdtemp(join(tmpdir(), 'cap-after-timeout-'));
const counterFile = join(dir, 'counter.json');
const memoryFile = join(dir, 'memory.jsonl');
const config = parseConfig(
  {
    mcpServers: {
      counter: { command: process.execPath, args: [resolve('test/fixtures/servers/slow-counter-server.mjs')], env: { COUNTER_FILE: counterFile }, maxConcurrency: 1 },
      // As the README's example config has it: server-memory is not safe under concurrent writes.
      memory: { command: process.execPath, args: [resolve('node_modules/@modelcontextprotocol/server-memory/dist/index.js')], env: { MEMORY_FILE_PATH: memoryFile }, maxConcurrency: 1 },
    },
  },
  { path: join(dir, 'mcp.json'), env: {} },
);
const pool = new DownstreamPool(config.servers, { log: silentLogger, onStderrLine: () => undefined });
const deps = { pool, config, log: silentLogger, env: {}, durations: new DurationStats() };
await pool.startAll();

const counter = await callToolsParallel(deps, { calls: Array.from({ length: 10 }, () => ({ server: 'counter', tool: 'increment' })), timeout_ms: 200 }, {});
// Let every abandoned run finish before reading what it did.
await new Promise((r) => setTimeout(r, 3500));
const runs = (await readFile(`${counterFile}.log`, 'utf8')).trim().split('\n').map((line) => line.split(' ').map(Number) as [number, number, number]);
let most = 0;
for (const [start] of runs) most = Math.max(most, runs.filter(([s, e]) => s <= start && start < e).length);
const stored = JSON.parse(await readFile(counterFile, 'utf8')).value as number;
const codes = counter.results.map((r) => (r.ok ? 'ok' : r.error!.code));
const late = counter.results.filter((r) => (r as { late?: unknown }).late !== undefined).length;
console.log(`counter: reported ${JSON.stringify(count(codes))}, late answers recorded ${late}, runs ${runs.length}, most at once ${most}, updates stored ${stored}`);

const writes = Array.from({ length: 100 }, (_, i) => ({
  server: 'memory',
  tool: 'create_entities',
  arguments: { entities: [{ name: `e${i}`, entityType: 'test', observations: [] }] },
}));
const memory = await callToolsParallel(deps, { calls: writes, timeout_ms: 1 }, {});
await new Promise((r) => setTimeout(r, 1500));
const graph = await callToolsParallel(deps, { calls: [{ server: 'memory', tool: 'read_graph' }] }, {});
const entities = ((graph.results[0]!.result as { structuredContent?: { entities?: unknown[] } }).structuredContent?.entities ?? []).length;
const reportedOk = memory.results.filter((r) => r.ok).length;
const lateOk = memory.results.filter((r) => (r as { late?: { ok?: boolean } }).late?.ok === true).length;
console.log(`memory: 100 writes with timeout_ms 1: reported ok ${reportedOk}, late ok recorded ${lateOk}, entities stored ${entities}`);
await pool.close();
await rm(dir, { recursive: true, force: true });

function count(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
