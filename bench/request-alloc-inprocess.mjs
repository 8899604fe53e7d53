// What the run machinery allocates per one-call request (V8's sampling heap profiler, collected
// objects kept; built-ins charged to their caller), in the setting of request-cpu-inprocess.mjs: without pipes or a downstream process
// (issue 13): parallel-mcp's real server (createServer), the lean tools/call path and our stdio
// transport over in-process streams, in front of a pool whose `echo` answers at once. A client
// in the same process sends `rounds` x 10,000 one-call call_tools_parallel requests, 64 in
// flight; each round prints the process's CPU (user + system) per request, the client's parsing
// of the answers included. Builds are compared by their dist/ folders, alternating in the same
// minutes: `--dist` must sit inside the repository (it resolves node_modules from there), or be
// a copy such as /tmp/main-base/dist next to its own node_modules.
//
//   node bench/request-alloc-inprocess.mjs [--dist dist]
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const distAt = argv.indexOf('--dist');
const dist = pathToFileURL(resolve(distAt >= 0 ? argv[distAt + 1] : 'dist')).href;
const rounds = Number(argv.filter((_, i) => i !== distAt && i !== distAt + 1)[0] ?? 6);
const { parseConfig } = await import(`${dist}/config.js`);
const { DownstreamPool } = await import(`${dist}/downstream/pool.js`);
const { DurationStats } = await import(`${dist}/engine/duration-stats.js`);
const { silentLogger } = await import(`${dist}/log.js`);
const { InMemoryRunRegistry } = await import(`${dist}/runs/in-memory-run-registry.js`);
const { createServer } = await import(`${dist}/server/create-server.js`);
const { installLeanToolsCall } = await import(`${dist}/server/lean-tools-call.js`);
const { BoundedStdioServerTransport } = await import(`${dist}/server/stdio-transport.js`);

const definition = { name: 'echo', inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } };
/** A pool whose one server is ready and answers every call at once. */
class AnsweringPool extends DownstreamPool {
  async resolveIfReady(server, tool) {
    return { server: server ?? 'everything', tool, definition };
  }
  callTool(_resolved, args) {
    return Promise.resolve({ ok: true, result: { content: [{ type: 'text', text: `Echo: ${String(args.message)}` }] } });
  }
}
const config = parseConfig({ mcpServers: { everything: { command: 'none' } } }, { path: 'in-process.json', env: {} });
const pool = new AnsweringPool(config.servers, { log: silentLogger });
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
    if (!message.result?.structuredContent?.results?.[0]?.ok) throw new Error(`Expected an ok result, got ${line.slice(0, 300)}`);
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
// warm up, then sample what one round allocates, collected objects included
const perRound = 5000;
const round = async () => { let sent = 0; await Promise.all(Array.from({ length: 64 }, async () => { while (sent < perRound) { sent += 1; await request(); } })); };
await round(); await round();
const { Session } = await import('node:inspector/promises');
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
await round();
const { profile } = await session.post('HeapProfiler.stopSampling');
const bySite = new Map();
let total = 0;
const walk = (n, caller) => {
  const own = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  const key = n.callFrame.url === '' ? `${caller} <- ${n.callFrame.functionName}` : own;
  bySite.set(key, (bySite.get(key) ?? 0) + n.selfSize);
  total += n.selfSize;
  for (const c of n.children) walk(c, n.callFrame.url === '' ? caller : own);
};
walk(profile.head, '(root)');
console.log(`${(total / perRound).toFixed(0)} B allocated (sampled) per request, client side included`);
for (const [key, size] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 45))) console.log(`${(size / perRound).toFixed(0).padStart(7)} B  ${key}`);
process.exit(0);
