/**
 * Added latency (issue 13): a one-call request is handed to the pool in the turn of the event
 * loop that read it, and its answer is written in the turn that got the downstream answer —
 * no setImmediate, timer or other deferral to a later turn on the way, in our stdio transport,
 * the lean tools/call path, the run registry or the run. A pool whose call answers when the
 * test says so stands in for the downstream side; a setImmediate queued in the same turn is
 * the marker: what happens before it runs happened in that turn.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool, type ResolvedTool } from '../../src/downstream/pool.js';
import type { CallOutcome } from '../../src/engine/outcome.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { silentLogger } from '../../src/log.js';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import { createServer } from '../../src/server/create-server.js';
import { installLeanToolsCall } from '../../src/server/lean-tools-call.js';
import { BoundedStdioServerTransport } from '../../src/server/stdio-transport.js';

const definition = { name: 'echo', inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } };

/** A pool whose one server is ready; each call waits until the test answers it. */
class HeldPool extends DownstreamPool {
  readonly calls: Array<(outcome: CallOutcome) => void> = [];
  override async resolveIfReady(server: string | undefined, tool: string): Promise<ResolvedTool> {
    return { server: server ?? 'everything', tool, definition } as ResolvedTool;
  }
  override callTool(): Promise<CallOutcome> {
    return new Promise((resolve) => this.calls.push(resolve));
  }
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(lean: boolean) {
  const config = parseConfig({ mcpServers: { everything: { command: 'none' } } }, { path: 'same-tick.json', env: {} });
  const pool = new HeldPool(config.servers, { log: silentLogger });
  const server = createServer({ pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = new BoundedStdioServerTransport({ stdin, stdout });
  await server.connect(transport);
  if (lean) installLeanToolsCall(server, transport);
  const written: string[] = [];
  stdout.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
  closers.push(() => server.close());
  const initialize = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
  stdin.write(`${JSON.stringify(initialize)}\n${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  await new Promise((resolve) => setTimeout(resolve, 20));
  written.length = 0;
  return { pool, stdin, written };
}

/** The turn's marker: resolves once a setImmediate queued now has run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const requests: Array<[string, Record<string, unknown>]> = [
  ['a one-call request (the one-step run)', { calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'm' } }], max_concurrency: 1 }],
  ['a one-call request with retries (the scheduler)', { calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'm' } }], retries: 1 }],
  ['a request of two calls', { calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'a' } }, { server: 'everything', tool: 'echo', arguments: { message: 'b' } }] }],
];

describe.each([
  ['the lean path', true],
  ['the SDK path', false],
] as const)('no turn of the event loop lost on %s', (_path, lean) => {
  for (const [name, args] of requests) {
    it(`${name}: dispatched in the turn it is read, answered in the turn its calls are`, async () => {
      const { pool, stdin, written } = await serve(lean);
      const count = (args.calls as unknown[]).length;
      // The line arrives in a turn of its own (as stdin's data does), then the marker is queued.
      await new Promise<void>((resolve) =>
        setImmediate(() => {
          stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: args } })}\n`);
          resolve(nextTurn());
        }),
      );
      expect(pool.calls.length).toBe(count);
      expect(written).toEqual([]);
      // The downstream answers arrive in one turn; the answer must be written before the next.
      await new Promise<void>((resolve) =>
        setImmediate(() => {
          for (const answer of pool.calls) answer({ ok: true, result: { content: [{ type: 'text', text: 'Echo: m' }] } });
          resolve(nextTurn());
        }),
      );
      expect(written.length).toBe(1);
      const answer = JSON.parse(written[0]!) as { id: number; result: { structuredContent: { summary: { succeeded: number } } } };
      expect(answer.id).toBe(7);
      expect(answer.result.structuredContent.summary.succeeded).toBe(count);
    });
  }
});
