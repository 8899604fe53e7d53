// The in-process lane server that batch-lane-inprocess.mjs and request-lane-inprocess.mjs share
// (issue 13): parallel-mcp's real server (createServer, the lean tools/call path, our stdio server
// transport over in-process streams) in front of a real DownstreamPool whose one server's transport
// is our ObservedStdioTransport with its child replaced by an in-process echo server. Each lane
// write is answered a macrotask later (setImmediate) by one chunk of the lines an SDK server writes
// for a one-text-block result, fed to the transport's chunk handler.
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';

/** `--dist DIR` (default dist) and the positional numbers of a bench's command line. */
export function laneArgs(argv) {
  const distAt = argv.indexOf('--dist');
  const numbers = argv.filter((_, i) => distAt < 0 || (i !== distAt && i !== distAt + 1)).map(Number);
  return { dist: pathToFileURL(resolve(distAt >= 0 ? argv[distAt + 1] : 'dist')).href, numbers };
}

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

/** connectServer on a real DownstreamPool whose one server's child is the in-process echo. */
export async function startLaneServer(dist, check) {
  const { parseConfig } = await import(`${dist}/config.js`);
  const { DownstreamPool } = await import(`${dist}/downstream/pool.js`);
  const { ObservedStdioTransport } = await import(`${dist}/downstream/stdio-transport.js`);
  const { silentLogger } = await import(`${dist}/log.js`);

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
  return connectServer(dist, pool, config, check);
}

/**
 * parallel-mcp's real server from the build in `dist` (a file URL) on `pool`, with the lean
 * tools/call path and our stdio transport over in-process streams (in-process-server.mjs's
 * setting too). `check(message, line)` sees every answer (throw to stop the bench). Returns
 * `send(params)`: one tools/call (params, or a function of its id), resolved on its answer.
 */
export async function connectServer(dist, pool, config, check) {
  const { DurationStats } = await import(`${dist}/engine/duration-stats.js`);
  const { silentLogger } = await import(`${dist}/log.js`);
  const { InMemoryRunRegistry } = await import(`${dist}/runs/in-memory-run-registry.js`);
  const { createServer } = await import(`${dist}/server/create-server.js`);
  const { installLeanToolsCall } = await import(`${dist}/server/lean-tools-call.js`);
  const { BoundedStdioServerTransport } = await import(`${dist}/server/stdio-transport.js`);
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
      check(message, line);
      waiting.get(message.id)?.();
      waiting.delete(message.id);
    }
  });
  let nextId = 1;
  return (params) =>
    new Promise((done) => {
      const id = nextId++;
      waiting.set(id, done);
      stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: typeof params === 'function' ? params(id) : params })}\n`);
    });
}
