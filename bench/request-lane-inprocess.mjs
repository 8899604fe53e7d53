// One-call requests' whole path in one process, downstream included (issue 13): as
// batch-lane-inprocess.mjs (the real server, lean tools/call path and stdio server transport
// over in-process streams, a real DownstreamPool whose child is an in-process echo answering
// each write a macrotask later), but each request a call_tools_parallel of one echo, IN_FLIGHT
// (64) at once; `rounds` rounds of `perRound` requests after `warmup` requests, each round the
// process's CPU per request (the fake server's and the in-process client's work included: the
// same in every build). Compare builds by their dist/ folders, alternating.
//
// With ALLOC=1: one sampled round instead, bytes allocated per request by site (heap-sites.mjs).
//
//   node bench/request-lane-inprocess.mjs [--dist dist] [rounds=8] [perRound=10000] [warmup=30000]
import { laneArgs, startLaneServer } from './lane-inprocess-server.mjs';

const { dist, numbers } = laneArgs(process.argv.slice(2));
const [rounds = 8, perRound = 10000, warmup = 30000] = numbers;
const send = await startLaneServer(dist, (message, line) => {
  const results = message.result?.structuredContent?.results;
  if (!results || results.length !== 1 || !results[0].ok || results[0].result.content[0].text !== `Echo: m${message.id}`) throw new Error(`Expected an ok result, got ${line.slice(0, 300)}`);
});
const request = () => send((id) => ({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: `m${id}` } }], max_concurrency: 1 } }));
const inFlight = Number(process.env.IN_FLIGHT ?? 64);
const round = async (n) => {
  let sent = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (sent < n) {
        sent += 1;
        await request();
      }
    }),
  );
};
await round(warmup);
if (process.env.ALLOC) {
  const { allocationSites, largestSites } = await import('./heap-sites.mjs');
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await round(perRound);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const { bySite, total } = allocationSites(profile.head);
  console.log(`${(total / perRound).toFixed(0)} B allocated (sampled) per request, fake server and client included`);
  for (const [key, size] of largestSites(bySite, Number(process.env.TOP ?? 45))) console.log(`${(size / perRound).toFixed(0).padStart(7)} B  ${key}`);
  process.exit(0);
}
for (let r = 0; r < rounds; r++) {
  const before = process.cpuUsage();
  await round(perRound);
  const used = process.cpuUsage(before);
  process.stdout.write(`round ${r + 1}: ${((used.user + used.system) / perRound).toFixed(2)} µs CPU per one-call request (fake server and client included)\n`);
}
process.exit(0);
