// The run machinery's own CPU per batched call, without pipes or a downstream process (issue
// 13): the in-process setting of request-cpu-inprocess.mjs (in-process-server.mjs: the real
// server, the lean tools/call path and our stdio transport over in-process streams, in front of
// a pool whose `echo` answers at once), sent `batches` call_tools_parallel of `calls` echoes,
// 64 at once, per round; each round prints the process's CPU (user + system) per call, the
// in-process client's stringify of the request and parse of the answer included. Compare
// builds by their dist/ folders, alternating (see request-cpu-inprocess.mjs for --dist).
//
//   node bench/batch-cpu-inprocess.mjs [--dist dist] [rounds=6] [batches=20] [calls=1000]
import { inProcessServer } from './in-process-server.mjs';

const argv = process.argv.slice(2);
const distAt = argv.indexOf('--dist');
const [rounds = 6, batches = 20, calls = 1000] = argv.filter((_, i) => distAt < 0 || (i !== distAt && i !== distAt + 1)).map(Number);
const { batch } = await inProcessServer(distAt >= 0 ? argv[distAt + 1] : 'dist');
for (let w = 0; w < 5; w++) await batch(calls);
for (let round = 0; round < rounds; round++) {
  const before = process.cpuUsage();
  for (let b = 0; b < batches; b++) await batch(calls);
  const used = process.cpuUsage(before);
  process.stdout.write(`round ${round + 1}: ${((used.user + used.system) / (batches * calls)).toFixed(2)} µs CPU per batched call (client side included)\n`);
}
process.exit(0);
