/**
 * Peak RSS of the parallel-mcp process around one call_tools_parallel of `count` echo calls
 * (section 3's figure), for several builds side by side: each round runs every --cli once, in
 * rotating order, each in a fresh process. Per run: RSS after the warm-up batch of 10 (idle:
 * VmRSS, RssAnon, RssFile from /proc/<pid>/status), then the peak (VmHWM) after the batch, and
 * the CPU the process used during the batch (schedstat of its threads, as cpu-per-call.ts).
 *
 *   tsx bench/memory-batch.ts --cli A [--cli B] [--runs 3] [--count 10000] [--json]
 *
 * Diagnosis (bench/memory-probe-preload.mjs in the CLI; it samples every 5 ms):
 *   --probe              adds the sample taken at the highest RSS: JS heap, its spaces, external
 *   --series FILE        every sample appended to FILE (ms, RSS, heap spaces)
 *   --gc-log FILE        one line per collection during the batch (v8.GCProfiler)
 *   --snapshot-at-ms N   a heap snapshot N ms into the batch (into MEMORY_PROBE_SNAPSHOT_DIR, default /tmp)
 *   --snapshot-at-mb M   a heap snapshot at the first sample with > M MB of old space in use
 *                        (bench/memory-snapshot.ts sums one)
 *   --profile-at-mb M    the sampling heap profiler from the batch's start to M MB of old space,
 *                        per allocation site, into MEMORY_PROBE_PROFILE_FILE (default
 *                        /tmp/memory-probe.profile.txt); with --node-options=--expose-gc a full
 *                        collection runs first (live objects only); --profile-major keeps the
 *                        samples it freed too (what was promoted, then died in old space)
 *   --node-options S     added to NODE_OPTIONS (e.g. --max-semi-space-size=4)
 *   --env K=V            a variable for the CLI (repeatable), e.g. MEMORY_FLAGS for
 *                        bench/memory-flags-preload.mjs
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuMsPrecise, EVERYTHING, echoesInOrder, openCli, parallelEcho, peakRssMb, resolveCli, type Session, writeConfig } from './mcp-session.js';
import { fmtSpread, spread } from './stats.js';

const { values } = parseArgs({
  options: {
    cli: { type: 'string', multiple: true },
    runs: { type: 'string', default: '3' },
    count: { type: 'string', default: '10000' },
    probe: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'node-options': { type: 'string' },
    'gc-log': { type: 'string' },
    'snapshot-at-ms': { type: 'string' },
    'snapshot-at-mb': { type: 'string' },
    series: { type: 'string' },
    'profile-at-mb': { type: 'string' },
    'profile-major': { type: 'boolean', default: false },
    env: { type: 'string', multiple: true },
  },
});
const clis = (values.cli ?? [undefined]).map((c) => resolveCli(c));
const runs = Number(values.runs);
const count = Number(values.count);
const preload = fileURLToPath(new URL('./memory-probe-preload.mjs', import.meta.url));

function status(pid: number): { rss: number; anon: number; file: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1]) / 1024;
  return { rss: mb('VmRSS'), anon: mb('RssAnon'), file: mb('RssFile') };
}

async function probeReport(session: Session): Promise<Record<string, Record<string, number>>> {
  const before = session.stderrTail().split('memory-probe ').length;
  process.kill(session.pid, 'SIGUSR2');
  for (let waited = 0; session.stderrTail().split('memory-probe ').length === before; waited += 10) {
    if (waited > 5000) throw new Error(`Expected a memory-probe line on stderr, got none: ${session.stderrTail().slice(-400)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return JSON.parse(session.stderrTail().split('memory-probe ').pop()!.split('\n')[0]!);
}

async function once(cli: string): Promise<Record<string, number | string>> {
  const nodeOptions = [values.probe ? `--import ${preload}` : '', values['node-options'] ?? ''].join(' ').trim();
  const env: Record<string, string> = nodeOptions ? { NODE_OPTIONS: nodeOptions } : {};
  if (values['gc-log']) env.MEMORY_PROBE_GC_LOG = values['gc-log'];
  if (values.series) env.MEMORY_PROBE_SERIES = values.series;
  if (values['profile-at-mb']) {
    env.MEMORY_PROBE_PROFILE_AT_MB = values['profile-at-mb'];
    env.MEMORY_PROBE_PROFILE_FILE = process.env.MEMORY_PROBE_PROFILE_FILE ?? '/tmp/memory-probe.profile.txt';
    if (values['profile-major']) env.MEMORY_PROBE_PROFILE_MAJOR = '1';
  }
  for (const pair of values.env ?? []) env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
  if (values['snapshot-at-mb'] !== undefined) env.MEMORY_PROBE_SNAPSHOT_AT_MB = values['snapshot-at-mb'];
  if (values['snapshot-at-ms'] !== undefined || values['snapshot-at-mb'] !== undefined) env.MEMORY_PROBE_SNAPSHOT_DIR = process.env.MEMORY_PROBE_SNAPSHOT_DIR ?? '/tmp';
  const session = await openCli(cli, writeConfig('memory-batch', { everything: EVERYTHING }), [], env);
  try {
    await parallelEcho(session, 10, 10);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const idle = status(session.pid);
    if (values.probe) await probeReport(session);
    const cpu0 = cpuMsPrecise(session.pid);
    const t0 = performance.now();
    const snapshotAt = values['snapshot-at-ms'];
    const timer = snapshotAt === undefined ? undefined : setTimeout(() => process.kill(session.pid, 'SIGWINCH'), Number(snapshotAt));
    const { results } = await parallelEcho(session, count, 256);
    clearTimeout(timer);
    const wall = performance.now() - t0;
    const cpu = cpuMsPrecise(session.pid) - cpu0;
    if (!echoesInOrder(results, count)) throw new Error(`Expected ${count} echoes in order from ${cli}`);
    const row: Record<string, number | string> = {
      cli,
      idle_rss: idle.rss,
      idle_anon: idle.anon,
      idle_file: idle.file,
      peak_rss: peakRssMb(session.pid),
      wall_ms: wall,
      cpu_ms: cpu,
    };
    if (values.probe) {
      const p = await probeReport(session);
      const at = p.atPeak!;
      for (const key of ['rss', 'anon', 'file', 'heapTotal', 'heapUsed', 'external', 'new_space.size', 'new_space.used', 'old_space.size', 'old_space.used', 'large_object_space.size', 'code_space.size']) {
        row[`peak.${key}`] = at[key]!;
      }
      row['max.heapUsed'] = p.max!.heapUsed!;
      row['max.external'] = p.max!.external!;
      row['max.new_space.size'] = p.max!['new_space.size']!;
      row.samples = (p as unknown as { samples: number }).samples;
    }
    return row;
  } finally {
    await session.close();
  }
}

const rows: Array<Record<string, number | string>> = [];
for (let r = 0; r < runs; r++) {
  for (let i = 0; i < clis.length; i++) {
    const cli = clis[(i + r) % clis.length]!;
    const row = await once(cli);
    rows.push(row);
    const shown = Object.entries(row).map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 10) / 10 : v}`);
    process.stderr.write(`run ${r + 1}: ${shown.join(' ')}\n`);
  }
}
for (const cli of clis) {
  const mine = rows.filter((row) => row.cli === cli);
  const line = (key: string) => fmtSpread(spread(mine.map((row) => row[key] as number)), 1);
  process.stdout.write(
    `${cli}\n  peak RSS MB, median (min-max): ${line('peak_rss')}\n  idle RSS MB: ${line('idle_rss')} (anon ${line('idle_anon')}, file ${line('idle_file')})\n` +
      `  CPU of the process during the batch, ms: ${line('cpu_ms')}; wall ms: ${line('wall_ms')}\n`,
  );
}
if (values.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
