/**
 * The one-call path of call_tools_parallel (tools/one-call.ts) answers what the general path
 * (runCallTools, through callToolsParallel) answers for the same one-call input: each case
 * runs both ways on the same real pool (real McpServers over InMemoryTransport) and compares
 * results, summary, the events the run registry sees and the progress sent, as JSON text (key
 * order included), times replaced by "T". Eligible cases must take the direct attempt
 * (startOneToolStep); the others must go through runSteps as before.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import type { LateAnswer } from '../../src/engine/outcome.js';
import type { SchedulerEvent } from '../../src/engine/scheduler.js';
import * as oneToolStep from '../../src/execution/one-tool-step.js';
import { silentLogger } from '../../src/log.js';
import { RunStop } from '../../src/runs/run-stop.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { callToolsParallel, CallToolsParallelInputSchema, type CallInput, type CallToolsParallelOptions } from '../../src/tools/call-tools-parallel.js';
import { oneToolCallOf, runOneCall } from '../../src/tools/one-call.js';
import { serverConfig, toolServer, type Downstream } from '../downstream/in-memory-servers.js';

vi.mock('../../src/execution/one-tool-step.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/execution/one-tool-step.js')>();
  return { ...original, startOneToolStep: vi.fn(original.startOneToolStep) };
});

const TIMES = new Set(['started_ms', 'ended_ms', 'duration_ms', 'at_ms', 'makespan_ms', 'after_ms', 'wall_ms', 'sum_ms', 'speedup']);

/** Times as "T"; wait_ms left out (present when sending took 1 ms or more, which load decides). */
function normalized(value: unknown): string {
  return JSON.stringify(value, (key, field: unknown) => (key === 'wait_ms' ? undefined : TIMES.has(key) && typeof field === 'number' ? 'T' : field));
}

let pool: DownstreamPool;
let alpha: Downstream;

function depsOf(durations: DurationStats): ServerDeps {
  const config = parseConfig({ mcpServers: { alpha: { command: 'none', timeoutMs: 4000 }, capped: { command: 'none', maxConcurrency: 1 } } }, { path: 'one-call.json', env: {} });
  return { pool, config, log: silentLogger, env: {}, durations };
}

beforeEach(async () => {
  alpha = toolServer();
  const capped = toolServer();
  pool = new DownstreamPool([serverConfig('alpha', { cancelGraceMs: 20 }), serverConfig('capped', { maxConcurrency: 1 })], {
    log: silentLogger,
    transportFactory: (server) => (server.name === 'alpha' ? alpha : capped).transport(),
  });
  await pool.startAll();
  vi.mocked(oneToolStep.startOneToolStep).mockClear();
});

afterEach(async () => {
  await pool.close();
});

interface Way {
  answer: unknown;
  events: SchedulerEvent[];
  progress: string[];
  learned: boolean;
}

type Stop = (stop: RunStop) => void;

async function oneWay(direct: boolean, input: CallInput, withProgress: boolean, stop?: Stop, stopFirst = false): Promise<Way> {
  const events: SchedulerEvent[] = [];
  const progress: string[] = [];
  const durations = new DurationStats();
  const deps = depsOf(durations);
  const run = new RunStop();
  if (stopFirst) run.abort(new Error('stop'));
  const options: CallToolsParallelOptions = { signal: run.signal, onEvent: (event) => events.push(event) };
  if (withProgress) options.progress = (done, total, message) => progress.push(`${done}/${total} ${message}`);
  const call = oneToolCallOf(input);
  if (!call) throw new Error('Expected a one-call input');
  const running = direct ? runOneCall(deps, pool, input, call, options, (results, summary) => ({ results, summary })) : callToolsParallel(deps, input, options);
  stop?.(run);
  const answer = await running;
  return { answer, events, progress, learned: durations.estimate('alpha/echo') !== undefined };
}

async function bothWays(args: Record<string, unknown>, { withProgress = false, stop, stopFirst = false }: { withProgress?: boolean; stop?: Stop; stopFirst?: boolean } = {}) {
  const input = CallToolsParallelInputSchema.parse(args) as CallInput;
  const before = vi.mocked(oneToolStep.startOneToolStep).mock.calls.length;
  const direct = await oneWay(true, input, withProgress, stop, stopFirst);
  const took = vi.mocked(oneToolStep.startOneToolStep).mock.calls.length > before;
  const general = await oneWay(false, input, withProgress, stop, stopFirst);
  expect(normalized(direct.answer)).toBe(normalized(general.answer));
  expect(normalized(direct.events)).toBe(normalized(general.events));
  expect(direct.progress).toEqual(general.progress);
  expect(direct.learned).toBe(general.learned);
  return { direct, took };
}

const codeOf = (way: Way) => {
  const result = (way.answer as { results: Array<{ ok: boolean; error?: { code: string } }> }).results[0]!;
  return result.ok ? 'ok' : result.error!.code;
};

describe('call_tools_parallel of one call: the direct path answers as the general one', () => {
  const direct: Array<[string, Record<string, unknown>, string]> = [
    ['an echo', { calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'hi' } }] }, 'ok'],
    ['a server__tool name', { calls: [{ tool: 'alpha__echo', arguments: { message: 'hi' } }], max_concurrency: 1 }, 'ok'],
    ['a bare tool name two servers have', { calls: [{ tool: 'add', arguments: { a: 1, b: 2 } }] }, 'ambiguous_tool'],
    ['a tool error (isError)', { calls: [{ server: 'alpha', tool: 'fails' }] }, 'tool_error'],
    ['a tool that throws', { calls: [{ server: 'alpha', tool: 'throws' }] }, 'tool_error'],
    ['an unknown tool', { calls: [{ server: 'alpha', tool: 'nope' }] }, 'unknown_tool'],
    ['an unknown server', { calls: [{ server: 'gamma', tool: 'echo' }] }, 'unknown_server'],
    ['invalid arguments', { calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 5 } }] }, 'invalid_arguments'],
    ['a timeout of the call', { calls: [{ server: 'alpha', tool: 'hang', timeout_ms: 30 }] }, 'timeout'],
    ['a timeout of the batch', { calls: [{ server: 'alpha', tool: 'hang' }], timeout_ms: 30 }, 'timeout'],
    ['progress resets', { calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'p' }, reset_timeout_on_progress: true, max_total_timeout_ms: 1000 }] }, 'ok'],
  ];
  for (const [name, args, code] of direct) {
    it(name, async () => {
      const { direct: way, took } = await bothWays(args);
      expect(took).toBe(true);
      expect(codeOf(way)).toBe(code);
    });
  }

  it('with progress (a progressToken): the same progress', async () => {
    const { direct: way, took } = await bothWays({ calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'hi' } }] }, { withProgress: true });
    expect(took).toBe(true);
    expect(way.progress).toEqual(['1/1 1/1 calls done']);
  });

  it('a call cancelled in flight', async () => {
    const { direct: way, took } = await bothWays({ calls: [{ server: 'alpha', tool: 'hang' }] }, { stop: (run) => setTimeout(() => run.abort(new Error('stop')), 20) });
    expect(took).toBe(true);
    expect(codeOf(way)).toBe('cancelled');
  });

  it('a run cancelled before it started', async () => {
    const { direct: way, took } = await bothWays({ calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }] }, { stopFirst: true });
    expect(took).toBe(true);
    expect(codeOf(way)).toBe('cancelled');
    expect(way.events.map((event) => event.type)).toEqual(['finished']);
  });

  it('puts a late answer told while the run goes on on a record that is not ok, and none after the run', async () => {
    const actual = await vi.importActual<typeof import('../../src/execution/one-tool-step.js')>('../../src/execution/one-tool-step.js');
    const late: LateAnswer = { ok: true, result: { content: [{ type: 'text', text: 'late' }] }, after_ms: 5 };
    const tellLate = (when: 'before' | 'after') =>
      vi.mocked(oneToolStep.startOneToolStep).mockImplementationOnce((onPool, step, options, done) =>
        actual.startOneToolStep(onPool, step, options, (record, makespanMs) => {
          // Called on its own, as a callback may be.
          if (when === 'before') (0, options.onLateAnswer)(late);
          done(record, makespanMs);
          if (when === 'after') options.onLateAnswer({ ...late, after_ms: 99 });
        }),
      );
    const resultOf = async (args: Record<string, unknown>) => {
      const input = CallToolsParallelInputSchema.parse(args) as CallInput;
      const { results } = await runOneCall(depsOf(new DurationStats()), pool, input, oneToolCallOf(input)!, {}, (r, summary) => ({ results: r, summary }));
      return results[0]!;
    };
    tellLate('before');
    expect((await resultOf({ calls: [{ server: 'alpha', tool: 'hang', timeout_ms: 30 }] })).late).toEqual(late);
    tellLate('before');
    expect((await resultOf({ calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }] })).late).toBeUndefined();
    tellLate('after');
    expect((await resultOf({ calls: [{ server: 'alpha', tool: 'hang', timeout_ms: 30 }] })).late).toBeUndefined();
  });

  it('learns the duration of a call that succeeded', async () => {
    const { direct: way } = await bothWays({ calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }] });
    expect(way.learned).toBe(true);
  });

  const general: Array<[string, Record<string, unknown>]> = [
    ['retries', { calls: [{ server: 'alpha', tool: 'fails' }], retries: 1 }],
    ['fail_fast', { calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }], fail_fast: true }],
    ['a capped server', { calls: [{ server: 'capped', tool: 'echo', arguments: { message: 'x' } }] }],
    ['a reference in its arguments', { calls: [{ server: 'alpha', tool: 'echo', arguments: { message: '{{x}}' } }] }],
  ];
  for (const [name, args] of general) {
    it(`leaves ${name} to runSteps, with the same answer`, async () => {
      const { took } = await bothWays(args);
      expect(took).toBe(false);
    });
  }

  it('takes only one tool call without a prompt', () => {
    expect(oneToolCallOf({ calls: [{ tool: 'echo' }] } as CallInput)).toBeDefined();
    expect(oneToolCallOf({ calls: [{ tool: 'echo' }, { tool: 'echo' }] } as CallInput)).toBeUndefined();
    expect(oneToolCallOf({ calls: [{ prompt: 'hi' }] } as CallInput)).toBeUndefined();
    expect(oneToolCallOf({ calls: [{ tool: 'echo', prompt: 'hi' }] } as CallInput)).toBeUndefined();
  });
});
