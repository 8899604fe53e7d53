// Preloaded into a benchmarked CLI (NODE_OPTIONS=--import) by request-scavenges.ts: on each
// SIGUSR2 it writes to stderr, for every scavenge since the last signal, the new space used
// before and after it (what survived), how much the old space grew by it (what was promoted)
// and its pause (v8.GCProfiler), as one line "scavenges [...]" of JSON.
import v8 from 'node:v8';

let profiler = new v8.GCProfiler();
profiler.start();
const space = (stats, name) => stats.heapSpaceStatistics.find((s) => s.spaceName === name)?.spaceUsedSize ?? 0;
process.on('SIGUSR2', () => {
  const { statistics } = profiler.stop();
  const scavenges = statistics
    .filter((event) => event.gcType === 'Scavenge')
    .map((event) => ({
      before: space(event.beforeGC, 'new_space'),
      survived: space(event.afterGC, 'new_space'),
      promoted: space(event.afterGC, 'old_space') - space(event.beforeGC, 'old_space'),
      pauseUs: event.cost,
    }));
  process.stderr.write(`scavenges ${JSON.stringify(scavenges)}\n`);
  profiler = new v8.GCProfiler();
  profiler.start();
});
