/**
 * Streamable HTTP upstream transport: one parallel-mcp process serving many MCP clients.
 * Stateful sessions (a McpServer per session, all sharing one downstream pool), Host header
 * checks against DNS rebinding, and an optional bearer token.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Host header values accepted (with port). Default: the loopback names with the bound port. */
  allowedHosts?: string[];
  log: Logger;
  maxBodyBytes?: number;
  /**
   * A session that has had no request for this long, and has none open, is closed (clients
   * that vanish without DELETE would otherwise keep theirs forever). Default 30 minutes.
   */
  sessionIdleMs?: number;
}

export interface RunningHttpServer {
  url: string;
  sessions: () => number;
  close: () => Promise<void>;
}

export async function startHttpServer(
  newMcpServer: () => McpServer,
  options: HttpServerOptions,
): Promise<RunningHttpServer> {
  const sessions = new Map<string, HttpSession>();
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [id, session] of sessions) {
      if (session.open > 0 || now - session.lastSeen < idleMs) continue;
      sessions.delete(id);
      options.log.debug(`http: session ${id} closed after ${Math.round(idleMs / 1000)} s without requests (${sessions.size} open)`);
      void session.server.close().catch(() => {});
    }
  }, Math.min(60_000, Math.max(10, Math.floor(idleMs / 2))));
  sweeper.unref();
  let allowedHosts: string[] = [];

  const httpServer = createHttpServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log.error(`http: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) reply(res, 500, 'internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/mcp') return reply(res, 404, `not found: expected the MCP endpoint /mcp, got ${path}`);
    if (!allowedHosts.includes(req.headers.host ?? '')) {
      return reply(res, 403, `forbidden: Host header "${req.headers.host ?? ''}" is not one of ${allowedHosts.join(', ')}`);
    }
    if (options.token !== undefined && !bearerMatches(req.headers.authorization, options.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return reply(res, 401, 'unauthorized: expected "Authorization: Bearer <token>"');
    }
    const sessionId = header(req, 'mcp-session-id');
    if (sessionId !== undefined) {
      const session = sessions.get(sessionId);
      if (!session) return reply(res, 404, `unknown session "${sessionId}"`);
      session.lastSeen = Date.now();
      session.open += 1;
      res.on('close', () => {
        session.open -= 1;
        session.lastSeen = Date.now();
      });
      const body = req.method === 'POST' ? await readJson(req, maxBodyBytes) : undefined;
      if (body instanceof Error) return reply(res, 400, body.message);
      cancelOnDisconnect(session.transport, res, body);
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST') return reply(res, 400, 'expected a POST initialize request or an Mcp-Session-Id header');
    const body = await readJson(req, maxBodyBytes);
    if (body instanceof Error) return reply(res, 400, body.message);

    const server = newMcpServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, lastSeen: Date.now(), open: 0 });
        options.log.debug(`http: session ${id} opened (${sessions.size} open)`);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
    if (!transport.sessionId) await server.close(); // not an initialize request: nothing to keep
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  allowedHosts = options.allowedHosts ?? ['127.0.0.1', 'localhost', '[::1]', options.host].map((h) => `${h}:${port}`);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${shownHost}:${port}/mcp`,
    sessions: () => sessions.size,
    close: async () => {
      clearInterval(sweeper);
      await Promise.all([...sessions.values()].map((s) => s.server.close().catch(() => {})));
      sessions.clear();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeAllConnections();
    },
  };
}

interface HttpSession {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  /** Date.now() of the last request's start or end. */
  lastSeen: number;
  /** Requests of this session still being answered (an open GET stream counts). */
  open: number;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return new Error(`request body too large: expected at most ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    return new Error(`invalid JSON body: ${(error as Error).message}`);
  }
}

/**
 * A client that drops the connection of a POST before its answer came has given up on the
 * requests in it: cancel them as if it had sent notifications/cancelled, so their downstream
 * calls are cancelled too instead of running to the end for nobody.
 */
function cancelOnDisconnect(transport: StreamableHTTPServerTransport, res: ServerResponse, body: unknown): void {
  const ids = (Array.isArray(body) ? body : [body]).flatMap((message) => {
    const m = message as { id?: unknown; method?: unknown } | null;
    return m !== null && typeof m === 'object' && typeof m.method === 'string' && (typeof m.id === 'string' || typeof m.id === 'number') ? [m.id] : [];
  });
  if (ids.length === 0) return;
  res.on('close', () => {
    if (res.writableFinished) return;
    for (const requestId of ids) {
      transport.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason: 'the client disconnected' } });
    }
  });
}
