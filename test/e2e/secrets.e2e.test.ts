/**
 * No secret of the config reaches a tool result, and the cause line a person needs does:
 * the built CLI over stdio with a fixture that prints its API key (from env) and its
 * arguments (one expanded from ${VAR}) and dies, a node server at a wrong path, a server
 * behind a URL with user:password (moved into a Basic header: the server accepts it) and
 * one at a closed port with ?api_key=. Run `npm run build` first (`npm test` does).
 */
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startCli, writeTempConfig, type CliSession } from '../helpers/cli-client.js';

const LEAKY = resolve(REPO_ROOT, 'test/fixtures/servers/leaky-server.mjs');
const API_KEY = 'sk-LEAKED-0123456789';
const ARG_TOKEN = 'argtok-SECRET-77';
const PASSWORD = 'pw-SECRET-99';
const DOWN_PASSWORD = 'pw-DOWN-SECRET';
const DOWN_QUERY = 'q-DOWN-SECRET';
const SECRETS = [API_KEY, ARG_TOKEN, PASSWORD, DOWN_PASSWORD, DOWN_QUERY, Buffer.from(`ada:${PASSWORD}`).toString('base64')];

let http: Server;
let authorizations: string[] = [];
let cli: CliSession;
let dir: string;
let downPort: number;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  // A Streamable HTTP server that wants Basic ada:PASSWORD, as a URL's userinfo would give.
  http = createServer((req, res) => {
    void (async () => {
      authorizations.push(req.headers.authorization ?? '');
      if (req.headers.authorization !== `Basic ${Buffer.from(`ada:${PASSWORD}`).toString('base64')}`) {
        res.writeHead(401).end('unauthorized');
        return;
      }
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      const server = new McpServer({ name: 'basic-auth-fixture', version: '1.0.0' });
      server.registerTool('hello', { inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'hello' }] }));
      res.on('close', () => void transport.close().then(() => server.close()));
      await server.connect(transport);
      await transport.handleRequest(req, res, req.method === 'POST' ? await readBody(req) : undefined);
    })();
  });
  const port = await listen(http);
  const closed = createServer();
  downPort = await listen(closed);
  await new Promise((r) => closed.close(r));

  const config = writeTempConfig((at) => ({
    mcpServers: {
      leaky: { command: process.execPath, args: [LEAKY, '--token=${H4_ARG_TOKEN}'], env: { LEAKY_API_KEY: API_KEY } },
      leakycall: { command: process.execPath, args: [LEAKY], env: { LEAKY_API_KEY: API_KEY, LEAKY_MODE: 'call' } },
      wrongpath: { command: process.execPath, args: [join(at, 'no-such-server.js')], env: { SOME_KEY: API_KEY } },
      remote: { url: `http://ada:${PASSWORD}@127.0.0.1:${port}/mcp` },
      down: { url: `http://bob:${DOWN_PASSWORD}@127.0.0.1:${downPort}/mcp?api_key=${DOWN_QUERY}` },
    },
  }));
  dir = config.dir;
  cli = await startCli({ args: ['--config', config.path], env: { H4_ARG_TOKEN: ARG_TOKEN } });
}, 30_000);

afterAll(async () => {
  await cli?.close();
  await new Promise((r) => http?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

type ToolResult = { content: Array<{ type: string; text: string }>; structuredContent?: Record<string, unknown> };

function leaked(result: unknown): string[] {
  const text = JSON.stringify(result);
  return SECRETS.filter((secret) => text.includes(secret));
}

describe('no secret reaches a tool result (built CLI)', () => {
  it('returns call errors with the cause line and without any secret', async () => {
    const calls = ['leaky__crash', 'leakycall__crash', 'wrongpath__x', 'down__x'].map((tool) => ({ tool }));
    const result = (await cli.client.callTool({ name: 'call_tools_parallel', arguments: { calls } })) as ToolResult;
    const errors = (result.structuredContent as { results: Array<{ error?: { code: string; message: string } }> }).results.map((r) => r.error);
    expect(leaked(result)).toEqual([]);
    expect(errors.map((e) => e?.code)).toEqual(['server_unavailable', 'transport_error', 'server_unavailable', 'server_unavailable']);
    expect(errors[0]!.message).toContain('last stderr: Error: upstream rejected key *** (401 Unauthorized)');
    expect(errors[1]!.message).toBe('server "leakycall" exited with code 1 while leakycall.crash was in flight');
    expect(errors[2]!.message).toContain(`last stderr: Error: Cannot find module '${join(dir, 'no-such-server.js')}'`);
    expect(errors[3]!.message).toContain(`could not connect to http://127.0.0.1:${downPort}/mcp?api_key=***: `);
  });

  it('returns list_tools text and structuredContent without any secret, the remote server ready through its Basic header', async () => {
    const result = (await cli.client.callTool({ name: 'list_tools', arguments: {} })) as ToolResult;
    expect(leaked(result.content)).toEqual([]);
    expect(leaked(result.structuredContent)).toEqual([]);
    const servers = (result.structuredContent as { servers: Array<{ name: string; state: string; error?: string; tools: Array<{ name: string }> }> }).servers;
    const byName = Object.fromEntries(servers.map((s) => [s.name, s]));
    expect(byName.remote).toMatchObject({ state: 'ready', tools: [{ name: 'hello' }] });
    expect(authorizations.every((a) => a.startsWith('Basic '))).toBe(true);
    expect(byName.leaky!.error).toContain(`last stderr: Error: upstream rejected key *** (401 Unauthorized) | config: { apiKey: '***', argv: '--token=***' }`);
    expect(result.content[0]!.text).toContain("Error: Cannot find module '");
  });

  it('returns run_plan step errors without any secret', async () => {
    const result = (await cli.client.callTool({
      name: 'run_plan',
      arguments: { steps: [{ id: 'a', tool: 'leaky__crash' }, { id: 'b', tool: 'down__x' }], failure_mode: 'continue' },
    })) as ToolResult;
    expect(leaked(result)).toEqual([]);
    expect(JSON.stringify(result)).toContain('server_unavailable');
  });

  it('keeps the raw stderr in parallel-mcp\'s own log', () => {
    expect(cli.stderr()).toContain(`[leaky] connecting with api key ${API_KEY}`);
  });
});
