/**
 * Relay over the Streamable HTTP upstream: several sessions share one downstream connection;
 * a downstream request goes to the session whose call caused it, and a session that cannot
 * answer it makes a clear JSON-RPC error for the downstream, not a hang.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, CreateMessageResultSchema, ElicitRequestSchema, ElicitResultSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { silentLogger } from '../../src/log.js';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import { createServer } from '../../src/server/create-server.js';
import { startHttpServer, type RunningHttpServer } from '../../src/server/http.js';
import { Downstream } from '../downstream/in-memory-servers.js';

const running: Array<{ http: RunningHttpServer; pool: DownstreamPool; clients: Client[] }> = [];
afterEach(async () => {
  for (const { http, pool, clients } of running.splice(0)) {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await http.close();
    await pool.close();
  }
});

/** `ask` elicits a name, `sample` asks for a completion, `chatty` logs a line; each answers what its client said. */
function askingServer(): Downstream {
  return new Downstream((server) => {
    server.server.registerCapabilities({ logging: {} });
    server.registerTool('ask', { inputSchema: {} }, async (_args, extra) => {
      try {
        const answer = await extra.sendRequest({ method: 'elicitation/create', params: { message: 'Your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } } }, ElicitResultSchema);
        return { content: [{ type: 'text', text: `name: ${String(answer.content?.name)}` }] };
      } catch (error) {
        return { content: [{ type: 'text', text: `relay refused: ${(error as Error).message}` }], isError: true };
      }
    });
    server.registerTool('sample', { inputSchema: {} }, async (_args, extra) => {
      const answer = await extra.sendRequest({ method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 5 } }, CreateMessageResultSchema);
      return { content: [{ type: 'text', text: `sampled: ${(answer.content as { text: string }).text}` }] };
    });
    server.registerTool('chatty', { inputSchema: {} }, async (_args, extra) => {
      await extra.sendNotification({ method: 'notifications/message', params: { level: 'info', logger: 'worker', data: 'working on it' } });
      return { content: [{ type: 'text', text: 'said it' }] };
    });
  });
}

async function start() {
  const config = parseConfig({ mcpServers: { asker: { command: 'in-memory' } } }, { path: 'test.json', env: {} });
  const downstream = askingServer();
  const pool = new DownstreamPool(config.servers, { log: silentLogger, transportFactory: () => downstream.transport() });
  const deps = { pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) };
  const http = await startHttpServer(() => createServer(deps), { host: '127.0.0.1', port: 0, log: silentLogger });
  const entry = { http, pool, clients: [] as Client[] };
  running.push(entry);
  const connect = async (name: string, capabilities: Record<string, object>) => {
    const client = new Client({ name, version: '1.0.0' }, { capabilities });
    const logs: string[] = [];
    if (capabilities.elicitation) client.setRequestHandler(ElicitRequestSchema, async (r) => ({ action: 'accept', content: { name: `${name} (asked "${r.params.message}")` } }));
    if (capabilities.sampling) client.setRequestHandler(CreateMessageRequestSchema, async () => ({ role: 'assistant', content: { type: 'text', text: `from ${name}` }, model: 'm' }));
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(`${n.params.logger}: ${String(n.params.data)}`);
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
    entry.clients.push(client);
    return { client, logs };
  };
  return { connect };
}

const call = async (client: Client, tool: string) => {
  const response = await client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'asker', tool }] } });
  const [result] = (response.structuredContent as { results: Array<{ ok: boolean; result?: { content: Array<{ text: string }> }; error?: { message: string } }> }).results;
  return result?.ok ? result.result!.content[0]!.text : `error: ${result?.error?.message}`;
};

describe('relay over Streamable HTTP', () => {
  it('sends each relayed request to the session whose call caused it', async () => {
    const { connect } = await start();
    const a = await connect('alice', { elicitation: {}, sampling: {} });
    const b = await connect('bob', { elicitation: {}, sampling: {} });
    expect(await call(a.client, 'ask')).toBe('name: alice (asked "[asker] Your name?")');
    expect(await call(b.client, 'ask')).toBe('name: bob (asked "[asker] Your name?")');
    expect(await call(b.client, 'sample')).toBe('sampled: from bob');
    expect(await call(a.client, 'sample')).toBe('sampled: from alice');
    await a.client.setLoggingLevel('info');
    await b.client.setLoggingLevel('info');
    expect(await call(b.client, 'chatty')).toBe('said it');
    await new Promise((r) => setTimeout(r, 50));
    expect(b.logs).toEqual(['asker/worker: working on it']);
    expect(a.logs).toEqual([]);
  });

  it('answers the downstream with a clear error when the calling session did not declare the capability', async () => {
    const { connect } = await start();
    await connect('alice', { elicitation: {} });
    const carol = await connect('carol', {});
    const answer = await call(carol.client, "ask");
    expect(answer).toMatch(/^error: .*relay refused: MCP error -32601: parallel-mcp cannot relay elicitation\/create from server "asker": the client of session [0-9a-f-]+ did not declare the elicitation capability/);
  });
});
