// The setting of the in-process request benches (request-cpu-inprocess.mjs,
// request-alloc-inprocess.mjs, request-heap-inprocess.mjs): parallel-mcp's real server
// (createServer), the lean tools/call path and our stdio transport over in-process streams, in
// front of a pool whose one server is ready and whose `echo` answers at once. `request()` sends
// one one-call call_tools_parallel and resolves on its (ok) answer; `round(n)` sends n of them,
// 64 in flight; `batch(n, maxConcurrency)` sends one call_tools_parallel of n echoes. `distPath` is a build's dist/ folder, which must resolve node_modules (inside
// the repository, or a copy such as /tmp/main-base/dist next to its own node_modules).
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';

export async function inProcessServer(distPath) {
  const dist = pathToFileURL(resolve(distPath)).href;
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
    async resolveIfReady(server, tool) {
      return { server: server ?? 'everything', tool, definition };
    }
    // The same, without a promise (builds that have it ask it first).
    resolveReadyNow(server, tool) {
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
  const round = async (n) => {
    let sent = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (sent < n) {
          sent += 1;
          await request();
        }
      }),
    );
  };
  /** One call_tools_parallel of `n` echoes, `maxConcurrency` at once; resolves on its (ok) answer. */
  const batch = (n, maxConcurrency = 64) =>
    new Promise((done) => {
      const id = nextId++;
      waiting.set(id, done);
      const calls = Array.from({ length: n }, (_, i) => ({ server: 'everything', tool: 'echo', arguments: { message: `m${i}` } }));
      stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: { calls, max_concurrency: maxConcurrency } } })}\n`);
    });
  return { request, round, batch };
}
