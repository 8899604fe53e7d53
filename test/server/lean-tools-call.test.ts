/**
 * The lean tools/call path answers what the SDK's path answers: two parallel-mcp servers
 * (createServer, real downstream McpServers over InMemoryTransport) on our stdio transport,
 * one with installLeanToolsCall and one without, are sent the same lines; the lines each
 * writes are compared byte for byte, once run ids and measured times are replaced by
 * placeholders (the only parts that differ between two runs of the same call).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeRawServers, normalizeLines as normalize, startRawServer, type Id, type RawServer } from '../helpers/raw-server.js';

const start = (lean: boolean) => startRawServer({ lean });

afterEach(closeRawServers);

/** The same exchange on both servers; the normalized lines of each. */
async function both(sdk: RawServer, lean: RawServer, message: Record<string, unknown>, id: Id) {
  const [a, b] = await Promise.all([sdk.exchange(message, id), lean.exchange(message, id)]);
  return { sdk: normalize(a), lean: normalize(b) };
}

const call = (id: Id, name: string, args?: unknown, extra: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, ...(args === undefined ? {} : { arguments: args }), ...extra },
});

describe('the lean tools/call path', () => {
  it('answers the same bytes as the SDK path for the run tools, valid and invalid inputs alike (property)', async () => {
    const sdk = await start(false);
    const lean = await start(true);
    const callArb = fc.oneof(
      fc.record({ tool: fc.constant('echo'), arguments: fc.record({ message: fc.string({ maxLength: 8 }) }) }),
      fc.record({ server: fc.constant('tools'), tool: fc.constant('add'), arguments: fc.record({ a: fc.integer(), b: fc.oneof(fc.integer(), fc.constant('two')) }) }),
      fc.constantFrom<Record<string, unknown>>(
        { tool: 'fails' },
        { tool: 'throws' },
        { tool: 'nope' },
        { server: 'ghost', tool: 'echo' },
        { tool: 5 },
        { tool: 'echo', unknown_key: 1 },
        { tool: 'echo', timeout_ms: -1 },
        { tool: 'echo', arguments: { message: 'x' }, estimated_ms: 3 },
        {},
        { server: 'tools' },
        { tool: 'tools__echo', arguments: { message: 'routed' } },
      ),
    );
    const stepArb = fc.record({
      id: fc.constantFrom('a', 'b', 'c', ''),
      tool: fc.constantFrom('echo', 'add', 'fails', 'nope'),
      arguments: fc.constantFrom({ message: 'hi' }, { message: '{{a}}' }, { a: 1, b: 2 }, { message: '{{zz.x}}' }),
      depends_on: fc.option(fc.constantFrom(['a'], ['b'], ['c'], ['a', 'b']), { nil: undefined }),
    });
    const argsArb = fc.oneof(
      fc.record(
        {
          calls: fc.array(callArb, { maxLength: 3 }),
          max_concurrency: fc.constantFrom(1, 4, 0, 2000, 1.5),
          fail_fast: fc.boolean(),
          retries: fc.constantFrom(0, 1, 11),
          extra_key: fc.constant(true),
        },
        { requiredKeys: ['calls'] },
      ).map((args) => ({ name: 'call_tools_parallel', args: args as unknown })),
      fc.record({ steps: fc.array(stepArb, { maxLength: 3 }), failure_mode: fc.constantFrom('continue', 'fail_fast', 'bogus') }, { requiredKeys: ['steps'] }).map((args) => ({ name: 'run_plan', args: args as unknown })),
      fc.constantFrom(
        { name: 'call_tools_parallel', args: undefined },
        { name: 'call_tools_parallel', args: { calls: 'not an array' } },
        { name: 'resume_run', args: { run_id: 'no-such-run' } },
        { name: 'resume_run', args: {} },
        { name: 'run_plan', args: { steps: [{ id: 'a', tool: 'echo', arguments: { message: '{{a}}' } }] } },
      ),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(argsArb, fc.boolean(), async ({ name, args }, withToken) => {
        n += 1;
        const id = n % 2 === 0 ? n : `s-${n}`;
        const message = call(id, name, args, withToken ? { _meta: { progressToken: `p-${n}` } } : {});
        const { sdk: a, lean: b } = await both(sdk, lean, message, id);
        expect(b).toEqual(a);
      }),
      { numRuns: 60 },
    );
  });

  it('sends the same progress notifications before the same answer', async () => {
    const sdk = await start(false);
    const lean = await start(true);
    const args = { calls: [{ tool: 'echo', arguments: { message: 'a' } }, { tool: 'progress' }, { tool: 'fails' }], max_concurrency: 1 };
    const { sdk: a, lean: b } = await both(sdk, lean, call(7, 'call_tools_parallel', args, { _meta: { progressToken: 7 } }), 7);
    expect(a.filter((line) => line.includes('notifications/progress'))).toHaveLength(3);
    expect(b).toEqual(a);
    const plan = { steps: [{ id: 'a', tool: 'echo', arguments: { message: 'x' } }, { id: 'b', tool: 'echo', arguments: { message: '{{a}}' } }] };
    const second = await both(sdk, lean, call('p', 'run_plan', plan, { _meta: { progressToken: 'tok' } }), 'p');
    expect(second.lean).toEqual(second.sdk);
  });

  it('resumes a run the same way (resume_run with the run_id each server gave)', async () => {
    const sdk = await start(false);
    const lean = await start(true);
    const plan = { steps: [{ id: 'a', tool: 'echo', arguments: { message: 'x' } }, { id: 'b', tool: 'fails', depends_on: ['a'] }, { id: 'c', tool: 'echo', arguments: { message: '{{b}}' } }] };
    const first = await both(sdk, lean, call(1, 'run_plan', plan), 1);
    expect(first.lean).toEqual(first.sdk);
    const runIdOf = (server: RawServer) => (JSON.parse(server.lines.at(-1)!) as { result: { structuredContent: { run_id: string } } }).result.structuredContent.run_id;
    const [a, b] = await Promise.all([
      sdk.exchange(call(2, 'resume_run', { run_id: runIdOf(sdk) }), 2),
      lean.exchange(call(2, 'resume_run', { run_id: runIdOf(lean) }), 2),
    ]);
    expect(a.at(-1)).toContain('resumed_from');
    expect(normalize(b)).toEqual(normalize(a));
  });

  it('gives what falls through (task-augmented calls, other params or _meta, other tools and methods) to the SDK, with the same answers', async () => {
    const sdk = await start(false);
    const lean = await start(true);
    const echo = { calls: [{ tool: 'echo', arguments: { message: 'x' } }] };
    const messages: Array<[Record<string, unknown>, Id]> = [
      [call(1, 'call_tools_parallel', echo, { task: { ttl: 60000 } }), 1],
      [call(2, 'call_tools_parallel', echo, { _meta: { progressToken: 1, other: true } }), 2],
      [call(3, 'call_tools_parallel', echo, { extra: 1 }), 3],
      [call(4, 'call_tools_parallel', []), 4],
      [call(5, 'call_tools_parallel', echo, { _meta: { progressToken: 'x', 'io.modelcontextprotocol/related-task': { taskId: 'nope' } } }), 5],
      [call(12, 'call_tools_parallel', 'text'), 12],
      [call(6, 'list_tools', {}), 6],
      [call(7, 'no_such_tool', {}), 7],
      [{ jsonrpc: '2.0', id: 8, method: 'tools/list' }, 8],
      [{ jsonrpc: '2.0', id: 9, method: 'tools/call' }, 9],
      [{ jsonrpc: '2.0', id: 10, method: 'ping' }, 10],
    ];
    for (const [message, id] of messages) {
      const { sdk: a, lean: b } = await both(sdk, lean, message, id);
      expect(b, JSON.stringify(message)).toEqual(a);
    }
    // The task created by the first call, followed to its result.
    const taskId = (JSON.parse(sdk.lines.find((line) => line.includes('"id":1'))!) as { result: { task: { taskId: string } } }).result.task.taskId;
    const leanTaskId = (JSON.parse(lean.lines.find((line) => line.includes('"id":1'))!) as { result: { task: { taskId: string } } }).result.task.taskId;
    const [a, b] = await Promise.all([
      sdk.exchange({ jsonrpc: '2.0', id: 11, method: 'tasks/result', params: { taskId } }, 11),
      lean.exchange({ jsonrpc: '2.0', id: 11, method: 'tasks/result', params: { taskId: leanTaskId } }, 11),
    ]);
    expect(normalize(b.filter((line) => line.includes('"id":11')))).toEqual(normalize(a.filter((line) => line.includes('"id":11'))));
  });

  it('answers nothing to a cancelled call and cancels its run, as the SDK path does', async () => {
    const sdk = await start(false);
    const lean = await start(true);
    for (const server of [sdk, lean]) {
      server.write(call('c1', 'call_tools_parallel', { calls: [{ tool: 'hang' }, { tool: 'echo', arguments: { message: 'x' } }] }));
      await vi.waitFor(() => expect(server.downstream.hangsStarted).toBe(1));
      server.write({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'c1', reason: 'enough' } });
      await server.downstream.hangAborted;
    }
    // list_runs once the runs have ended: the same cancelled run on both, and no answer to c1.
    const listed = async (server: RawServer) => {
      await vi.waitFor(async () => {
        const lines = await server.exchange(call('l', 'list_runs', {}), 'l');
        expect(lines.at(-1)).toContain('cancelled');
      });
      return normalize((await server.exchange(call('l2', 'list_runs', {}), 'l2')).slice(-1));
    };
    expect(await listed(lean)).toEqual(await listed(sdk));
    for (const server of [sdk, lean]) expect(server.lines.filter((line) => line.includes('"id":"c1"'))).toEqual([]);
  });

  it('ignores a cancellation of request id 0, as the SDK does (its handler skips a falsy requestId)', async () => {
    const sdk = await start(false);
    const lean = await start(true);
    const answers = await Promise.all(
      [sdk, lean].map(async (server) => {
        const answered = server.exchange(call(0, 'call_tools_parallel', { calls: [{ tool: 'hang', timeout_ms: 60000 }] }), 0);
        await vi.waitFor(() => expect(server.downstream.hangsStarted).toBe(1));
        server.write({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 0 } });
        await server.exchange({ jsonrpc: '2.0', id: 'ping', method: 'ping' }, 'ping');
        server.downstream.release();
        return normalize((await answered).filter((line) => line.includes('"id":0')));
      }),
    );
    expect(answers[0]).toHaveLength(1);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('cancels the calls in flight when the transport closes', async () => {
    const lean = await start(true);
    lean.write(call('h', 'call_tools_parallel', { calls: [{ tool: 'hang' }] }));
    await vi.waitFor(() => expect(lean.downstream.hangsStarted).toBe(1));
    await lean.closeServer();
    await expect(lean.downstream.hangAborted).resolves.toBe('hang');
    expect(lean.lines.filter((line) => line.includes('"id":"h"'))).toEqual([]);
  });
});
