// A batch's whole path in one process, downstream included (issue 13): parallel-mcp's real
// server (createServer, the lean tools/call path, our stdio server transport over in-process
// streams) in front of a real DownstreamPool whose one server's transport is our
// ObservedStdioTransport with its child replaced by an in-process echo server: the lane's
// requests are written as the transport writes them (one string per tick), and each such write
// is answered a macrotask later (setImmediate) by one chunk of the lines an SDK server writes
// for a one-text-block result, fed to the transport's chunk handler. So the request line, the
// flush, the chunk read, the line read, the lane, the flat batch, the run registry and the
// answer all run, with no pipe, no system call and no other process. `rounds` rounds of
// `batches` call_tools_parallel of `calls` echoes, 64 at once, after `warmup` batches; each
// round prints the process's CPU per call (the fake server's and the in-process client's work
// included: the same in every build). Compare builds by their dist/ folders, alternating.
//
//   node bench/batch-lane-inprocess.mjs [--dist dist] [rounds=8] [batches=20] [calls=1000] [warmup=60]
import { laneArgs, startLaneServer } from './lane-inprocess-server.mjs';

const { dist, numbers } = laneArgs(process.argv.slice(2));
const [rounds = 8, batches = 20, calls = 1000, warmup = 60] = numbers;
const send = await startLaneServer(dist, (message, line) => {
  const results = message.result?.structuredContent?.results;
  if (!results || results.length !== calls || !results.every((r) => r.ok)) throw new Error(`Expected ${calls} ok results, got ${line.slice(0, 300)}`);
});
const batch = () => send({ name: 'call_tools_parallel', arguments: { calls: Array.from({ length: calls }, (_, i) => ({ server: 'everything', tool: 'echo', arguments: { message: `m${i}` } })), max_concurrency: 64 } });
for (let w = 0; w < warmup; w++) await batch();
for (let round = 0; round < rounds; round++) {
  const before = process.cpuUsage();
  for (let b = 0; b < batches; b++) await batch();
  const used = process.cpuUsage(before);
  process.stdout.write(`round ${round + 1}: ${((used.user + used.system) / (batches * calls)).toFixed(2)} µs CPU per batched call (fake server and client included)\n`);
}
process.exit(0);
