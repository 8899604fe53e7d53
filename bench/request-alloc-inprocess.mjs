// What the run machinery allocates per one-call request (V8's sampling heap profiler, collected
// objects kept; built-ins charged to their caller), in the setting of in-process-server.mjs (no
// pipes, no downstream process): two warm-up rounds of 5,000 requests, 64 in flight, then one
// sampled round; prints bytes per request by allocating function (TOP=<n> rows, default 45).
//
//   node bench/request-alloc-inprocess.mjs [--dist dist]
import { allocationSites, largestSites } from './heap-sites.mjs';
import { inProcessServer } from './in-process-server.mjs';

const argv = process.argv.slice(2);
const distAt = argv.indexOf('--dist');
const { round: roundOf } = await inProcessServer(distAt >= 0 ? argv[distAt + 1] : 'dist');
// warm up, then sample what one round allocates, collected objects included
const perRound = 5000;
const round = () => roundOf(perRound);
await round(); await round();
const { Session } = await import('node:inspector/promises');
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
await round();
const { profile } = await session.post('HeapProfiler.stopSampling');
const { bySite, total } = allocationSites(profile.head);
console.log(`${(total / perRound).toFixed(0)} B allocated (sampled) per request, client side included`);
for (const [key, size] of largestSites(bySite, Number(process.env.TOP ?? 45))) console.log(`${(size / perRound).toFixed(0).padStart(7)} B  ${key}`);
process.exit(0);
