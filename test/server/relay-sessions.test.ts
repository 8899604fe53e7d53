/**
 * Several HTTP sessions with calls in flight on the same downstream server at once: with a
 * downstream pool per session (parallelMcp.http.downstream "per-session", the default), each
 * relayed elicitation / sampling / roots request reaches the session whose call caused it;
 * with "shared", the server gets the clear refusal. A session's pool outlives the session
 * while its background runs work, and get_run from another session follows them.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { silentLogger } from '../../src/log.js';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import { startHttpServer, type RunningHttpServer } from '../../src/server/http.js';
import { perSessionServers, sharedSessionServers, type DownstreamSharing, type SessionServers } from '../../src/server/session-downstream.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/servers/relay-server.mjs');
const SECRET = 'sekret-token-4711';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function start(sharing: DownstreamSharing, idleMs?: number) {
  const logFile = join(mkdtempSync(join(tmpdir(), 'relay-sessions-')), 'relay.log');
  const config = parseConfig(
    { mcpServers: { relay: { command: process.execPath, args: [FIXTURE], env: { RELAY_LOG: logFile, API_TOKEN: SECRET } } } },
    { path: 'test.json', env: {} },
  );
  const poolOptions = { log: silentLogger, onStderrLine: () => undefined };
  const pool = new DownstreamPool(config.servers, poolOptions);
  const deps = { pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) };
  const sessions: SessionServers =
    sharing === 'shared'
      ? sharedSessionServers(deps)
      : perSessionServers(deps, () => new DownstreamPool(config.servers, { ...poolOptions, slots: pool.slots }), idleMs === undefined ? {} : { idleMs });
  const http: RunningHttpServer = await startHttpServer(sessions.newServer, { host: '127.0.0.1', port: 0, log: silentLogger });
  cleanups.push(async () => {
    await http.close();
    await sessions.close();
    await pool.close();
  });
  const connect = async (name: string, capabilities: Record<string, object> = { elicitation: {}, sampling: {}, roots: {} }) => {
    const client = new Client({ name, version: '1.0.0' }, { capabilities });
    if (capabilities.elicitation) client.setRequestHandler(ElicitRequestSchema, async (r) => ({ action: 'accept', content: { name: `${name} (asked "${r.params.message}")` } }));
    if (capabilities.sampling) client.setRequestHandler(CreateMessageRequestSchema, async () => ({ role: 'assistant', content: { type: 'text', text: `from ${name}` }, model: 'm' }));
    if (capabilities.roots) client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: `file:///${name}` }] }));
    const transport = new StreamableHTTPClientTransport(new URL(http.url));
    await client.connect(transport);
    cleanups.push(() => client.close());
    return { client, transport };
  };
  /** The fixture's own log: per tag, when its call started and ended there, and in which process. */
  const fixtureLog = () =>
    readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [what, tag, pid, at] = line.split(' ');
        return { what: what!, tag: tag!, pid: Number(pid), at: Number(at) };
      });
  return { connect, fixtureLog, sessions, deps };
}

type CallResults = { results: Array<{ ok: boolean; result?: { content: Array<{ text: string }> }; error?: { message: string } }> };

async function converse(client: Client, tag: string): Promise<{ text: string; raw: string }> {
  const response = await client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'relay', tool: 'converse', arguments: { tag, peers: 2 } }] } });
  const [result] = (response.structuredContent as CallResults).results;
  return { text: result?.ok ? result.result!.content[0]!.text : `error: ${result?.error?.message}`, raw: JSON.stringify(response) };
}

describe('relay with several HTTP sessions in flight on one server', () => {
  it('sends each relayed request to its own session when each session has its own downstream connection', async () => {
    const { connect, fixtureLog } = await start('per-session');
    const alice = await connect('alice');
    const bob = await connect('bob');
    const [a, b] = await Promise.all([converse(alice.client, 'a'), converse(bob.client, 'b')]);

    expect(a.text).toBe('elicited=alice (asked "[relay] name for a?") sampled=from alice roots=file:///alice');
    expect(b.text).toBe('elicited=bob (asked "[relay] name for b?") sampled=from bob roots=file:///bob');
    // In flight at the same time, by the fixture's own clock: both started before either ended.
    const log = fixtureLog();
    const at = (what: string, tag: string) => log.find((e) => e.what === what && e.tag === tag)!.at;
    expect(Math.max(at('start', 'a'), at('start', 'b'))).toBeLessThan(Math.min(at('end', 'a'), at('end', 'b')));
    // One server process per session.
    expect(new Set(log.map((e) => e.pid)).size).toBe(2);
    for (const raw of [a.raw, b.raw]) expect(raw).not.toContain(SECRET);
  });

  it('refuses a relayed request with a clear error when the sessions share the connection', async () => {
    const { connect, fixtureLog } = await start('shared');
    const alice = await connect('alice');
    const bob = await connect('bob');
    const [a, b] = await Promise.all([converse(alice.client, 'a'), converse(bob.client, 'b')]);
    // The first relayed request comes while both calls are in flight (each waits for the
    // other to start before asking): it is refused. Later ones may come after the other call ended.
    const refusal =
      'elicitation/create failed: MCP error -32600: parallel-mcp cannot relay elicitation/create from server "relay": ' +
      'calls of 2 upstream clients are in flight on it and MCP does not say which one the request belongs to';
    expect([a.text, b.text].filter((text) => text.includes(refusal)).length).toBeGreaterThanOrEqual(1);
    for (const text of [a.text, b.text]) expect(text).not.toMatch(/alice.*bob|bob.*alice/);
    expect(new Set(fixtureLog().map((e) => e.pid)).size).toBe(1);
  });

  it('keeps a closed session\'s pool until its background run ends; another session follows the run', async () => {
    const { connect, sessions } = await start('per-session');
    const alice = await connect('alice');
    const bob = await connect('bob');
    const started = await alice.client.callTool({
      name: 'call_tools_parallel',
      arguments: { background: true, calls: [{ server: 'relay', tool: 'wait', arguments: { ms: 600 } }] },
    });
    const runId = (started.structuredContent as { run_id: string }).run_id;
    expect(sessions.openPools()).toBe(2);
    await alice.transport.terminateSession(); // DELETE: the session is gone, its run is not
    await alice.client.close();
    expect(sessions.openPools()).toBe(2);

    const view = await bob.client.callTool({ name: 'get_run', arguments: { run_id: runId, wait_ms: 20_000 } });
    const output = view.structuredContent as { status: string; steps: Array<{ ok: boolean; result?: { content: Array<{ text: string }> } }> };
    expect(output.status).toBe('completed');
    expect(output.steps[0]?.result?.content[0]?.text).toMatch(/^waited 600 ms in \d+$/);
    await expect.poll(() => sessions.openPools()).toBe(1);
  });

  it('closes a session\'s idle pool, and starts its server again on the next call, still relaying to that session', async () => {
    const { connect, fixtureLog, sessions } = await start('per-session', 300);
    const alice = await connect('alice');
    const once = async () => {
      const response = await alice.client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'relay', tool: 'converse', arguments: { tag: 'a' } }] } });
      return (response.structuredContent as CallResults).results[0]?.result?.content[0]?.text;
    };
    expect(await once()).toBe('elicited=alice (asked "[relay] name for a?") sampled=from alice roots=file:///alice');
    expect(sessions.openPools()).toBe(1);
    await expect.poll(() => sessions.openPools(), { timeout: 5_000 }).toBe(0);
    expect(await once()).toBe('elicited=alice (asked "[relay] name for a?") sampled=from alice roots=file:///alice');
    expect(sessions.openPools()).toBe(1);
    // A new process the second time: the first was closed with its idle pool.
    expect(new Set(fixtureLog().map((e) => e.pid)).size).toBe(2);
  });

  it('lets sessions whose clients declared none of sampling, elicitation, roots share one pool', async () => {
    const { connect, fixtureLog, sessions } = await start('per-session');
    const plain = await connect('plain', {});
    const other = await connect('other', {});
    const [a, b] = await Promise.all([converse(plain.client, 'a'), converse(other.client, 'b')]);
    expect([a.text, b.text]).toEqual([
      'elicited=no elicitation capability sampled=no sampling capability roots=no roots capability',
      'elicited=no elicitation capability sampled=no sampling capability roots=no roots capability',
    ]);
    expect(new Set(fixtureLog().map((e) => e.pid)).size).toBe(1);
    expect(sessions.openPools()).toBe(0);
  });
});
