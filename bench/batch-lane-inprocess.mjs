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
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const distAt = argv.indexOf('--dist');
const [rounds = 8, batches = 20, calls = 1000, warmup = 60] = argv.filter((_, i) => distAt < 0 || (i !== distAt && i !== distAt + 1)).map(Number);
const dist = pathToFileURL(resolve(distAt >= 0 ? argv[distAt + 1] : 'dist')).href;
const { parseConfig } = await import(`${dist}/config.js`);
const { DownstreamPool } = await import(`${dist}/downstream/pool.js`);
const { ObservedStdioTransport } = await import(`${dist}/downstream/stdio-transport.js`);
const { DurationStats } = await import(`${dist}/engine/duration-stats.js`);
const { silentLogger } = await import(`${dist}/log.js`);
const { InMemoryRunRegistry } = await import(`${dist}/runs/in-memory-run-registry.js`);
const { createServer } = await import(`${dist}/server/create-server.js`);
const { installLeanToolsCall } = await import(`${dist}/server/lean-tools-call.js`);
const { BoundedStdioServerTransport } = await import(`${dist}/server/stdio-transport.js`);

const ECHO = { name: 'echo', description: 'Echoes back the input', inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } };

/** The echo server, as a child's stdin: each write answered a macrotask later, in one chunk. */
function fakeChild(transport) {
  const answer = (text) => {
    let out = '';
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; start = end + 1, end = text.indexOf('\n', start)) {
      const line = text.slice(start, end);
      if (line.includes('"method":"tools/call"')) {
        const idAt = line.indexOf('"id":"') + 6;
        const id = line.slice(idAt, line.indexOf('"', idAt));
        const messageAt = line.indexOf('"message":"') + 11;
        const message = line.slice(messageAt, line.indexOf('"', messageAt));
        out += `{"result":{"content":[{"type":"text","text":"Echo: ${message}"}]},"jsonrpc":"2.0","id":"${id}"}\n`;
        continue;
      }
      const request = JSON.parse(line);
      if (request.id === undefined || request.method === undefined) continue;
      const result = request.method === 'initialize'
        ? { protocolVersion: request.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'fake-echo', version: '1.0.0' } }
        : request.method === 'tools/list' ? { tools: [ECHO] } : {};
      out += `${JSON.stringify({ result, jsonrpc: '2.0', id: request.id })}\n`;
    }
    if (out !== '') transport.onStdout(Buffer.from(out));
  };
  return {
    pid: 1,
    exitCode: null,
    signalCode: null,
    stdin: { writable: true, write: (text) => { setImmediate(answer, text); return true; } },
  };
}

class FakeChildTransport extends ObservedStdioTransport {
  start() {
    this._process = fakeChild(this);
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
}

const config = parseConfig({ mcpServers: { everything: { command: 'none' } } }, { path: 'in-process.json', env: {} });
const pool = new DownstreamPool(config.servers, { log: silentLogger, transportFactory: () => new FakeChildTransport({ command: 'none', args: [], env: {}, onStderrLine: () => {} }) });
await pool.startAll();
const server = createServer({ pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) });
const stdin = new PassThrough();
const stdout = new PassThrough();
const transport = new BoundedStdioServerTransport({ stdin, stdout });
await server.connect(transport);
installLeanToolsCall(server, transport);

const waiting = new Map();
let partial = '';
stdout.on('data', (chunk) => {
  const lines = (partial + chunk.toString('utf8')).split('\n');
  partial = lines.pop();
  for (const line of lines) {
    const message = JSON.parse(line);
    const results = message.result?.structuredContent?.results;
    if (!results || results.length !== calls || !results.every((r) => r.ok)) throw new Error(`Expected ${calls} ok results, got ${line.slice(0, 300)}`);
    waiting.get(message.id)?.();
    waiting.delete(message.id);
  }
});
let nextId = 1;
const batch = () =>
  new Promise((done) => {
    const id = nextId++;
    waiting.set(id, done);
    const list = Array.from({ length: calls }, (_, i) => ({ server: 'everything', tool: 'echo', arguments: { message: `m${i}` } }));
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: { calls: list, max_concurrency: 64 } } })}\n`);
  });
for (let w = 0; w < warmup; w++) await batch();
for (let round = 0; round < rounds; round++) {
  const before = process.cpuUsage();
  for (let b = 0; b < batches; b++) await batch();
  const used = process.cpuUsage(before);
  process.stdout.write(`round ${round + 1}: ${((used.user + used.system) / (batches * calls)).toFixed(2)} µs CPU per batched call (fake server and client included)\n`);
}
process.exit(0);
