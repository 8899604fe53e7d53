import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import * as z from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { DownstreamPool, type PoolOptions, type ResolvedTool } from '../../src/downstream/pool.js';
import type { CallError } from '../../src/engine/outcome.js';
import { silentLogger } from '../../src/log.js';
import { Downstream, buildToolServer, maxOverlap, serverConfig, toolServer } from './in-memory-servers.js';

const EMPTY_SCHEMA = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: {} };
const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function makePool(servers: Record<string, { downstream: Downstream; config?: Partial<ServerConfig> }>, options: Partial<PoolOptions> = {}): DownstreamPool {
  const pool = new DownstreamPool(
    Object.entries(servers).map(([name, s]) => serverConfig(name, s.config)),
    {
      log: silentLogger,
      transportFactory: (server) => {
        const entry = servers[server.name];
        if (!entry) throw new Error(`no fixture for ${server.name}`);
        return entry.downstream.transport();
      },
      ...options,
    },
  );
  pools.push(pool);
  return pool;
}

async function resolved(pool: DownstreamPool, server: string | undefined, tool: string): Promise<ResolvedTool> {
  const result = await pool.resolveTool(server, tool);
  if ('code' in result) throw new Error(`expected a resolved tool, got ${JSON.stringify(result)}`);
  return result;
}

function isCallError(value: ResolvedTool | CallError): value is CallError {
  return 'code' in value;
}

describe('DownstreamPool over InMemoryTransport', () => {
  it('returns the tool result when a call succeeds', async () => {
    const pool = makePool({ tools: { downstream: toolServer() } });
    const add = await resolved(pool, 'tools', 'add');
    expect(await pool.callTool(add, { a: 2, b: 3 })).toEqual({
      ok: true,
      result: { content: [{ type: 'text', text: '5' }], structuredContent: { sum: 5 } },
    });
  });

  it('returns tool_error with the message when the downstream handler throws', async () => {
    const pool = makePool({ tools: { downstream: toolServer() } });
    const outcome = await pool.callTool(await resolved(pool, 'tools', 'throws'), {});
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'tool_error',
        message: 'the database is on fire',
        details: { content: [{ type: 'text', text: 'the database is on fire' }], isError: true },
      },
    });
  });

  it('returns tool_error with the first text and the whole result when the downstream returns isError', async () => {
    const pool = makePool({ tools: { downstream: toolServer() } });
    expect(await pool.callTool(await resolved(pool, 'tools', 'fails'), {})).toEqual({
      ok: false,
      error: { code: 'tool_error', message: 'quota exceeded', details: { content: [{ type: 'text', text: 'quota exceeded' }], isError: true } },
    });
  });

  it('returns timeout at the timeout and cancels the downstream request once the grace has passed', async () => {
    const downstream = toolServer();
    const pool = makePool({ tools: { downstream, config: { cancelGraceMs: 150 } } });
    const sent = performance.now();
    const outcome = await pool.callTool(await resolved(pool, 'tools', 'hang'), {}, { timeoutMs: 100 });
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'timeout', message: 'tools.hang gave no result within 100 ms; the downstream request is cancelled unless it answers within 150 ms more' },
    });
    expect(await downstream.hangAborted).toBe('hang');
    // Not before timeout + grace: until then the server may still answer (a late answer).
    expect(performance.now() - sent).toBeGreaterThanOrEqual(250);
  });

  it('uses the server timeoutMs from the config when the call gives none', async () => {
    const downstream = toolServer();
    const pool = makePool({ tools: { downstream, config: { timeoutMs: 50, cancelGraceMs: 0 } } });
    const outcome = await pool.callTool(await resolved(pool, 'tools', 'hang'), {});
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'timeout', message: 'tools.hang gave no result within 50 ms; the downstream request is cancelled unless it answers within 0 ms more' },
    });
  });

  it('returns cancelled and cancels the downstream request when the caller aborts', async () => {
    const downstream = toolServer();
    const pool = makePool({ tools: { downstream } });
    const hang = await resolved(pool, 'tools', 'hang');
    const controller = new AbortController();
    const pending = pool.callTool(hang, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'cancelled', message: 'tools.hang was cancelled by the caller; the downstream request was cancelled' },
    });
    expect(await downstream.hangAborted).toBe('hang');
  });

  it('cancels the downstream request when the caller aborts and the server has no grace', async () => {
    const downstream = toolServer();
    const pool = makePool({ tools: { downstream, config: { cancelGraceMs: 0 } } });
    const hang = await resolved(pool, 'tools', 'hang');
    const controller = new AbortController();
    const pending = pool.callTool(hang, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await pending).ok).toBe(false);
    expect(await downstream.hangAborted).toBe('hang');
  });

  it('returns cancelled without sending when the signal is already aborted', async () => {
    const downstream = toolServer();
    const pool = makePool({ tools: { downstream } });
    const hang = await resolved(pool, 'tools', 'hang');
    expect(await pool.callTool(hang, {}, { signal: AbortSignal.abort() })).toEqual({
      ok: false,
      error: { code: 'cancelled', message: 'tools.hang was cancelled by the caller before it was sent' },
    });
    expect(downstream.abortedCalls).toEqual([]);
  });

  it('forwards progress notifications when the caller asks for progress', async () => {
    const pool = makePool({ tools: { downstream: toolServer() } });
    const seen: unknown[] = [];
    const outcome = await pool.callTool(await resolved(pool, 'tools', 'progress'), {}, { onProgress: (p) => seen.push(p) });
    expect(outcome).toEqual({ ok: true, result: { content: [{ type: 'text', text: 'reported' }] } });
    expect(seen).toEqual([
      { progress: 1, total: 3, message: 'step 1' },
      { progress: 2, total: 3, message: 'step 2' },
      { progress: 3, total: 3, message: 'step 3' },
    ]);
  });

  it('never runs more calls at once than the server maxConcurrency when many are issued together', async () => {
    const capped = toolServer();
    const free = toolServer();
    const pool = makePool({ capped: { downstream: capped, config: { maxConcurrency: 2 } }, free: { downstream: free } });
    const [slowCapped, slowFree] = await Promise.all([resolved(pool, 'capped', 'slow'), resolved(pool, 'free', 'slow')]);
    const outcomes = await Promise.all([
      ...Array.from({ length: 8 }, () => pool.callTool(slowCapped, { ms: 50 })),
      ...Array.from({ length: 8 }, () => pool.callTool(slowFree, { ms: 100 })),
    ]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(capped.intervals).toHaveLength(8);
    expect(maxOverlap(capped.intervals)).toBe(2);
    expect(maxOverlap(free.intervals)).toBe(8);
    expect(pool.maxConcurrencyOf('capped')).toBe(2);
    expect(pool.maxConcurrencyOf('free')).toBeUndefined();
  });

  it('returns cancelled at once for a call still queued behind the cap when the caller aborts', async () => {
    const downstream = toolServer();
    const pool = makePool({ tools: { downstream, config: { maxConcurrency: 1 } } });
    const hang = await resolved(pool, 'tools', 'hang');
    const echo = await resolved(pool, 'tools', 'echo');
    const blocker = new AbortController();
    const blocking = pool.callTool(hang, {}, { signal: blocker.signal });
    const queuedController = new AbortController();
    const queued = pool.callTool(echo, { message: 'never sent' }, { signal: queuedController.signal });
    queuedController.abort();
    expect(await queued).toEqual({
      ok: false,
      error: { code: 'cancelled', message: 'tools.echo was cancelled by the caller while waiting for a free slot on its server' },
    });
    blocker.abort();
    expect((await blocking).ok).toBe(false);
  });
});

describe('DownstreamPool.resolveTool', () => {
  function twoServers() {
    const a = toolServer();
    const b = new Downstream((server) => {
      server.registerTool('echo', { inputSchema: { message: z.string() } }, async ({ message }) => ({ content: [{ type: 'text', text: `B: ${message}` }] }));
      server.registerTool('only_b', { inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'b' }] }));
    });
    return makePool({ a: { downstream: a }, b: { downstream: b } });
  }

  it('returns the server that has it when the tool name is unique and the server is omitted', async () => {
    const pool = twoServers();
    const result = await pool.resolveTool(undefined, 'only_b');
    expect(result).toEqual({ server: 'b', tool: 'only_b', definition: { name: 'only_b', inputSchema: EMPTY_SCHEMA } });
  });

  it('returns the named server when the tool is written server__tool', async () => {
    const pool = twoServers();
    expect(await pool.resolveTool(undefined, 'b__echo')).toMatchObject({ server: 'b', tool: 'echo' });
  });

  it('accepts the server named twice, in server and as the prefix of tool', async () => {
    const pool = twoServers();
    expect(await pool.resolveTool('b', 'b__echo')).toMatchObject({ server: 'b', tool: 'echo' });
    expect(await pool.resolveTool('a', 'b__echo')).toMatchObject({ code: 'unknown_tool' });
  });

  it('returns ambiguous_tool naming the servers when two servers offer the tool', async () => {
    const pool = twoServers();
    expect(await pool.resolveTool(undefined, 'echo')).toEqual({
      code: 'ambiguous_tool',
      message: 'tool "echo" is offered by servers "a", "b"; name the server ("server": "a") or write "a__echo"',
    });
  });

  it('returns unknown_tool with close names when no server offers the tool', async () => {
    const pool = twoServers();
    expect(await pool.resolveTool(undefined, 'ech')).toEqual({ code: 'unknown_tool', message: 'no server offers tool "ech"; did you mean "echo"?' });
  });

  it('returns unknown_tool with close names when the named server lacks the tool', async () => {
    const pool = twoServers();
    expect(await pool.resolveTool('a', 'thrown')).toEqual({ code: 'unknown_tool', message: 'server "a" has no tool "thrown"; did you mean "throws"?' });
    expect(await pool.resolveTool('b', 'zzz')).toEqual({ code: 'unknown_tool', message: 'server "b" has no tool "zzz"; it offers "echo", "only_b"' });
  });

  it('returns unknown_server with close names when the server is not configured, else the names there are', async () => {
    const pool = twoServers();
    // One letter for another is not a typo: "c" is close to neither "a" nor "b".
    expect(await pool.resolveTool('c', 'echo')).toEqual({ code: 'unknown_server', message: 'unknown server "c"; expected one of "a", "b"' });
    expect(await pool.resolveTool('memory', 'echo')).toEqual({ code: 'unknown_server', message: 'unknown server "memory"; expected one of "a", "b"' });
  });

  it('hides tools the allow and deny lists filter out', async () => {
    const pool = makePool({ t: { downstream: toolServer(), config: { allow: ['e*', 'add', 'slow'], deny: ['slow'] } } });
    expect((await pool.catalog())[0]?.tools.map((t) => t.name)).toEqual(['echo', 'add']);
    expect(await pool.resolveTool('t', 'slow')).toEqual({ code: 'unknown_tool', message: 'tool "slow" of server "t" is hidden by the config\'s allow/deny lists' });
    expect(await pool.resolveTool('t', 'fails')).toEqual({ code: 'unknown_tool', message: 'tool "fails" of server "t" is hidden by the config\'s allow/deny lists' });
  });

  it('returns server_unavailable for a disabled server and leaves it out of name searches', async () => {
    const pool = makePool({ on: { downstream: toolServer() }, off: { downstream: toolServer(), config: { disabled: true } } });
    expect(await pool.resolveTool('off', 'echo')).toEqual({ code: 'server_unavailable', message: 'server "off" is disabled in the config' });
    expect(await pool.resolveTool(undefined, 'echo')).toMatchObject({ server: 'on', tool: 'echo' });
  });

  it('names the reason of a server the config loader disabled (a VS Code input) in its errors and catalog', async () => {
    const reason = 'it uses VS Code input "${input:key}", which parallel-mcp cannot prompt for';
    const pool = makePool({ off: { downstream: toolServer(), config: { disabled: true, disabledReason: reason } } });
    expect(await pool.resolveTool('off', 'echo')).toEqual({ code: 'server_unavailable', message: `server "off" is disabled: ${reason}` });
    expect((await pool.catalog())[0]).toMatchObject({ name: 'off', state: 'disabled', error: `disabled: ${reason}` });
  });

  it('sees a tool added downstream when the server announces tools/list_changed', async () => {
    const downstream = toolServer();
    const changed: string[] = [];
    let announce: () => void = () => {};
    const announced = new Promise<void>((resolve) => {
      announce = resolve;
    });
    const pool = makePool({ live: { downstream } }, { onToolsChanged: (server) => (changed.push(server), announce()) });
    expect(isCallError(await pool.resolveTool('live', 'fresh'))).toBe(true);
    downstream.instances[0]?.registerTool('fresh', { inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'new' }] }));
    await announced;
    expect(changed).toEqual(['live']);
    const fresh = await resolved(pool, 'live', 'fresh');
    expect(await pool.callTool(fresh, {})).toEqual({ ok: true, result: { content: [{ type: 'text', text: 'new' }] } });
  });
});

describe('DownstreamPool and a burst of tools/list_changed', () => {
  it('answers 4,200 notifications with a few tools/list requests, and still sees the last change', async () => {
    const lists: number[] = [];
    class Counting extends Downstream {
      override transport() {
        const transport = super.transport();
        const send = transport.send.bind(transport);
        transport.send = (message, options) => {
          if ('method' in message && message.method === 'tools/list') lists.push(performance.now());
          return send(message, options);
        };
        return transport;
      }
    }
    const downstream = new Counting((server, d) => buildToolServer(server, d));
    const changed: string[] = [];
    const pool = makePool({ live: { downstream } }, { onToolsChanged: (server) => changed.push(server) });
    await resolved(pool, 'live', 'echo');
    expect(lists).toHaveLength(1);
    const server = downstream.instances[0]!;
    for (let i = 0; i < 4200; i++) server.sendToolListChanged();
    server.registerTool('fresh', { inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'new' }] }));
    for (let i = 0; i < 200 && !pool.toolInfo('live', 'fresh'); i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 200));
    expect(pool.toolInfo('live', 'fresh')?.name).toBe('fresh');
    expect(lists.length - 1).toBeGreaterThanOrEqual(1);
    expect(lists.length - 1).toBeLessThanOrEqual(3);
    expect(changed.length).toBe(lists.length - 1);
  });
});

describe('DownstreamPool.validateArguments', () => {
  it('returns invalid_arguments with JSON paths when arguments break the inputSchema', async () => {
    const pool = makePool({ tools: { downstream: toolServer() } });
    const add = await resolved(pool, 'tools', 'add');
    expect(pool.validateArguments(add, { a: 'one', tags: ['x', 2] })).toEqual({
      code: 'invalid_arguments',
      message:
        "arguments for tools.add do not match its inputSchema: arguments: must have required property 'b'; arguments.a: must be number; arguments.tags[1]: must be string",
    });
  });

  it('returns undefined when arguments match the inputSchema', async () => {
    const pool = makePool({ tools: { downstream: toolServer() } });
    expect(pool.validateArguments(await resolved(pool, 'tools', 'add'), { a: 1, b: 2 })).toBeUndefined();
  });
});

describe('DownstreamPool with a server that never answers initialize', () => {
  function silentServerPool(startTimeoutMs: number): DownstreamPool {
    const pool = new DownstreamPool([serverConfig('mute')], {
      log: silentLogger,
      startTimeoutMs,
      transportFactory: () => InMemoryTransport.createLinkedPair()[0], // nobody on the other end
    });
    pools.push(pool);
    return pool;
  }

  it('returns timeout within the call timeout when the server has not started by then', async () => {
    const pool = silentServerPool(60_000);
    const resolution = { server: 'mute', tool: 'x', definition: { name: 'x', inputSchema: { type: 'object' } } };
    expect(await pool.callTool(resolution, {}, { timeoutMs: 50 })).toEqual({
      ok: false,
      error: { code: 'timeout', message: 'server "mute" did not start within the call\'s 50 ms timeout' },
    });
    await pool.close(); // must not wait for the 60 s start limit
  });

  it('returns server_unavailable when the start limit passes', async () => {
    const pool = silentServerPool(50);
    expect(await pool.resolveTool('mute', 'x')).toEqual({
      code: 'server_unavailable',
      message: 'server "mute" is unavailable: it did not finish starting (initialize and tools/list) within 50 ms',
    });
  });
});

describe('DownstreamPool.catalog and toolInfo', () => {
  it('reports every server with its state, error and tools when one cannot start', async () => {
    const pool = new DownstreamPool([serverConfig('ok'), serverConfig('broken'), serverConfig('off', { disabled: true })], {
      log: silentLogger,
      transportFactory: (server) => {
        if (server.name === 'broken') throw new Error('no route to host');
        return new Downstream((s) => s.registerTool('ping', { inputSchema: {} }, async () => ({ content: [] }))).transport();
      },
    });
    pools.push(pool);
    expect(await pool.catalog()).toEqual([
      { name: 'ok', transport: 'stdio', state: 'ready', tools: [{ name: 'ping', inputSchema: EMPTY_SCHEMA }] },
      { name: 'broken', transport: 'stdio', state: 'unavailable', error: 'no route to host', tools: [] },
      { name: 'off', transport: 'stdio', state: 'disabled', error: 'disabled in the config', tools: [] },
    ]);
    expect(pool.toolInfo(undefined, 'ping')).toEqual({ name: 'ping', inputSchema: EMPTY_SCHEMA });
    expect(pool.toolInfo('broken', 'ping')).toBeUndefined();
  });
});
