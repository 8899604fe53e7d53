/**
 * The pool over the network transports, against real SDK servers listening on 127.0.0.1:
 * Streamable HTTP (stateless: a new McpServer and transport per request) and legacy SSE.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { silentLogger } from '../../src/log.js';

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'http-fixture', version: '1.0.0' });
  // Answered by the HTTP handler itself, which breaks the connection instead.
  server.registerTool('die', { inputSchema: {} }, async () => ({ content: [] }));
  server.registerTool('whoareyou', { inputSchema: {} }, async (_args, extra) => ({
    content: [{ type: 'text', text: `token=${String(extra.requestInfo?.headers['x-token'] ?? 'none')}` }],
  }));
  return server;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

let http: Server;
let base: string;
const sse = new Map<string, SSEServerTransport>();
/** Sessions of the stateful endpoint; clearing it is what a server restart looks like. */
const sessions = new Map<string, StreamableHTTPServerTransport>();

beforeAll(async () => {
  http = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/mcp') {
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        const server = mcpServer();
        res.on('close', () => void transport.close().then(() => server.close()));
        await server.connect(transport);
        await transport.handleRequest(req, res, req.method === 'POST' ? await readBody(req) : undefined);
      } else if (url.pathname === '/stateful') {
        const id = req.headers['mcp-session-id'];
        const body = req.method === 'POST' ? await readBody(req) : undefined;
        const call = body as { method?: string; params?: { name?: string } } | undefined;
        if (call?.method === 'tools/call' && call.params?.name === 'die') {
          // The server dies mid-call: the response stream starts, then the socket goes.
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.flushHeaders();
          setTimeout(() => res.socket?.destroy(), 50);
          return;
        }
        let transport = typeof id === 'string' ? sessions.get(id) : undefined;
        if (typeof id === 'string' && !transport) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
          return;
        }
        if (!transport) {
          const fresh = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => void sessions.set(sid, fresh) });
          await mcpServer().connect(fresh);
          transport = fresh;
        }
        await transport.handleRequest(req, res, body);
      } else if (url.pathname === '/sse' && req.method === 'GET') {
        const transport = new SSEServerTransport('/messages', res);
        sse.set(transport.sessionId, transport);
        res.on('close', () => sse.delete(transport.sessionId));
        await mcpServer().connect(transport);
      } else if (url.pathname === '/messages' && req.method === 'POST') {
        const transport = sse.get(url.searchParams.get('sessionId') ?? '');
        if (!transport) res.writeHead(404).end();
        else await transport.handlePostMessage(req, res);
      } else {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
});

function remote(name: string, transport: 'http' | 'sse', path: string, headers: Record<string, string> = {}): ServerConfig {
  return { name, transport, url: `${base}${path}`, args: [], env: {}, headers, disabled: false };
}

describe('DownstreamPool over HTTP transports', () => {
  it('calls a tool over Streamable HTTP and SSE with the configured headers sent', async () => {
    const pool = new DownstreamPool([remote('web', 'http', '/mcp', { 'X-Token': 'abc' }), remote('old', 'sse', '/sse', { 'X-Token': 'def' })], { log: silentLogger });
    try {
      const results = await Promise.all(
        ['web', 'old'].map(async (server) => {
          const resolved = await pool.resolveTool(server, 'whoareyou');
          if ('code' in resolved) return resolved;
          return pool.callTool(resolved, {});
        }),
      );
      expect(results).toEqual([
        { ok: true, result: { content: [{ type: 'text', text: 'token=abc' }] } },
        { ok: true, result: { content: [{ type: 'text', text: 'token=def' }] } },
      ]);
    } finally {
      await pool.close();
    }
  });

  it('starts a new session when the server has forgotten ours (HTTP 404), as after a restart', async () => {
    const pool = new DownstreamPool([remote('web', 'http', '/stateful')], { log: silentLogger });
    try {
      const call = async () => {
        const resolved = await pool.resolveTool('web', 'whoareyou');
        return 'code' in resolved ? resolved : pool.callTool(resolved, {});
      };
      expect(await call()).toMatchObject({ ok: true });
      sessions.clear();
      const lost = await call();
      expect(lost).toMatchObject({ ok: false, error: { code: 'transport_error' } });
      expect((lost as { error: { message: string } }).error.message).toContain('lost its HTTP session (HTTP 404');
      expect(await call()).toMatchObject({ ok: true });
      expect(sessions.size).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('fails a call at once with transport_error when the connection breaks mid-call, and reconnects on the next', async () => {
    const pool = new DownstreamPool([remote('web', 'http', '/stateful')], { log: silentLogger, defaultTimeoutMs: 30_000 });
    try {
      const die = await pool.resolveTool('web', 'die');
      if ('code' in die) throw new Error(die.message);
      const started = Date.now();
      const broken = await pool.callTool(die, {});
      expect(broken).toMatchObject({ ok: false, error: { code: 'transport_error' } });
      expect((broken as { error: { message: string } }).error.message).toContain('lost its connection (SSE stream disconnected');
      expect(Date.now() - started).toBeLessThan(10_000); // the failure mode is the 30 s call timeout
      const again = await pool.resolveTool('web', 'whoareyou');
      expect('code' in again ? again : await pool.callTool(again, {})).toMatchObject({ ok: true });
    } finally {
      await pool.close();
    }
  });

  it('reports server_unavailable when nothing answers at the URL', async () => {
    const pool = new DownstreamPool([remote('gone', 'http', '/nothing-here')], { log: silentLogger });
    try {
      const result = await pool.resolveTool('gone', 'whoareyou');
      expect(result).toMatchObject({ code: 'server_unavailable' });
      expect((result as { message: string }).message).toMatch(/^server "gone" is unavailable: could not connect to http:\/\/127\.0\.0\.1:\d+\/nothing-here: /);
    } finally {
      await pool.close();
    }
  });
});
