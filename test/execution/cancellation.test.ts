import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterEach, describe, expect, it } from 'vitest';
import { Downstream, buildToolServer } from '../downstream/in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';

/** toolServer() that records every notifications/cancelled parallel-mcp sends it. */
class CountingDownstream extends Downstream {
  readonly cancelled: unknown[] = [];
  constructor() {
    super((server: McpServer, downstream: Downstream) => buildToolServer(server, downstream));
  }
  override transport(): Transport {
    const transport = super.transport();
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      if ('method' in message && message.method === 'notifications/cancelled') this.cancelled.push(message.params?.requestId);
      return send(message, options);
    };
    return transport;
  }
}

const running: InMemoryParallelMcp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function start(alpha: Downstream, options: Record<string, unknown> = {}) {
  const instance = await startInMemory({ alpha, beta: new CountingDownstream() }, { serverOptions: { alpha: options } });
  running.push(instance);
  await instance.pool.startAll();
  return instance;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cancellation of downstream calls', () => {
  it('sends exactly one notifications/cancelled for a request that timed out in a plan', async () => {
    const alpha = new CountingDownstream();
    const instance = await start(alpha, { cancelGraceMs: 0 });
    const response = await instance.client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'h', server: 'alpha', tool: 'hang', timeout_ms: 50 }] } });
    expect((response.structuredContent as { steps: Array<{ error?: { code: string } }> }).steps[0]!.error!.code).toBe('timeout');
    await alpha.hangAborted;
    await pause(100);
    expect(alpha.cancelled).toHaveLength(1);
  });

  it('sends one cancellation for a call cancelled by fail_fast, and keeps the capped server\'s slot until the grace has passed', async () => {
    const alpha = new CountingDownstream();
    const instance = await start(alpha, { maxConcurrency: 1, cancelGraceMs: 300 });
    const first = await instance.client.callTool({
      name: 'call_tools_parallel',
      arguments: { fail_fast: true, calls: [{ server: 'alpha', tool: 'hang' }, { server: 'beta', tool: 'fails' }] },
    });
    const codes = (first.structuredContent as { results: Array<{ error?: { code: string } }> }).results.map((r) => r.error?.code);
    expect(codes).toEqual(['cancelled', 'tool_error']);
    const after = performance.now();
    const second = await instance.client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }] } });
    expect((second.structuredContent as { results: Array<{ ok: boolean }> }).results[0]!.ok).toBe(true);
    // The hang never answered: the echo waited for the grace, then ran on a restarted server.
    expect(performance.now() - after).toBeGreaterThanOrEqual(250);
    expect(alpha.instances).toHaveLength(2);
    expect(alpha.cancelled).toHaveLength(1);
  });

  it('records the late answer of a timed-out step that arrives while the plan runs, in structuredContent and text', async () => {
    const instance = await start(new CountingDownstream());
    const response = await instance.client.callTool({
      name: 'run_plan',
      arguments: {
        steps: [
          { id: 'write', server: 'alpha', tool: 'slow', arguments: { ms: 150 }, timeout_ms: 50 },
          { id: 'long', server: 'alpha', tool: 'slow', arguments: { ms: 500 } },
        ],
      },
    });
    const steps = (response.structuredContent as { steps: Array<Record<string, unknown>> }).steps;
    expect(steps[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'timeout' },
      late: { ok: true, result: { content: [{ type: 'text', text: 'done' }] }, after_ms: expect.any(Number) },
    });
    expect((steps[0]!.late as { after_ms: number }).after_ms).toBeGreaterThanOrEqual(150);
    expect((response.content as Array<{ text: string }>)[0]!.text).toMatch(/- write \[failed\].*timeout: .* \(it ran anyway: its server answered ok after /);
  });
});
