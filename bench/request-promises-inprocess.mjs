// Promises made per one-call call_tools_parallel request, in the setting of
// request-cpu-inprocess.mjs (in-process-server.mjs: real server, lean path, our stdio transport
// over in-process streams, a pool answering at once; the in-process client's side included):
// every promise V8 creates (async_hooks PROMISE resources: each async function call, each
// await, each then/catch, each new Promise) over rounds of 2,000 requests, 64 in flight,
// after warm-up. Exact, so it compares builds under any load.
//
//   node bench/request-promises-inprocess.mjs [dist]
import { createHook } from 'node:async_hooks';
import { inProcessServer } from './in-process-server.mjs';

const dist = process.argv[2] ?? 'dist';
const { round } = await inProcessServer(dist);
for (let w = 0; w < 3; w++) await round(2000);
let promises = 0;
const hook = createHook({ init: (_id, type) => { if (type === 'PROMISE') promises += 1; } });
const out = [];
for (let r = 0; r < 3; r++) {
  promises = 0;
  hook.enable();
  await round(2000);
  hook.disable();
  out.push((promises / 2000).toFixed(2));
}
console.log(`${dist}: promises per request ${out.join(' ')}`);
process.exit(0);
