// The setting of the in-process request benches (request-cpu-inprocess.mjs,
// request-alloc-inprocess.mjs, request-heap-inprocess.mjs): parallel-mcp's real server
// (createServer), the lean tools/call path and our stdio transport over in-process streams, in
// front of a pool whose one server is ready and whose `echo` answers at once. `request()` sends
// one one-call call_tools_parallel and resolves on its (ok) answer; `round(n)` sends n of them,
// 64 in flight; `batch(n, maxConcurrency)` sends one call_tools_parallel of n echoes. `distPath` is a build's dist/ folder, which must resolve node_modules (inside
// the repository, or a copy such as /tmp/main-base/dist next to its own node_modules).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connectServer } from './lane-inprocess-server.mjs';

export async function inProcessServer(distPath) {
  const dist = pathToFileURL(resolve(distPath)).href;
  const { parseConfig } = await import(`${dist}/config.js`);
  const { DownstreamPool } = await import(`${dist}/downstream/pool.js`);
  const { silentLogger } = await import(`${dist}/log.js`);

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
  const send = await connectServer(dist, pool, config, (message, line) => {
    if (!message.result?.structuredContent?.results?.[0]?.ok) throw new Error(`Expected an ok result, got ${line.slice(0, 300)}`);
  });
  const request = () => send((id) => ({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: `m${id}` } }], max_concurrency: 1 } }));
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
    send({ name: 'call_tools_parallel', arguments: { calls: Array.from({ length: n }, (_, i) => ({ server: 'everything', tool: 'echo', arguments: { message: `m${i}` } })), max_concurrency: maxConcurrency } });
  return { request, round, batch };
}
