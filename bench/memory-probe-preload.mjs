// Preloaded into a benchmarked process (NODE_OPTIONS=--import): samples its memory every
// MEMORY_PROBE_MS (default 5) ms — /proc/self/status (VmRSS, RssAnon, RssFile),
// process.memoryUsage() and v8.getHeapSpaceStatistics() — and on each SIGUSR2 writes to stderr
// one line `memory-probe {json}`: the sample taken at the highest RSS since the last signal,
// the highest value seen of each figure, and the number of samples; then starts over. With
// MEMORY_PROBE_GC_LOG=FILE it also appends there one line per collection since the last signal
// (v8.GCProfiler: kind, ms, MB of new/old/large-object space before -> after).
import { appendFileSync, readFileSync } from 'node:fs';
import v8 from 'node:v8';

// SIGWINCH, or the first sample with more than MEMORY_PROBE_SNAPSHOT_AT_MB of old space in
// use: a heap snapshot (after a full collection, so live objects only) into
// MEMORY_PROBE_SNAPSHOT_DIR (default the working directory); its path goes to stderr.
const snapshot = () => {
  const dir = process.env.MEMORY_PROBE_SNAPSHOT_DIR ?? '.';
  const path = v8.writeHeapSnapshot(`${dir}/memory-probe-${process.pid}-${Date.now()}.heapsnapshot`);
  process.stderr.write(`memory-probe snapshot ${path}\n`);
};
process.on('SIGWINCH', snapshot);
let snapshotAtMb = Number(process.env.MEMORY_PROBE_SNAPSHOT_AT_MB ?? Infinity);

// MEMORY_PROBE_PROFILE_AT_MB=M: the sampling heap profiler runs from the first SIGUSR2 (the
// start of the measured batch) until the first sample with more than M MB of old space in use;
// then the bytes still held per allocating function (live, or dead but not yet collected: what
// fills old space between full collections), largest first, go to MEMORY_PROBE_PROFILE_FILE.
let profileAtMb = Number(process.env.MEMORY_PROBE_PROFILE_AT_MB ?? Infinity);
let profiling;
const startProfile = async () => {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  // MEMORY_PROBE_PROFILE_MAJOR=1: samples of objects a full collection freed stay in the
  // profile (what was promoted, then died in old space); with --expose-gc a full collection
  // runs before the profile is read, so the profile is then live + promoted garbage, and
  // without this variable live only.
  await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: process.env.MEMORY_PROBE_PROFILE_MAJOR === '1' });
  profiling = { session, post };
};
const stopProfile = async () => {
  const { post } = profiling;
  profiling = undefined;
  globalThis.gc?.();
  const { profile } = await post('HeapProfiler.stopSampling');
  const bySite = new Map();
  const walk = (node, stack) => {
    const frame = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber + 1}`;
    const self = node.selfSize;
    if (self > 0) {
      const key = `${frame} <- ${stack.slice(-3).reverse().join(' <- ')}`;
      bySite.set(key, (bySite.get(key) ?? 0) + self);
    }
    for (const child of node.children) walk(child, [...stack, frame]);
  };
  walk(profile.head, []);
  const total = [...bySite.values()].reduce((a, b) => a + b, 0);
  const top = [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 60);
  const file = process.env.MEMORY_PROBE_PROFILE_FILE ?? `memory-probe-${process.pid}.profile.txt`;
  appendFileSync(file, `memory-probe profile total ${(total / 2 ** 20).toFixed(2)} MB\n${top.map(([k, v]) => `  ${(v / 2 ** 20).toFixed(2)} MB ${k}`).join('\n')}\n`);
};

const kb = (status, key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN) / 1024;

function sample() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const mu = process.memoryUsage();
  const s = {
    rss: kb(status, 'VmRSS'),
    hwm: kb(status, 'VmHWM'),
    anon: kb(status, 'RssAnon'),
    file: kb(status, 'RssFile'),
    heapTotal: mu.heapTotal / 2 ** 20,
    heapUsed: mu.heapUsed / 2 ** 20,
    external: mu.external / 2 ** 20,
    arrayBuffers: mu.arrayBuffers / 2 ** 20,
  };
  for (const space of v8.getHeapSpaceStatistics()) {
    s[`${space.space_name}.size`] = space.space_size / 2 ** 20;
    s[`${space.space_name}.used`] = space.space_used_size / 2 ** 20;
  }
  return s;
}

// MEMORY_PROBE_SERIES=FILE: every sample appended there as one line (ms since start, MB).
const series = process.env.MEMORY_PROBE_SERIES;
const t0 = performance.now();
const seriesLine = (s) =>
  `${Math.round(performance.now() - t0)} rss ${s.rss.toFixed(1)} anon ${s.anon.toFixed(1)} heapUsed ${s.heapUsed.toFixed(1)} new ${s['new_space.used'].toFixed(1)}/${s['new_space.size'].toFixed(1)} old ${s['old_space.used'].toFixed(1)}/${s['old_space.size'].toFixed(1)} lo ${s['large_object_space.size'].toFixed(1)} ext ${s.external.toFixed(1)}\n`;
let atPeak = sample();
let max = { ...atPeak };
let count = 0;
const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v * 10) / 10]));
setInterval(() => {
  const s = sample();
  count += 1;
  if (series) appendFileSync(series, seriesLine(s));
  if (s.rss >= atPeak.rss) atPeak = s;
  if (profiling && s['old_space.used'] > profileAtMb) {
    profileAtMb = Infinity;
    void stopProfile();
  }
  if (s['old_space.used'] > snapshotAtMb) {
    snapshotAtMb = Infinity;
    snapshot();
  }
  for (const [k, v] of Object.entries(s)) if (!(max[k] >= v)) max[k] = v;
}, Number(process.env.MEMORY_PROBE_MS ?? 5)).unref();
const gcLog = process.env.MEMORY_PROBE_GC_LOG;
let profiler;
if (gcLog) {
  profiler = new v8.GCProfiler();
  profiler.start();
}
const spaces = (heap) => {
  const mb = (name, key) => Math.round((heap.heapSpaceStatistics.find((s) => s.spaceName === name)?.[key] ?? NaN) / 2 ** 16) / 16;
  return `new ${mb('new_space', 'spaceUsedSize')}/${mb('new_space', 'spaceSize')} old ${mb('old_space', 'spaceUsedSize')}/${mb('old_space', 'spaceSize')} lo ${mb('large_object_space', 'spaceUsedSize')}`;
};
let signals = 0;
process.on('SIGUSR2', () => {
  signals += 1;
  if (signals === 1 && Number.isFinite(profileAtMb)) void startProfile();
  if (profiler) {
    const { statistics } = profiler.stop();
    const lines = statistics.map((e) => `${e.gcType} ${(e.cost / 1000).toFixed(2)}ms ${spaces(e.beforeGC)} -> ${spaces(e.afterGC)}`);
    appendFileSync(gcLog, `--- ${lines.length} collections, pid ${process.pid}\n${lines.join('\n')}\n`);
    profiler = new v8.GCProfiler();
    profiler.start();
  }
  const now = sample();
  process.stderr.write(`memory-probe ${JSON.stringify({ now: round(now), atPeak: round(atPeak), max: round(max), samples: count })}\n`);
  atPeak = now;
  max = { ...now };
  count = 0;
});
