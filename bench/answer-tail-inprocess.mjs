// What is left to do after a batch's last call settles (issue 13), in process, warm: the
// end-of-batch way (every result made, callToolsResponse, finishedAnswer's object checked and
// stringified as the lean path sent it) against tools/render-settled.ts (each call's JSON made as
// it settles, in trains of 64 with a turn between, then the results, the text, one join and
// server/prepared-answer-line.ts), on the same records of `calls` echoes; ms per batch, min /
// median / max over the second half of the rounds, and a check that both write the same line.
// "during" is the trains' turns, the render's work included (wall, so also the event loop's).
//
//   node bench/answer-tail-inprocess.mjs [--dist dist] [rounds=300] [calls=1000]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const distAt = argv.indexOf('--dist');
const [rounds = 300, calls = 1000] = argv.filter((_, i) => distAt < 0 || (i !== distAt && i !== distAt + 1)).map(Number);
const dist = pathToFileURL(resolve(distAt >= 0 ? argv[distAt + 1] : 'dist')).href;
const { callResultOf, summaryOf } = await import(`${dist}/tools/call-records.js`);
const { callToolsResponse } = await import(`${dist}/tools/call-tools-response.js`);
const { SettledRender } = await import(`${dist}/tools/render-settled.js`);
const { reportOf, finishedAnswer } = await import(`${dist}/runs/run-answer.js`);
const { checkedToolResult } = await import(`${dist}/server/lean-tool-result.js`);
const { preparedAnswerLine } = await import(`${dist}/server/prepared-answer-line.js`);

const input = Array.from({ length: calls }, (_, i) => ({ server: 'everything', tool: 'echo', arguments: { message: `message number ${i}` } }));
const resolution = { server: 'everything', tool: 'echo', definition: { name: 'echo', inputSchema: { type: 'object' } } };
const known = input.map(() => resolution);
const limits = { maxResultBytes: 4 << 20, maxResponseBytes: 8 << 20 };
const usage = new Map();
const turn = () => new Promise((done) => setImmediate(done));
function recordsOf() {
  const records = [];
  let t = 3.2;
  for (let i = 0; i < calls; i++) {
    const start = t + Math.random() * 2;
    t += 0.05;
    const end = start + 1 + Math.random() * 3;
    records.push({ id: String(i), status: 'ok', attempts: 1, started_ms: start, ended_ms: end, duration_ms: end - start, result: { content: [{ type: 'text', text: `Echo: message number ${i}` }] } });
  }
  return records;
}
const before = [];
const after = [];
const during = [];
let same = true;
for (let r = 0; r < rounds; r++) {
  const records = recordsOf();
  let t0 = performance.now();
  const oldResults = records.map((record, i) => callResultOf(input[i], i, record, known[i], usage));
  const oldEnd = { run_id: 'r-1', status: 'completed', report: reportOf(callToolsResponse(oldResults, summaryOf(oldResults, records, 80.3), limits)) };
  const oldLine = `${JSON.stringify({ result: checkedToolResult(finishedAnswer(oldEnd)).result, jsonrpc: '2.0', id: 7 })}\n`;
  before.push(performance.now() - t0);
  const settled = new SettledRender(input, known);
  const onEvent = settled.follow(undefined);
  let inTrains = 0;
  for (let i = 0; i < calls; i += 64) {
    for (let j = i; j < Math.min(calls, i + 64); j++) onEvent({ type: 'finished', record: records[j] });
    const a = performance.now();
    await turn();
    inTrains += performance.now() - a;
  }
  during.push(inTrains);
  t0 = performance.now();
  const results = settled.results(records, known, usage);
  const end = { run_id: 'r-1', status: 'completed', report: reportOf(settled.response(results, summaryOf(results, records, 80.3), limits)) };
  const line = preparedAnswerLine(end, 7);
  after.push(performance.now() - t0);
  if (line !== oldLine) same = false;
}
const fmt = (xs) => {
  const s = xs.slice(Math.floor(rounds / 2)).sort((a, b) => a - b);
  return `${s[0].toFixed(3)} / ${s[s.length >> 1].toFixed(3)} / ${s.at(-1).toFixed(3)}`;
};
process.stdout.write(`${calls} calls, ms per batch (min / median / max): end-of-batch ${fmt(before)}; as settled: after the last ${fmt(after)}, during ${fmt(during)}; same line: ${same}\n`);
