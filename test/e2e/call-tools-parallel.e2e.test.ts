/**
 * End to end: the built CLI over stdio, the real SDK client, the real reference servers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT, allOverlap, childPids, isAlive, referenceServer, startCli, waitFor, writeTempConfig, type CliSession } from '../helpers/cli-client.js';

interface CallResult {
  index: number;
  server: string;
  tool: string;
  ok: boolean;
  result?: { content?: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown> };
  error?: { code: string; message: string };
  started_ms: number;
  duration_ms: number;
}
interface Batch {
  results: CallResult[];
  summary: { total: number; succeeded: number; failed: number; cancelled: number; wall_ms: number; sum_ms: number; speedup: number };
}

const sessions: CliSession[] = [];
async function start(args: string[], env?: Record<string, string>): Promise<CliSession> {
  const session = await startCli({ args, ...(env ? { env } : {}) });
  sessions.push(session);
  return session;
}
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close().catch(() => {})));
});

async function callBatch(session: CliSession, args: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<Batch> {
  const response = await session.client.callTool({ name: 'call_tools_parallel', arguments: args }, undefined, {
    timeout: 60_000,
    ...(options?.signal ? { signal: options.signal } : {}),
  });
  return response.structuredContent as unknown as Batch;
}

function textOf(result: CallResult['result']): string {
  return (result?.content ?? []).map((c) => c.text ?? '').join('\n');
}

describe('parallel-mcp over stdio with the default mcp.json', () => {
  it('lists its tools', async () => {
    const session = await start(['--config', 'mcp.json']);
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['analyze_dependencies', 'call_tools_parallel', 'cancel_run', 'get_run', 'list_runs', 'list_tools', 'resume_run', 'run_plan']);
    const batch = tools.find((t) => t.name === 'call_tools_parallel')!;
    expect(batch.outputSchema).toBeDefined();
  });

  it('runs 20 slow calls concurrently and keeps each failure to its own call, in input order', async () => {
    const session = await start(['--config', 'mcp.json']);
    const slow = Array.from({ length: 20 }, () => ({
      server: 'everything',
      tool: 'trigger-long-running-operation',
      arguments: { duration: 0.25, steps: 1 },
    }));
    const batch = await callBatch(session, {
      max_concurrency: 32,
      calls: [
        ...slow.slice(0, 10),
        { server: 'nowhere', tool: 'echo', arguments: { message: 'x' } },
        { server: 'everything', tool: 'no-such-tool' },
        { server: 'everything', tool: 'echo', arguments: { message: 42 } },
        { tool: 'everything__echo', arguments: { message: 'hello' } },
        ...slow.slice(10),
      ],
    });

    expect(batch.results.map((r) => r.index)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(batch.results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual([
      ...Array(10).fill('ok'),
      'unknown_server',
      'unknown_tool',
      'invalid_arguments',
      'ok',
      ...Array(10).fill('ok'),
    ]);
    expect(batch.results[10]!.error!.message).toContain('nowhere');
    expect(batch.results[12]!.error!.message).toMatch(/message/);
    expect(textOf(batch.results[13]!.result)).toContain('hello');
    expect(batch.summary).toMatchObject({ total: 24, succeeded: 21, failed: 3 });

    const slowResults = batch.results.filter((r) => r.tool === 'trigger-long-running-operation');
    expect(slowResults).toHaveLength(20);
    for (const r of slowResults) expect(textOf(r.result)).toContain('Long running operation completed');
    // Concurrency from the intervals: at one instant all 20 were in flight.
    expect(allOverlap(slowResults.map((r) => ({ start: r.started_ms, end: r.started_ms + r.duration_ms })))).toBe(true);
  });
});

describe('parallel-mcp with server-memory capped at one call at a time', () => {
  it('stores all 64 entities written by 64 concurrent create_entities calls', async () => {
    const { path } = writeTempConfig((dir) => ({
      mcpServers: {
        memory: {
          command: process.execPath,
          args: [referenceServer('memory')],
          env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') },
          maxConcurrency: 1,
        },
      },
    }));
    const session = await start(['--config', path]);
    const calls = Array.from({ length: 64 }, (_, i) => ({
      server: 'memory',
      tool: 'create_entities',
      arguments: { entities: [{ name: `entity-${i}`, entityType: 'test', observations: [`number ${i}`] }] },
    }));
    const batch = await callBatch(session, { calls, max_concurrency: 64 });
    expect(batch.summary).toMatchObject({ total: 64, succeeded: 64, failed: 0 });

    const graph = await callBatch(session, { calls: [{ server: 'memory', tool: 'read_graph' }] });
    const stored = graph.results[0]!.result!.structuredContent as { entities: Array<{ name: string }> } | undefined;
    const names = stored ? stored.entities.map((e) => e.name) : JSON.parse(textOf(graph.results[0]!.result)).entities.map((e: { name: string }) => e.name);
    expect(names.sort()).toEqual(calls.map((_, i) => `entity-${i}`).sort());
  });
});

describe('parallel-mcp when things go wrong', () => {
  const everythingAndMemory = () => {
    return writeTempConfig((dir) => ({
      mcpServers: {
        everything: { command: process.execPath, args: [referenceServer('everything'), 'stdio'] },
        memory: { command: process.execPath, args: [referenceServer('memory')], env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') } },
      },
    })).path;
  };

  it('fails the calls of a downstream killed mid-batch with transport_error, and restarts it on the next call', async () => {
    const session = await start(['--config', everythingAndMemory()]);
    // list_tools connects every server: both children are up and initialized.
    await session.client.callTool({ name: 'list_tools', arguments: {} });
    const before = new Set(childPids(session.pid));
    const slow = Array.from({ length: 5 }, () => ({ server: 'everything', tool: 'trigger-long-running-operation', arguments: { duration: 3, steps: 1 } }));
    const fast = Array.from({ length: 3 }, (_, i) => ({ server: 'memory', tool: 'search_nodes', arguments: { query: `q${i}` } }));
    const pending = callBatch(session, { calls: [...slow, ...fast] });

    // Find everything's process: the child whose command line names server-everything.
    const { readFileSync } = await import('node:fs');
    const everythingPid = await waitFor(() =>
      [...before].find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server-everything')),
    );
    await new Promise((r) => setTimeout(r, 300)); // let the slow calls reach it
    process.kill(everythingPid, 'SIGKILL');

    const batch = await pending;
    expect(batch.results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual([...Array(5).fill('transport_error'), 'ok', 'ok', 'ok']);
    expect(batch.results[0]!.error!.message).toMatch(/SIGKILL|exit/i);
    for (const r of batch.results.slice(0, 5)) expect(r.duration_ms).toBeLessThan(3000);

    const again = await callBatch(session, { calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'back' } }] });
    expect(again.results[0]).toMatchObject({ ok: true });
    expect(textOf(again.results[0]!.result)).toContain('back');
  });

  it('returns every result as cancelled, promptly, when the client cancels mid-batch', async () => {
    const session = await start(['--config', everythingAndMemory()]);
    const controller = new AbortController();
    const calls = Array.from({ length: 6 }, () => ({ server: 'everything', tool: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } }));
    const pending = callBatch(session, { calls }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 800));
    controller.abort('user pressed stop');
    await expect(pending).rejects.toThrow();
    // The server logs the batch it ended: all six cancelled, long before the 5 s operations end.
    const line = await waitFor(() => session.stderr().split('\n').find((l) => l.includes('call_tools_parallel done')), 4000);
    expect(line).toMatch(/0\/6 ok, 6 cancelled/);
    const ms = Number(/in (\d+(?:\.\d+)?) ms/.exec(line)![1]);
    expect(ms).toBeLessThan(5000);
    // And the server still serves.
    const after = await callBatch(session, { calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'still here' } }] });
    expect(after.summary.succeeded).toBe(1);
  });

  it('fails a call to a server that never finishes starting at the call timeout, not the 30 s start timeout', async () => {
    const config = writeTempConfig(() => ({
      mcpServers: {
        silent: { command: process.execPath, args: [join(REPO_ROOT, 'test/fixtures/servers/silent-server.mjs')] },
        everything: { command: process.execPath, args: [referenceServer('everything'), 'stdio'] },
      },
    })).path;
    const session = await start(['--config', config]);
    const children = () => childPids(session.pid);
    try {
      const started = Date.now();
      const batch = await callBatch(session, {
        calls: [
          { server: 'silent', tool: 'anything', timeout_ms: 400 },
          { server: 'everything', tool: 'echo', arguments: { message: 'not held up' } },
        ],
      });
      // The failure mode is a hang until the 30 s start timeout; 10 s leaves room for a slow machine.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(batch.results[0]).toMatchObject({ ok: false, error: { code: 'timeout' } });
      expect(batch.results[0]!.error!.message).toContain('did not start within');
      expect(batch.results[1]).toMatchObject({ ok: true });
    } finally {
      for (const pid of children()) process.kill(pid, 'SIGKILL');
    }
  });

  it('reports a server that never answers initialize when its start limit passes, not after ending its process', async () => {
    // The silent server ignores stdin closing, so ending it takes SIGTERM after 2 s: the failure
    // must not wait for that. With startTimeoutMs 600 and a 2,000 ms call timeout, waiting would
    // report the call as a timeout (600 + 2,000 ms) instead of server_unavailable.
    const config = writeTempConfig(() => ({
      mcpServers: { silent: { command: process.execPath, args: [join(REPO_ROOT, 'test/fixtures/servers/silent-server.mjs')], startTimeoutMs: 600 } },
    })).path;
    const session = await start(['--config', config]);
    const seen = new Set<number>();
    const children = () => {
      for (const pid of childPids(session.pid)) seen.add(pid);
      return [...seen];
    };
    const watch = setInterval(children, 50);
    try {
      const batch = await callBatch(session, { calls: [{ server: 'silent', tool: 'anything', timeout_ms: 2000 }] });
      expect(batch.results[0]).toMatchObject({ ok: false, error: { code: 'server_unavailable' } });
      expect(batch.results[0]!.error!.message).toContain('within 600 ms');
      // The process it gave up on still ends: no orphan.
      expect(children().length).toBeGreaterThan(0);
      await waitFor(() => children().every((pid) => !isAlive(pid)), 10_000);
    } finally {
      clearInterval(watch);
      for (const pid of children()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('kills a server that is still starting (and ignores stdin closing) when the client goes away', async () => {
    const config = writeTempConfig(() => ({
      mcpServers: { silent: { command: process.execPath, args: [join(REPO_ROOT, 'test/fixtures/servers/silent-server.mjs')] } },
    })).path;
    const session = await start(['--config', config]);
    void session.client
      .callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'silent', tool: 'anything', timeout_ms: 300 }] } })
      .catch(() => undefined);
    const [child] = await waitFor(() => {
      const pids = childPids(session.pid);
      return pids.length === 1 ? pids : undefined;
    });
    await new Promise((r) => setTimeout(r, 800)); // the call has timed out; the start goes on
    await session.client.close();
    try {
      await waitFor(() => !isAlive(session.pid) && !isAlive(child!), 10_000);
    } finally {
      if (isAlive(child!)) process.kill(child!, 'SIGKILL'); // a failed run leaves no orphan
    }
    expect(isAlive(child!)).toBe(false);
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGKILL'] as const)('leaves no child process behind when it gets %s', async (signal) => {
    const session = await start(['--config', everythingAndMemory(), '--eager']);
    const children = await waitFor(() => {
      const pids = childPids(session.pid);
      return pids.length === 2 ? pids : undefined;
    });
    process.kill(session.pid, signal);
    await waitFor(() => !isAlive(session.pid) && children.every((pid) => !isAlive(pid)), 10_000);
    expect(children.filter(isAlive)).toEqual([]);
  });
});
