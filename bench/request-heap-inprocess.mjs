// The exact JS heap allocated per one-call call_tools_parallel request, in the setting of
// request-cpu-inprocess.mjs (real server, lean path, our stdio transport over in-process streams,
// a pool answering at once; the in-process client's side included): 5 warm-up rounds, then 5
// rounds of 3,000 requests, 64 in flight, each measured as the growth of heapUsed with no
// collection during the round (a 256 MB young generation). Stable to ~2% under load, unlike CPU.
//
//   node --expose-gc --min-semi-space-size=256 --max-semi-space-size=256 bench/request-heap-inprocess.mjs [dist]
import { inProcessServer } from './in-process-server.mjs';

const argv = process.argv.slice(2);
const { round } = await inProcessServer(argv[0] ?? 'dist');
for (let w = 0; w < 5; w++) { await round(5000); globalThis.gc(); }
const out = [];
for (let r = 0; r < 5; r++) { globalThis.gc(); const before = process.memoryUsage().heapUsed; await round(3000); out.push(((process.memoryUsage().heapUsed - before) / 3000).toFixed(0)); }
console.log(`${argv[0]}: B per request ${out.join(' ')}`);
process.exit(0);
