/**
 * Background runs through the real server, pool and SDK client: run_id on every result,
 * background: true + get_run long poll, cancel_run, list_runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { toolServer, type Downstream } from '../downstream/in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';

const running: InMemoryParallelMcp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function start(downstreams: Record<string, Downstream> = { alpha: toolServer() }) {
  const instance = await startInMemory(downstreams, {});
  running.push(instance);
  return instance;
}

type Structured = Record<string, unknown> & { run_id?: string; status?: string };
const structured = (result: object) => (result as { structuredContent?: unknown }).structuredContent as Structured;
const text = (result: object) => ((result as { content?: unknown }).content as Array<{ text: string }>)[0]!.text;

/** Two chained 1.2 s steps: 2.4 s, more than the 2 s client timeout below. */
const slowPlan = {
  steps: [
    { id: 'first', server: 'alpha', tool: 'slow', arguments: { ms: 1200 } },
    { id: 'second', server: 'alpha', tool: 'slow', arguments: { ms: 1200 }, depends_on: ['first'] },
  ],
};

describe('runs', () => {
  it('gives every run_plan and call_tools_parallel result its run_id, and get_run answers the same report', async () => {
    const { client } = await start();
    const plan = await client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'e', server: 'alpha', tool: 'echo', arguments: { message: 'hi' } }] } });
    const planRun = structured(plan);
    expect(planRun.run_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(planRun.status).toBe('completed');
    const calls = await client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }] } });
    expect(structured(calls).run_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(structured(calls).run_id).not.toBe(planRun.run_id);

    const got = await client.callTool({ name: 'get_run', arguments: { run_id: planRun.run_id } });
    const view = structured(got);
    expect(view.status).toBe('completed');
    expect(view.steps).toEqual(planRun.steps);
    expect(view.summary).toEqual(planRun.summary);
    expect(text(got)).toContain(text(plan).split('\nrun_id:')[0]);
    const gotCalls = structured(await client.callTool({ name: 'get_run', arguments: { run_id: structured(calls).run_id } }));
    expect(gotCalls.steps).toEqual(structured(calls).results);
  });

  it('background: true answers at once and get_run long-polls a plan that outlasts a 2 s client timeout', async () => {
    const { client } = await start();
    const timeout = 2000;
    // The same plan in the foreground does not fit in the client's timeout.
    await expect(client.callTool({ name: 'run_plan', arguments: slowPlan }, undefined, { timeout })).rejects.toThrow(McpError);

    const started = await client.callTool({ name: 'run_plan', arguments: { ...slowPlan, background: true } }, undefined, { timeout });
    expect(structured(started)).toEqual({ run_id: expect.any(String), status: 'working' });
    expect(text(started)).toContain('get_run');
    const runId = structured(started).run_id!;

    const seen: string[] = [];
    let view: Structured;
    do {
      view = structured(await client.callTool({ name: 'get_run', arguments: { run_id: runId, wait_ms: 1500 } }, undefined, { timeout }));
      seen.push(`${view.status}:${(view.progress as { done: number }).done}`);
    } while (view.status === 'working');
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]).toMatch(/^working:/);
    expect(view.status).toBe('completed');
    expect((view.steps as Array<{ id: string; status: string }>).map((s) => `${s.id}:${s.status}`)).toEqual(['first:ok', 'second:ok']);
    expect(view.summary).toMatchObject({ total: 2, succeeded: 2 });
  }, 20_000);

  it('get_run while working shows each step\'s status and the result of a finished step', async () => {
    const downstream = toolServer();
    const { client } = await start({ alpha: downstream });
    const started = await client.callTool({
      name: 'run_plan',
      arguments: {
        background: true,
        steps: [
          { id: 'quick', server: 'alpha', tool: 'echo', arguments: { message: 'early' } },
          { id: 'stuck', server: 'alpha', tool: 'hang' },
        ],
      },
    });
    const runId = structured(started).run_id!;
    let view: Structured;
    do {
      view = structured(await client.callTool({ name: 'get_run', arguments: { run_id: runId, wait_ms: 50 } }));
    } while ((view.progress as { done: number }).done < 1);
    expect(view.status).toBe('working');
    expect(view.steps).toEqual([
      { id: 'quick', server: 'alpha', tool: 'echo', status: 'ok', attempts: 1, duration_ms: expect.any(Number), result: { content: [{ type: 'text', text: 'Echo: early' }] } },
      { id: 'stuck', server: 'alpha', tool: 'hang', status: 'running', attempts: 1 },
    ]);

    const cancelled = await client.callTool({ name: 'cancel_run', arguments: { run_id: runId } });
    expect(structured(cancelled).status).toBe('cancelled');
    expect(await downstream.hangAborted).toBe('hang');
    const steps = structured(cancelled).steps as Array<{ id: string; status: string }>;
    expect(steps.map((s) => `${s.id}:${s.status}`)).toEqual(['quick:ok', 'stuck:cancelled']);
    // cancel_run on a run that has ended leaves it as it is.
    expect(structured(await client.callTool({ name: 'cancel_run', arguments: { run_id: runId } })).status).toBe('cancelled');
  });

  it('get_run of a working call_tools_parallel batch shows every call as a step: id, server, tool, status, attempts, duration, result or error', async () => {
    const { client } = await start();
    const calls = [
      ...Array.from({ length: 28 }, (_, i) => ({ server: 'alpha', tool: 'echo', arguments: { message: `m${i}` } })),
      { server: 'alpha', tool: 'nope' },
      { server: 'alpha', tool: 'hang' },
      { tool: 'alpha__echo', arguments: { message: 'prefixed' } },
    ];
    const started = structured(await client.callTool({ name: 'call_tools_parallel', arguments: { background: true, calls } }));
    let view: Structured;
    do {
      view = structured(await client.callTool({ name: 'get_run', arguments: { run_id: started.run_id!, wait_ms: 50 } }));
    } while ((view.progress as { done: number }).done < 30);
    expect(view.status).toBe('working');
    expect(view.progress).toEqual({ done: 30, total: 31 });
    const echo = (i: number, message: string) => ({
      id: String(i), server: 'alpha', tool: 'echo', status: 'ok', attempts: 1, duration_ms: expect.any(Number), result: { content: [{ type: 'text', text: `Echo: ${message}` }] },
    });
    expect(view.steps).toEqual([
      ...Array.from({ length: 28 }, (_, i) => echo(i, `m${i}`)),
      { id: '28', server: 'alpha', tool: 'nope', status: 'failed', attempts: 1, duration_ms: expect.any(Number), error: { code: 'unknown_tool', message: expect.stringContaining('nope') } },
      { id: '29', server: 'alpha', tool: 'hang', status: 'running', attempts: 1 },
      { id: '30', tool: 'alpha__echo', status: 'ok', attempts: 1, duration_ms: expect.any(Number), result: { content: [{ type: 'text', text: 'Echo: prefixed' }] } },
    ]);
    // Key order as the run's steps always had it.
    expect(Object.keys((view.steps as object[])[29]!)).toEqual(['id', 'server', 'tool', 'status', 'attempts']);
    expect(Object.keys((view.steps as object[])[30]!)).toEqual(['id', 'tool', 'status', 'attempts', 'duration_ms', 'result']);
    const cancelled = structured(await client.callTool({ name: 'cancel_run', arguments: { run_id: started.run_id! } }));
    expect(cancelled.status).toBe('cancelled');
    const ended = structured(await client.callTool({ name: 'get_run', arguments: { run_id: started.run_id!, wait_ms: 10_000 } }));
    expect((ended.summary as { succeeded: number; cancelled: number })).toMatchObject({ succeeded: 29, cancelled: 1 });
  });

  it('a cancelled foreground request cancels its run', async () => {
    const downstream = toolServer();
    const { client } = await start({ alpha: downstream });
    const controller = new AbortController();
    const call = client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'stuck', server: 'alpha', tool: 'hang' }] } }, undefined, { signal: controller.signal });
    let run: { run_id: string; mode: string } | undefined;
    let running = false;
    while (!running) {
      [run] = structured(await client.callTool({ name: 'list_runs', arguments: {} })).runs as Array<{ run_id: string; mode: string }>;
      const steps = run ? (structured(await client.callTool({ name: 'get_run', arguments: { run_id: run.run_id } })).steps as Array<{ status: string }>) : [];
      // 'running' means the attempt started; the call may still wait for its server to start.
      running = steps[0]?.status === 'running' && downstream.hangsStarted > 0;
      await new Promise((r) => setTimeout(r, 200));
    }
    controller.abort();
    await expect(call).rejects.toThrow();
    expect(await downstream.hangAborted).toBe('hang');
    expect(run?.mode).toBe('foreground');
    const view = structured(await client.callTool({ name: 'get_run', arguments: { run_id: run!.run_id, wait_ms: 5000 } }));
    expect(view.status).toBe('cancelled');
  });

  it('list_runs lists the runs newest first; get_run of an unknown run and a wait over 50 s are clear errors', async () => {
    const { client } = await start();
    const a = structured(await client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'alpha', tool: 'echo', arguments: { message: '1' } }] } }));
    const b = structured(await client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'x', server: 'alpha', tool: 'echo', arguments: { message: '2' } }] } }));
    const listed = structured(await client.callTool({ name: 'list_runs', arguments: {} })).runs as Array<Record<string, unknown>>;
    expect(listed.map((r) => [r.run_id, r.tool, r.status, r.mode])).toEqual([
      [b.run_id, 'run_plan', 'completed', 'foreground'],
      [a.run_id, 'call_tools_parallel', 'completed', 'foreground'],
    ]);

    const unknown = await client.callTool({ name: 'get_run', arguments: { run_id: 'nope' } });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/^unknown run "nope": expected the run_id of a run/);
    const tooLong = await client.callTool({ name: 'get_run', arguments: { run_id: String(a.run_id), wait_ms: 60_000 } });
    expect(tooLong.isError).toBe(true);
    expect(text(tooLong)).toContain('Expected "wait_ms" to be an integer from 0 to at most 50000 ms');
    expect(text(tooLong)).toContain('got 60000');
    const negative = await client.callTool({ name: 'get_run', arguments: { run_id: String(a.run_id), wait_ms: -1 } });
    expect(negative.isError).toBe(true);
    expect(text(negative)).toContain('got -1');
  });

  it('an invalid plan in the background is a failed run with the reason', async () => {
    const { client } = await start();
    const started = structured(await client.callTool({ name: 'run_plan', arguments: { background: true, steps: [{ id: 'a', server: 'alpha', tool: 'echo', arguments: { message: 'x' }, depends_on: ['nope'] }] } }));
    const view = structured(await client.callTool({ name: 'get_run', arguments: { run_id: started.run_id!, wait_ms: 10_000 } }));
    expect(view.status).toBe('failed');
    expect(view.status_message).toMatch(/^The plan was not run: 1 problem/);
  });

  it('get_run and cancel_run of a working run keep its finished results within maxResultBytes and maxResponseBytes', async () => {
    const limits = { maxResultBytes: 4096, maxResponseBytes: 8192 };
    const instance = await startInMemory({ alpha: toolServer() }, { parallelMcp: limits });
    running.push(instance);
    const { client } = instance;
    const echo = (fill: string, size: number) => ({ server: 'alpha', tool: 'echo', arguments: { message: fill.repeat(size) } });
    const started = structured(
      await client.callTool({
        name: 'call_tools_parallel',
        arguments: { background: true, calls: [echo('a', 5000), echo('b', 3500), echo('c', 3500), echo('d', 10), { server: 'alpha', tool: 'hang' }] },
      }),
    );
    let got: object = {};
    await expect
      .poll(async () => {
        got = await client.callTool({ name: 'get_run', arguments: { run_id: started.run_id! } });
        return (structured(got).progress as { done: number }).done;
      })
      .toBe(4);
    const bytes = (response: object) => Buffer.byteLength(JSON.stringify(response));
    const check = (response: object) => {
      const view = structured(response);
      expect(view.status).toBe('working');
      const steps = view.steps as Array<{ id: string; status: string; result?: unknown; error?: { code: string; message: string } }>;
      expect(steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'running']);
      expect(steps[0]?.error?.message).toMatch(/^the tool succeeded, but its result is 4\.9 KiB \(5045 bytes\), over the per-result limit of 4\.0 KiB/);
      // b and c do not both fit: the later of the two equal ones is left out.
      expect(steps[1]?.result).toBeDefined();
      expect(steps[2]?.error?.message).toMatch(/over the limit of 8\.0 KiB \(8192 bytes\) \(parallelMcp\.maxResponseBytes\)/);
      expect(steps[3]?.result).toEqual({ content: [{ type: 'text', text: `Echo: ${'d'.repeat(10)}` }] });
      expect(bytes(response)).toBeLessThanOrEqual(limits.maxResponseBytes);
      expect(text(response)).toContain('- 0 [ok] alpha/echo: result_too_large: ');
    };
    check(got);
    const cancelled = await client.callTool({ name: 'cancel_run', arguments: { run_id: started.run_id! } });
    expect(bytes(cancelled)).toBeLessThanOrEqual(limits.maxResponseBytes);
    const ended = await client.callTool({ name: 'get_run', arguments: { run_id: started.run_id!, wait_ms: 10_000 } });
    expect(structured(ended).status).toBe('cancelled');
    expect(bytes(ended)).toBeLessThanOrEqual(limits.maxResponseBytes);
  });
});
