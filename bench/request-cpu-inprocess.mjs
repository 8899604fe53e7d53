// The run machinery's own CPU per one-call request, without pipes or a downstream process
// (issue 13): parallel-mcp's real server (createServer), the lean tools/call path and our stdio
// transport over in-process streams, in front of a pool whose `echo` answers at once. A client
// in the same process sends `rounds` x 10,000 one-call call_tools_parallel requests, 64 in
// flight; each round prints the process's CPU (user + system) per request, the client's parsing
// of the answers included. Builds are compared by their dist/ folders, alternating in the same
// minutes: `--dist` must sit inside the repository (it resolves node_modules from there), or be
// a copy such as /tmp/main-base/dist next to its own node_modules.
//
//   node bench/request-cpu-inprocess.mjs [--dist dist] [rounds=6]
import { inProcessServer } from './in-process-server.mjs';

const argv = process.argv.slice(2);
const distAt = argv.indexOf('--dist');
const rounds = Number(argv.filter((_, i) => distAt < 0 || (i !== distAt && i !== distAt + 1))[0] ?? 6);
const { round: roundOf } = await inProcessServer(distAt >= 0 ? argv[distAt + 1] : 'dist');
const perRound = 10_000;
for (let round = 0; round < rounds; round++) {
  const before = process.cpuUsage();
  await roundOf(perRound);
  const used = process.cpuUsage(before);
  process.stdout.write(`round ${round + 1}: ${((used.user + used.system) / perRound).toFixed(1)} µs CPU per request (client side included)\n`);
}
process.exit(0);
