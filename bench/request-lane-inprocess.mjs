// One-call requests' whole path in one process, downstream included (issue 13): as
// batch-lane-inprocess.mjs (the real server, lean tools/call path and stdio server transport
// over in-process streams, a real DownstreamPool whose child is an in-process echo answering
// each write a macrotask later), but each request a call_tools_parallel of one echo, IN_FLIGHT
// (64) at once; `rounds` rounds of `perRound` requests after `warmup` requests, each round the
// process's CPU per request (the fake server's and the in-process client's work included: the
// same in every build). Compare builds by their dist/ folders, alternating.
//
// With ALLOC=1: one sampled round instead, bytes allocated per request by site (heap-sites.mjs).
//
//   node bench/request-lane-inprocess.mjs [--dist dist] [rounds=8] [perRound=10000] [warmup=30000]
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const distAt = argv.indexOf('--dist');
const [rounds = 8, perRound = 10000, warmup = 30000] = argv.filter((_, i) => distAt < 0 || (i !== distAt && i !== distAt + 1)).map(Number);
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
    if (!results || results.length !== 1 || !results[0].ok || results[0].result.content[0].text !== `Echo: m${message.id}`) throw new Error(`Expected an ok result, got ${line.slice(0, 300)}`);
    waiting.get(message.id)?.();
    waiting.delete(message.id);
  }
});
let nextId = 1;
const request = () =>
  new Promise((done) => {
    const id = nextId++;
    waiting.set(id, done);
    const params = { name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: `m${id}` } }], max_concurrency: 1 } };
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params })}\n`);
  });
const inFlight = Number(process.env.IN_FLIGHT ?? 64);
const round = async (n) => {
  let sent = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (sent < n) {
        sent += 1;
        await request();
      }
    }),
  );
};
await round(warmup);
if (process.env.ALLOC) {
  const { allocationSites, largestSites } = await import('./heap-sites.mjs');
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await round(perRound);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const { bySite, total } = allocationSites(profile.head);
  console.log(`${(total / perRound).toFixed(0)} B allocated (sampled) per request, fake server and client included`);
  for (const [key, size] of largestSites(bySite, Number(process.env.TOP ?? 45))) console.log(`${(size / perRound).toFixed(0).padStart(7)} B  ${key}`);
  process.exit(0);
}
for (let r = 0; r < rounds; r++) {
  const before = process.cpuUsage();
  await round(perRound);
  const used = process.cpuUsage(before);
  process.stdout.write(`round ${r + 1}: ${((used.user + used.system) / perRound).toFixed(2)} µs CPU per one-call request (fake server and client included)\n`);
}
process.exit(0);
