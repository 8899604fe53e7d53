/**
 * The one-call path of call_tools_parallel (tools/one-call.ts) writes the same bytes as the
 * general path it bypasses (runCallTools, resolveKnownTools, runSteps), through the whole
 * server: createServer on our stdio transport with the lean tools/call path, real downstream
 * McpServers over InMemoryTransport. Each request is sent to two servers, one with the direct
 * path and one with it turned off (oneToolCallOf answering undefined sends every input the
 * general way), one after the other; their lines are compared once run ids and measured times
 * are placeholders. Cases: ok, a tool error, a thrown error, an unknown tool and server, invalid
 * arguments, bad input (the schema's error), a timeout, progress, a cancelled call (nothing is
 * answered; get_run shows the same run) and the run's view through get_run. test/tools/one-call.test.ts
 * checks that the eligible cases do take the direct attempt.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as oneCall from '../../src/tools/one-call.js';
import { closeRawServers, normalizeLines as normalize, startRawServer, type Id, type RawServer } from '../helpers/raw-server.js';

/** Whether the next requests take the direct path (read when a run starts). */
let direct = true;
vi.mock('../../src/tools/one-call.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/tools/one-call.js')>();
  return { ...original, oneToolCallOf: vi.fn((input: Parameters<typeof original.oneToolCallOf>[0]) => (direct ? original.oneToolCallOf(input) : undefined)) };
});

const start = () => startRawServer({ lean: true });

afterEach(closeRawServers);

const call = (id: Id, args: unknown, extra: Record<string, unknown> = {}) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: args, ...extra } });

/** The exchange on the direct server, then on the general one. */
async function bothWays(directServer: RawServer, general: RawServer, message: Record<string, unknown>, id: Id) {
  direct = true;
  const a = await directServer.exchange(message, id);
  direct = false;
  const b = await general.exchange(message, id);
  direct = true;
  return { direct: normalize(a), general: normalize(b) };
}

describe('the one-call path through the whole server', () => {
  it('writes the same lines as the general path', async () => {
    const a = await start();
    const b = await start();
    const taken = vi.mocked(oneCall.oneToolCallOf);
    // The downstream server starts with the first call (the general way while it is not ready): after that, both ways.
    for (const server of [a, b]) await server.exchange(call('warm', { calls: [{ tool: 'echo', arguments: { message: 'warm' } }] }), 'warm');
    const cases: Array<[string, unknown, Record<string, unknown>?]> = [
      ['ok', { calls: [{ tool: 'echo', arguments: { message: 'hi' } }], max_concurrency: 1 }],
      ['a named server', { calls: [{ server: 'tools', tool: 'echo', arguments: { message: 'hi' } }] }],
      ['a server__tool name', { calls: [{ tool: 'tools__echo', arguments: { message: 'hi' } }] }],
      ['a tool error', { calls: [{ server: 'tools', tool: 'fails' }] }],
      ['a thrown error', { calls: [{ server: 'tools', tool: 'throws' }] }],
      ['an unknown tool', { calls: [{ server: 'tools', tool: 'nope' }] }],
      ['an unknown server', { calls: [{ server: 'gamma', tool: 'echo' }] }],
      ['invalid arguments', { calls: [{ server: 'tools', tool: 'echo', arguments: { message: 5 } }] }],
      ['bad input', { calls: [{ server: 'tools', tool: 'echo', timeout_ms: -1 }] }],
      ['a timeout', { calls: [{ server: 'tools', tool: 'hang', timeout_ms: 40 }] }],
      ['progress', { calls: [{ server: 'tools', tool: 'progress' }] }, { _meta: { progressToken: 'p' } }],
    ];
    let id = 0;
    for (const [name, args, extra] of cases) {
      id += 1;
      const before = taken.mock.calls.length;
      const { direct: x, general: y } = await bothWays(a, b, call(id, args, extra), id);
      expect(y, name).toEqual(x);
      if (name !== 'bad input') expect(taken.mock.calls.length, name).toBeGreaterThan(before);
    }
    // The progress case sent its notifications on both.
    expect(a.lines.filter((line) => line.includes('notifications/progress')).length).toBeGreaterThan(0);
    // The last run as get_run shows it.
    const runIdOf = (server: RawServer) => (JSON.parse(server.lines.at(-1)!) as { result: { structuredContent: { run_id: string } } }).result.structuredContent.run_id;
    const [viewA, viewB] = [await a.exchange({ jsonrpc: '2.0', id: 'g', method: 'tools/call', params: { name: 'get_run', arguments: { run_id: runIdOf(a) } } }, 'g'), await b.exchange({ jsonrpc: '2.0', id: 'g', method: 'tools/call', params: { name: 'get_run', arguments: { run_id: runIdOf(b) } } }, 'g')];
    expect(normalize(viewB)).toEqual(normalize(viewA));
  });

  it('answers nothing to a cancelled call and leaves the same cancelled run', async () => {
    const a = await start();
    const b = await start();
    for (const [server, way] of [[a, true], [b, false]] as const) {
      direct = way;
      server.write(call('c1', { calls: [{ server: 'tools', tool: 'hang' }] }));
      await vi.waitFor(() => expect(server.downstream.hangsStarted).toBe(1));
      server.write({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'c1', reason: 'enough' } });
      await server.downstream.hangAborted;
    }
    direct = true;
    const listed = async (server: RawServer) => {
      await vi.waitFor(async () => {
        const lines = await server.exchange({ jsonrpc: '2.0', id: 'l', method: 'tools/call', params: { name: 'list_runs', arguments: {} } }, 'l');
        expect(lines.at(-1)).toContain('cancelled');
      });
      return normalize((await server.exchange({ jsonrpc: '2.0', id: 'l2', method: 'tools/call', params: { name: 'list_runs', arguments: {} } }, 'l2')).slice(-1));
    };
    expect(await listed(b)).toEqual(await listed(a));
    for (const server of [a, b]) expect(server.lines.filter((line) => line.includes('"id":"c1"'))).toEqual([]);
  });
});
