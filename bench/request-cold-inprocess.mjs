// What a lone one-call request costs when the caches are cold (issue 13): request-lane-inprocess's
// setting (the real server, lean tools/call path, stdio server transport and a real pool whose
// child is an in-process echo), each request sent alone, after a warm-up. Per round, the
// process's CPU per request (the in-process client and fake server included) warm (requests back
// to back) and cold (a 1.5 MB walk before each request, more than the 1 MB L2 of a core here, as
// when the client and the server ran on the core between two requests), the walk's own CPU
// measured alone in the same round and subtracted. Min / median / max over the rounds.
// Through the CLI a lone request is cold every time: the client and server-everything run between.
//
//   node bench/request-cold-inprocess.mjs [--dist dist] [rounds=9] [perRound=4000] [warmup=30000]
import { laneArgs, startLaneServer } from './lane-inprocess-server.mjs';

const { dist, numbers } = laneArgs(process.argv.slice(2));
const [rounds = 9, perRound = 4000, warmup = 30000] = numbers;
const send = await startLaneServer(dist, (message, line) => {
  if (!message.result?.structuredContent?.results?.[0]?.ok) throw new Error(`Expected an ok result, got ${line.slice(0, 300)}`);
});
const request = () => send((id) => ({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: `m${id}` } }], max_concurrency: 1 } }));
const junk = new Int32Array(384 * 1024);
let sink = 0;
/** Touches every 64-byte line of 1.5 MB. */
const walk = () => {
  for (let i = 0; i < junk.length; i += 16) sink += junk[i]++;
};
const cpuPerRequest = async (one) => {
  const before = process.cpuUsage();
  for (let i = 0; i < perRound; i++) await one();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / perRound;
};
for (let i = 0; i < warmup; i++) await request();
const warm = [];
const cold = [];
const walks = [];
for (let r = 0; r < rounds; r++) {
  warm.push(await cpuPerRequest(request));
  const walked = await cpuPerRequest(() => {
    walk();
    return request();
  });
  const alone = await cpuPerRequest(() => {
    walk();
    return Promise.resolve();
  });
  walks.push(alone);
  cold.push(walked - alone);
}
const spread = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[0], sorted[(sorted.length - 1) >> 1], sorted[sorted.length - 1]].map((v) => v.toFixed(1)).join(' / ');
};
process.stdout.write(
  `${dist}: CPU per lone one-call request (in-process client and fake server included), min / median / max of ${rounds} rounds of ${perRound}: ` +
    `warm ${spread(warm)} µs; after a 1.5 MB walk ${spread(cold)} µs (the walk alone ${spread(walks)} µs)${sink === 0 ? ' ' : ''}\n`,
);
process.exit(0);
