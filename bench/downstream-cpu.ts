/**
 * CPU of our own process per DownstreamPool.callTool, in process (no parallel-mcp server
 * above it): `echo` on server-everything over stdio, 64 in flight, every call under one
 * shared AbortSignal (as a run's calls are), from process.cpuUsage() around batches. The
 * downstream half of bench/cpu-per-call.ts's figure. Not a section of `npm run bench`.
 *
 *   tsx bench/downstream-cpu.ts [batches=7] [calls=5000] [--dist <built dist folder>] [--signal shared|each|none]
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { everythingServerPath, repoRoot } from './mcp-session.js';

const { values, positionals } = parseArgs({ options: { dist: { type: 'string' }, signal: { type: 'string' } }, allowPositionals: true });
const [batches = 7, calls = 5000] = positionals.map(Number);
const dist = resolve(values.dist ?? join(repoRoot, 'dist'));
const signalMode = values.signal ?? 'shared';
const load = (path: string) => import(pathToFileURL(join(dist, path)).href);
const { DownstreamPool } = await load('downstream/pool.js');
const { parseConfig } = await load('config.js');
const { silentLogger } = await load('log.js');

const config = parseConfig({ mcpServers: { everything: { command: process.execPath, args: [everythingServerPath, 'stdio'] } } }, { path: 'bench.json', env: {} });
const pool = new DownstreamPool(config.servers, { log: silentLogger, onStderrLine: () => undefined });
const resolved = await pool.resolveTool('everything', 'echo');
const shared = new AbortController();

async function batch(count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const signal = signalMode === 'shared' ? shared.signal : signalMode === 'each' ? new AbortController().signal : undefined;
      const outcome = await pool.callTool(resolved, { message: `m${i}` }, signal ? { signal } : {});
      if (!outcome.ok) throw new Error(`call ${i} failed: ${JSON.stringify(outcome.error)}`);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
}

try {
  for (let i = 0; i < 5; i++) await batch(2000); // warm up
  const perCallUs: number[] = [];
  for (let b = 0; b < batches; b++) {
    const before = process.cpuUsage();
    await batch(calls);
    const used = process.cpuUsage(before);
    perCallUs.push((used.user + used.system) / calls);
  }
  perCallUs.sort((a, b) => a - b);
  const median = perCallUs[Math.floor(perCallUs.length / 2)]!;
  process.stdout.write(
    `CPU per DownstreamPool.callTool (${dist}, ${batches} batches of ${calls}, 64 in flight, signal ${signalMode}): ` +
      `median ${median.toFixed(1)} µs, range ${perCallUs[0]!.toFixed(1)}-${perCallUs.at(-1)!.toFixed(1)} µs\n`,
  );
} finally {
  await pool.close();
}
