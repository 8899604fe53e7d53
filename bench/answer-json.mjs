// What JSON costs per answer (issue 13): JSON.stringify and JSON.parse of a one-call
// call_tools_parallel answer as parallel-mcp sends it (~700 bytes: the text, the structured
// result and summary with their fractional timings), of its parts, and of the raw
// pass-through's answer to the same echo (~100 bytes), warm, in this process.
//
//   node bench/answer-json.mjs [iterations=200000]
const n = Number(process.argv[2] ?? 200_000);
const ours =
  '{"result":{"content":[{"type":"text","text":"1/1 calls succeeded in 0.4 ms (sequential 0.2 ms, speedup n/a, no two calls ran at once)\\n\\n[0] ok everything/echo (0.2 ms)\\nEcho: m0\\nrun_id: efbb5951-7eeb-4b9a-a8cd-9899b95538d4"}],"structuredContent":{"run_id":"efbb5951-7eeb-4b9a-a8cd-9899b95538d4","status":"completed","results":[{"index":0,"server":"everything","tool":"echo","attempts":1,"started_ms":0.1,"duration_ms":0.2,"ok":true,"result":{"content":[{"type":"text","text":"Echo: m0"}]}}],"summary":{"total":1,"succeeded":1,"failed":0,"cancelled":0,"wall_ms":0.4,"sum_ms":0.2,"speedup":0.5}},"isError":false},"jsonrpc":"2.0","id":5}';
const pass = '{"result":{"content":[{"type":"text","text":"Echo: m0"}]},"jsonrpc":"2.0","id":5}';
const answer = JSON.parse(ours);
const passAnswer = JSON.parse(pass);
let sink = 0;
const time = (name, f) => {
  for (let i = 0; i < 10_000; i++) sink += f();
  const t = performance.now();
  for (let i = 0; i < n; i++) sink += f();
  console.log(`${name}: ${(((performance.now() - t) * 1000) / n).toFixed(2)} µs`);
};
console.log(`one-call answer ${ours.length} bytes, the pass-through's ${pass.length} bytes; ${n} iterations each`);
time('stringify, one-call answer', () => JSON.stringify(answer).length);
time('parse, one-call answer', () => JSON.parse(ours).id);
time('stringify, its text alone', () => JSON.stringify(answer.result.content[0].text).length);
time('stringify, its structuredContent alone', () => JSON.stringify(answer.result.structuredContent).length);
time('stringify, its summary alone', () => JSON.stringify(answer.result.structuredContent.summary).length);
time("stringify, the pass-through's answer", () => JSON.stringify(passAnswer).length);
time("parse, the pass-through's answer", () => JSON.parse(pass).id);
if (sink === 0) console.log('');
