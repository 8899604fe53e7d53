// The exact JS heap allocated per one-call call_tools_parallel request, in the setting of
// request-cpu-inprocess.mjs (real server, lean path, our stdio transport over in-process streams,
// a pool answering at once; the in-process client's side included): 5 warm-up rounds, then 5
// rounds of 3,000 requests, 64 in flight, each measured as the growth of heapUsed with no
// collection during the round (a 256 MB young generation). Stable to ~2% under load, unlike CPU.
//
//   node --expose-gc --min-semi-space-size=256 --max-semi-space-size=256 bench/request-heap-inprocess.mjs [dist]
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
const argv = process.argv.slice(2);
const dist = pathToFileURL(resolve(argv[0] ?? 'dist')).href;
const { parseConfig } = await import(`${dist}/config.js`);
const { DownstreamPool } = await import(`${dist}/downstream/pool.js`);
const { DurationStats } = await import(`${dist}/engine/duration-stats.js`);
const { silentLogger } = await import(`${dist}/log.js`);
const { InMemoryRunRegistry } = await import(`${dist}/runs/in-memory-run-registry.js`);
const { createServer } = await import(`${dist}/server/create-server.js`);
const { installLeanToolsCall } = await import(`${dist}/server/lean-tools-call.js`);
const { BoundedStdioServerTransport } = await import(`${dist}/server/stdio-transport.js`);
const definition = { name: 'echo', inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } };
class AnsweringPool extends DownstreamPool {
  async resolveIfReady(server, tool) { return { server: server ?? 'everything', tool, definition }; }
  callTool(_resolved, args) { return Promise.resolve({ ok: true, result: { content: [{ type: 'text', text: `Echo: ${String(args.message)}` }] } }); }
}
const config = parseConfig({ mcpServers: { everything: { command: 'none' } } }, { path: 'in-process.json', env: {} });
const pool = new AnsweringPool(config.servers, { log: silentLogger });
const server = createServer({ pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) });
const stdin = new PassThrough(); const stdout = new PassThrough();
const transport = new BoundedStdioServerTransport({ stdin, stdout });
await server.connect(transport); installLeanToolsCall(server, transport);
const waiting = new Map(); let partial = '';
stdout.on('data', (chunk) => { const lines = (partial + chunk.toString('utf8')).split('\n'); partial = lines.pop(); for (const line of lines) { const m = JSON.parse(line); waiting.get(m.id)?.(); waiting.delete(m.id); } });
let nextId = 1;
const request = () => new Promise((done) => { const id = nextId++; waiting.set(id, done); stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: `m${id}` } }], max_concurrency: 1 } } })}\n`); });
const round = async (n) => { let sent = 0; await Promise.all(Array.from({ length: 64 }, async () => { while (sent < n) { sent += 1; await request(); } })); };
for (let w = 0; w < 5; w++) { await round(5000); globalThis.gc(); }
const out = [];
for (let r = 0; r < 5; r++) { globalThis.gc(); const before = process.memoryUsage().heapUsed; await round(3000); out.push(((process.memoryUsage().heapUsed - before) / 3000).toFixed(0)); }
console.log(`${argv[0]}: B per request ${out.join(' ')}`);
process.exit(0);
