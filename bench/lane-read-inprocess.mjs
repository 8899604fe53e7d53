// The downstream read path of the call lane alone, in process (issue 13): chunks of 20 usual
// answers (the line an SDK server writes for a one-text-block result) fed to our stdio client
// transport (ObservedStdioTransport's chunk handler, no child process) wired to a CallLane as
// watched-transport.ts wires it, each answer reaching its waiting call; `rounds` rounds of
// 100,000 answers, CPU per answer (process.cpuUsage) after 3 warm-up rounds. Compare builds by
// their dist/ folders, alternating (see request-cpu-inprocess.mjs for --dist).
//
//   node bench/lane-read-inprocess.mjs [--dist dist] [rounds=6]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const distAt = argv.indexOf('--dist');
const rounds = Number(argv.filter((_, i) => distAt < 0 || (i !== distAt && i !== distAt + 1))[0] ?? 6);
const dist = pathToFileURL(resolve(distAt >= 0 ? argv[distAt + 1] : 'dist')).href;
const { ObservedStdioTransport } = await import(`${dist}/downstream/stdio-transport.js`);
const { CallLane } = await import(`${dist}/downstream/call-lane.js`);

const transport = new ObservedStdioTransport({ command: 'none', args: [], env: {}, onStderrLine: () => {} });
const lane = new CallLane({ write: () => {}, writeLine: () => {}, stray: (error) => { throw error; } });
transport.route = (message) => lane.receive(message);
// Builds that read the usual answer off its line (text-answer-line.ts) take it there first.
if (typeof lane.receiveLine === 'function') transport.routeLine = (line) => lane.receiveLine(line);
transport.onerror = (error) => { throw error; };
let answered = 0;
let textBytes = 0;
const call = { answered: (result) => { answered += 1; textBytes += result.content[0].text.length; }, malformed: () => { throw new Error('malformed'); }, progressed: () => {}, closed: () => {} };
const CHUNK = 20;
const onStdout = (chunk) => transport.onStdout(chunk);
const round = (n) => {
  for (let sent = 0; sent < n; sent += CHUNK) {
    let text = '';
    for (let i = 0; i < CHUNK; i++) {
      const id = lane.open(call, 'echo', {}, false);
      text += `{"result":{"content":[{"type":"text","text":"Echo: m${(sent + i) % 1000}"}]},"jsonrpc":"2.0","id":"${id}"}\n`;
    }
    onStdout(Buffer.from(text));
  }
};
// What the round costs besides reading the answers (the requests opened, the chunks made), measured the same way.
const baseline = (n) => {
  for (let sent = 0; sent < n; sent += CHUNK) {
    let text = '';
    for (let i = 0; i < CHUNK; i++) {
      const id = lane.open(call, 'echo', {}, false);
      lane.forget(id);
      text += `{"result":{"content":[{"type":"text","text":"Echo: m${(sent + i) % 1000}"}]},"jsonrpc":"2.0","id":"${id}"}\n`;
    }
    if (Buffer.from(text).length === 0) throw new Error('empty');
  }
};
const perRound = 100_000;
for (let w = 0; w < 3; w++) { round(perRound); baseline(perRound); }
for (let r = 0; r < rounds; r++) {
  const a = process.cpuUsage();
  round(perRound);
  const b = process.cpuUsage(a);
  const c = process.cpuUsage();
  baseline(perRound);
  const d = process.cpuUsage(c);
  const us = (u) => (u.user + u.system) / perRound;
  process.stdout.write(`round ${r + 1}: ${(us(b) - us(d)).toFixed(3)} µs CPU per answer read (${us(b).toFixed(3)} with the requests and chunks, ${us(d).toFixed(3)} without the reading)\n`);
}
if (answered !== (rounds + 3) * perRound || textBytes === 0) throw new Error(`Expected every answer to reach its call, got ${answered}`);
process.exit(0);
