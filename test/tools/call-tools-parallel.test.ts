/**
 * call_tools_parallel through the real server, pool and SDK client, with real McpServers
 * downstream over InMemoryTransport.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { maxOverlap, toolServer } from '../downstream/in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';

interface Batch {
  results: Array<{ index: number; server: string; tool: string; ok: boolean; error?: { code: string; message: string }; started_ms: number; duration_ms: number; result?: unknown }>;
  summary: { total: number; succeeded: number; failed: number; cancelled: number; wall_ms: number; sum_ms: number; speedup: number };
}

const running: InMemoryParallelMcp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function start(...args: Parameters<typeof startInMemory>) {
  const instance = await startInMemory(...args);
  running.push(instance);
  return instance;
}

async function batch(instance: InMemoryParallelMcp, args: Record<string, unknown>, options: Parameters<InMemoryParallelMcp['client']['callTool']>[2] = {}) {
  const response = await instance.client.callTool({ name: 'call_tools_parallel', arguments: args }, undefined, options);
  return { response, out: response.structuredContent as unknown as Batch };
}

describe('call_tools_parallel', () => {
  it('returns one result per call in input order, each failure kept to its call', async () => {
    const instance = await start({ alpha: toolServer(), beta: toolServer() });
    const { response, out } = await batch(instance, {
      calls: [
        { server: 'alpha', tool: 'echo', arguments: { message: 'one' } },
        { server: 'alpha', tool: 'throws' },
        { server: 'beta', tool: 'fails' },
        { server: 'alpha', tool: 'hang', timeout_ms: 150 },
        { server: 'alpha', tool: 'nope' },
        { server: 'alpha', tool: 'add', arguments: { a: 1, b: 'two' } },
        { server: 'gamma', tool: 'echo', arguments: { message: 'x' } },
        { tool: 'echo', arguments: { message: 'which one?' } },
        { tool: 'beta__add', arguments: { a: 2, b: 3 } },
      ],
    });
    expect(response.isError).toBe(false);
    expect(out.results.map((r) => [r.index, r.server, r.tool, r.ok ? 'ok' : r.error!.code])).toEqual([
      [0, 'alpha', 'echo', 'ok'],
      [1, 'alpha', 'throws', 'tool_error'],
      [2, 'beta', 'fails', 'tool_error'],
      [3, 'alpha', 'hang', 'timeout'],
      [4, 'alpha', 'nope', 'unknown_tool'],
      [5, 'alpha', 'add', 'invalid_arguments'],
      [6, 'gamma', 'echo', 'unknown_server'],
      [7, undefined, 'echo', 'ambiguous_tool'],
      [8, 'beta', 'add', 'ok'],
    ]);
    expect(out.results[1]!.error!.message).toContain('the database is on fire');
    expect(out.results[2]!.error!.message).toContain('quota exceeded');
    expect(out.results[5]!.error!.message).toContain('b');
    expect(out.results[7]!.error!.message).toMatch(/alpha.*beta|beta.*alpha/);
    expect(Object.keys(out.results[7]!)).not.toContain('server');
    expect(out.results[8]!.result).toMatchObject({ structuredContent: { sum: 5 } });
    expect(out.summary).toMatchObject({ total: 9, succeeded: 2, failed: 7, cancelled: 0 });
    const text = (response.content as Array<{ text: string }>)[0]!.text;
    expect(text.split('\n')[0]).toMatch(/^2\/9 calls succeeded, 7 failed in /);
    expect(text).toContain('[3] FAILED alpha/hang: timeout');
  });

  it('is an MCP error result only when every call failed', async () => {
    const instance = await start({ alpha: toolServer() });
    const { response, out } = await batch(instance, { calls: [{ server: 'alpha', tool: 'fails' }, { server: 'alpha', tool: 'nope' }] });
    expect(response.isError).toBe(true);
    expect(out.summary).toMatchObject({ total: 2, succeeded: 0, failed: 2 });
  });

  it('runs calls concurrently up to max_concurrency, proved by overlapping intervals', async () => {
    const downstream = toolServer();
    const instance = await start({ alpha: downstream });
    const calls = Array.from({ length: 12 }, () => ({ server: 'alpha', tool: 'slow', arguments: { ms: 60 } }));
    await batch(instance, { calls, max_concurrency: 4 });
    expect(maxOverlap(downstream.intervals)).toBe(4);
    downstream.intervals.length = 0;
    await batch(instance, { calls, max_concurrency: 12 });
    expect(maxOverlap(downstream.intervals)).toBe(12);
  });

  it('honours the per-server maxConcurrency from the config', async () => {
    const capped = toolServer();
    const free = toolServer();
    const instance = await start({ capped, free }, { serverOptions: { capped: { maxConcurrency: 1 } } });
    const calls = ['capped', 'free'].flatMap((server) => Array.from({ length: 6 }, () => ({ server, tool: 'slow', arguments: { ms: 40 } })));
    const { out } = await batch(instance, { calls, max_concurrency: 16 });
    expect(out.summary.succeeded).toBe(12);
    expect(maxOverlap(capped.intervals)).toBe(1);
    expect(maxOverlap(free.intervals)).toBe(6);
  });

  it('cancels the remaining calls after the first failure with fail_fast', async () => {
    const downstream = toolServer();
    const instance = await start({ alpha: downstream });
    const { out } = await batch(instance, {
      max_concurrency: 2,
      fail_fast: true,
      calls: [
        { server: 'alpha', tool: 'hang' },
        { server: 'alpha', tool: 'fails' },
        { server: 'alpha', tool: 'echo', arguments: { message: 'never sent' } },
      ],
    });
    expect(out.results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(['cancelled', 'tool_error', 'cancelled']);
    // The in-flight hang was cancelled downstream, not abandoned.
    await expect(downstream.hangAborted).resolves.toBe('hang');
  });

  it('with fail_fast, a call known to fail before sending goes first, so slow calls are not waited for', async () => {
    const instance = await start({ alpha: toolServer() });
    // Known before sending = what a ready server tells (a call to a server still starting waits for it).
    await instance.pool.startAll();
    const { out } = await batch(instance, {
      max_concurrency: 2,
      fail_fast: true,
      calls: [
        { server: 'alpha', tool: 'slow', arguments: { ms: 400 } },
        { server: 'alpha', tool: 'slow', arguments: { ms: 400 } },
        { server: 'alpha', tool: 'add', arguments: { a: 1, b: 'two' } },
      ],
    });
    // Plan order would run both slow calls to the end (ok, ok) before the bad one got a slot.
    expect(out.results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(['cancelled', 'cancelled', 'invalid_arguments']);
  });

  it('sends progress as calls complete when the client asks for it', async () => {
    const instance = await start({ alpha: toolServer() });
    const seen: Array<{ progress: number; total?: number }> = [];
    await batch(
      instance,
      { calls: Array.from({ length: 5 }, (_, i) => ({ server: 'alpha', tool: 'slow', arguments: { ms: 10 * (i + 1) } })) },
      { onprogress: (p) => seen.push({ progress: p.progress, total: p.total }) },
    );
    expect(seen).toEqual([1, 2, 3, 4, 5].map((progress) => ({ progress, total: 5 })));
  });

  it('cancels every in-flight downstream call when the client cancels the request', async () => {
    const downstream = toolServer();
    const instance = await start({ alpha: downstream });
    const controller = new AbortController();
    const pending = batch(instance, { calls: [{ server: 'alpha', tool: 'hang' }, { server: 'alpha', tool: 'echo', arguments: { message: 'fast' } }] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    await expect(downstream.hangAborted).resolves.toBe('hang');
  });

  it('gives exactly one result per call, in input order, for any mix of outcomes (property)', async () => {
    const instance = await start({ alpha: toolServer(), beta: toolServer() });
    const kinds = {
      ok: { call: { server: 'alpha', tool: 'echo', arguments: { message: 'x' } }, expect: 'ok' },
      slow: { call: { server: 'beta', tool: 'slow', arguments: { ms: 5 } }, expect: 'ok' },
      throws: { call: { server: 'alpha', tool: 'throws' }, expect: 'tool_error' },
      fails: { call: { server: 'beta', tool: 'fails' }, expect: 'tool_error' },
      invalid: { call: { server: 'alpha', tool: 'add', arguments: { a: 'no' } }, expect: 'invalid_arguments' },
      unknown: { call: { server: 'alpha', tool: 'missing' }, expect: 'unknown_tool' },
      nowhere: { call: { server: 'nowhere', tool: 'echo' }, expect: 'unknown_server' },
      timeout: { call: { server: 'alpha', tool: 'slow', arguments: { ms: 200 }, timeout_ms: 20 }, expect: 'timeout' },
    } as const;
    type Kind = keyof typeof kinds;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...(Object.keys(kinds) as Kind[])), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 8 }),
        async (mix, maxConcurrency) => {
          const { out } = await batch(instance, { calls: mix.map((k) => kinds[k].call), max_concurrency: maxConcurrency });
          expect(out.results.map((r) => r.index)).toEqual(mix.map((_, i) => i));
          expect(out.results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(mix.map((k) => kinds[k].expect));
          expect(out.summary.total).toBe(mix.length);
          expect(out.summary.succeeded + out.summary.failed).toBe(mix.length);
        },
      ),
      // A failure reports its case within the test's 30 s: shrinking runs whole batches on real timers.
      { numRuns: 25, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true },
    );
  });
});

describe('call_tools_parallel input', () => {
  it('rejects an unknown field in a call with its path and the fields expected, instead of dropping it', async () => {
    const instance = await start({ alpha: toolServer() });
    const { response } = await batch(instance, { calls: [{ server: 'alpha', tool: 'echo', args: { message: 'x' } }] });
    expect(response.isError).toBe(true);
    const message = (response.content as Array<{ text: string }>)[0]!.text;
    expect(message).toContain('Expected only the fields "server", "tool", "arguments", "timeout_ms", "estimated_ms", "as_task", "reset_timeout_on_progress", "max_total_timeout_ms", "prompt", "system", "provider", "model", "output_schema", "max_tokens", "temperature", "context", got unknown field "args" at calls[0]');
  });
});
