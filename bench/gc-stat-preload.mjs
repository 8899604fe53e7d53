// Preloaded into a benchmarked process (NODE_OPTIONS=--import): on each SIGUSR2 it writes to
// stderr what the process allocated on its JS heap since the last one: the heap's growth plus
// what its collector freed meanwhile (v8.GCProfiler), and how many collections ran.
import v8 from 'node:v8';

let profiler = new v8.GCProfiler();
profiler.start();
let usedAtMark = v8.getHeapStatistics().used_heap_size;
process.on('SIGUSR2', () => {
  const { statistics } = profiler.stop();
  let freed = 0;
  let scavenges = 0;
  let others = 0;
  for (const event of statistics) {
    freed += event.beforeGC.heapStatistics.usedHeapSize - event.afterGC.heapStatistics.usedHeapSize;
    if (event.gcType === 'Scavenge') scavenges += 1;
    else others += 1;
  }
  const used = v8.getHeapStatistics().used_heap_size;
  process.stderr.write(`gc-stat allocated=${used - usedAtMark + freed} freed=${freed} scavenges=${scavenges} others=${others}\n`);
  usedAtMark = used;
  profiler = new v8.GCProfiler();
  profiler.start();
});
