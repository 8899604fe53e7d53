/**
 * Issue 13: a one-call request on the lean path is a handful of promises, not one per layer.
 * Every promise V8 makes (async_hooks PROMISE resources: each async call, await, then and
 * new Promise) is counted from the moment the request line is handed to the transport's
 * onmessage until its answer is written, for a pool whose tool is known at once and whose
 * call answers at once. The layers it crossed before (the lean path's async answer, the
 * foreground promise, runCallTools, resolveKnownTools, runSteps, runOneAttempt,
 * runOneToolStep, an async resolve) made 18 of them (main cbed701); now 6; the bound is 8. A count, not a
 * time: it cannot fail by load.
 */
import { createHook } from 'node:async_hooks';
import { PassThrough } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
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

/** A pool whose one server is ready and whose echo answers at once (as the in-process benches' pool). */
class AnsweringPool extends DownstreamPool {
  override resolveReadyNow(server: string | undefined, tool: string): ResolvedTool {
    return { server: server ?? 'everything', tool, definition } as ResolvedTool;
  }
  override async resolveIfReady(server: string | undefined, tool: string): Promise<ResolvedTool> {
    return this.resolveReadyNow(server, tool);
  }
  override callTool(_resolved: ResolvedTool, args: Record<string, unknown>): Promise<CallOutcome> {
    return Promise.resolve({ ok: true, result: { content: [{ type: 'text', text: `Echo: ${String(args.message)}` }] } });
  }
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

it('a one-call request makes at most 8 promises from its line to its answer', async () => {
  const config = parseConfig({ mcpServers: { everything: { command: 'none' } } }, { path: 'one-call-promises.json', env: {} });
  const pool = new AnsweringPool(config.servers, { log: silentLogger });
  const server = createServer({ pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = new BoundedStdioServerTransport({ stdin, stdout });
  await server.connect(transport);
  installLeanToolsCall(server, transport);
  closers.push(() => server.close());
  const answered = new Map<number, () => void>();
  let partial = '';
  stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const message = JSON.parse(line) as { id: number; result?: { structuredContent?: { summary?: { succeeded: number } } } };
      if (message.id !== 0 && message.result?.structuredContent?.summary?.succeeded !== 1) throw new Error(`Expected one ok call, got ${line.slice(0, 300)}`);
      answered.get(message.id)?.();
    }
  });
  const initialize = { jsonrpc: '2.0' as const, id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
  await new Promise<void>((resolve) => {
    answered.set(0, resolve);
    transport.onmessage!(initialize);
  });
  transport.onmessage!({ jsonrpc: '2.0', method: 'notifications/initialized' });

  let promises = 0;
  const hook = createHook({
    init: (_id, type) => {
      if (type === 'PROMISE') promises += 1;
    },
  });
  const request = (id: number) =>
    new Promise<number>((resolve) => {
      let counted = 0;
      answered.set(id, () => {
        hook.disable();
        counted = promises;
        resolve(counted);
      });
      promises = 0;
      hook.enable();
      transport.onmessage!({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: `m${id}` } }], max_concurrency: 1 } } });
    });
  // The first requests warm up what is made once (the write queue, lazy schemas).
  for (let id = 1; id <= 3; id++) await request(id);
  const counts: number[] = [];
  for (let id = 4; id <= 8; id++) counts.push(await request(id));
  expect(Math.max(...counts)).toBeLessThanOrEqual(8);
});
