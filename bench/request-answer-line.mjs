// What the lean path's answer line costs per one-call request (issue 13): runAnswerLine of each
// build's dist/ (server/run-answer-line.js) over 1,000 one-call run ends as call_tools_parallel
// makes them (varied messages, timings with one decimal, a two-decimal speedup), warm, in
// rotating order; per round the µs per line, its UTF-8 length taken (the write flattens it).
// Also checks that every build writes the same bytes.
//
//   node bench/request-answer-line.mjs <dist> [<dist> ...] [--rounds 7]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const roundsAt = argv.indexOf('--rounds');
const rounds = roundsAt < 0 ? 7 : Number(argv.splice(roundsAt, 2)[1]);
if (argv.length === 0) throw new Error('Expected dist folders: node bench/request-answer-line.mjs <dist> [<dist> ...]');
const builds = await Promise.all(argv.map(async (dist) => ({ dist, line: (await import(`${pathToFileURL(resolve(dist)).href}/server/run-answer-line.js`)).runAnswerLine })));

const ends = Array.from({ length: 1000 }, (_, i) => {
  const duration = Math.round((0.3 + (i % 37) * 0.17) * 10) / 10;
  const wall = Math.round((duration + 0.1 + (i % 5) * 0.1) * 10) / 10;
  const runId = `${(0x10000000 + i * 7919).toString(16)}-7eeb-4b9a-a8cd-9899b95538d4`;
  const text = `Echo: m${i}`;
  return [
    {
      run_id: runId,
      status: 'completed',
      report: {
        text: `1/1 calls succeeded in ${Math.round(wall)} ms (sequential ${Math.round(duration)} ms, speedup n/a, no two calls ran at once)\n\n[0] ok everything/echo (${Math.round(duration)} ms)\n${text}`,
        structured: {
          results: [{ index: 0, server: 'everything', tool: 'echo', attempts: 1, started_ms: Math.round((i % 3) * 0.1 * 10) / 10, duration_ms: duration, ok: true, result: { content: [{ type: 'text', text }] } }],
          summary: { total: 1, succeeded: 1, failed: 0, cancelled: 0, wall_ms: wall, sum_ms: duration, speedup: Math.round((duration / wall) * 100) / 100 },
        },
        isError: false,
      },
    },
    i,
  ];
});
for (const { dist, line } of builds) {
  for (const [end, id] of ends) {
    const mine = line(end, id);
    const first = builds[0].line(end, id);
    if (mine !== first) throw new Error(`${dist} writes another line than ${builds[0].dist}:\n${mine}\n${first}`);
  }
}
const times = new Map(builds.map((b) => [b.dist, []]));
let sink = 0;
for (let round = 0; round < rounds; round++) {
  for (const { dist, line } of round % 2 === 0 ? builds : [...builds].reverse()) {
    const start = process.hrtime.bigint();
    for (let repeat = 0; repeat < 100; repeat++) for (const [end, id] of ends) sink += Buffer.byteLength(line(end, id));
    times.get(dist).push(Number(process.hrtime.bigint() - start) / 1e5 / 1000);
  }
}
for (const [dist, t] of times) {
  const sorted = [...t].slice(1).sort((a, b) => a - b); // the first round warms up
  console.log(`${dist}: µs per line, min / median / max of ${sorted.length} rounds: ${sorted[0].toFixed(2)} / ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} / ${sorted.at(-1).toFixed(2)}`);
}
if (sink === 0) console.log('');
