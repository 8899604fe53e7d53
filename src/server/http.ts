/**
 * Streamable HTTP upstream transport: one parallel-mcp process serving many MCP clients.
 * Stateful sessions (a McpServer per session, all sharing one downstream pool); access
 * rules (bind, Host, Origin, bearer token) in http-access.ts; a cap on sessions and on
 * request body size, each refused with a JSON-RPC error body.
 *
 * The checks run here, in front of the SDK transport, rather than through its
 * `enableDnsRebindingProtection` options: those compare exact strings only (no "any port"
 * for loopback origins, no host name without port), and run per session, after the body
 * has been read and a session created.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import { assertSafeBinding, bearerMatches, buildAccessRules, hostProblem, originProblem, type AccessRules } from './http-access.js';
import { installLeanToolsCall } from './lean-tools-call.js';

/** The SDK's own default body limit (DEFAULT_MAX_REQUEST_BODY_SIZE): 4 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_SESSIONS = 100;

export interface HttpServerOptions {
  host: string;
  port: number;
  /** When set, every request must carry `Authorization: Bearer <token>`. Required beyond loopback. */
  token?: string;
  /** Host names accepted besides the loopback names, `name` (any port) or `name:port`. */
  allowedHosts?: readonly string[];
  /** Origins accepted besides the loopback ones, `scheme://host[:port]` (or `null`). */
  allowedOrigins?: readonly string[];
  log: Logger;
  /** Largest request body read, in bytes (default 4 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Sessions open at once (default 100); an initialize beyond it gets 503. */
  maxSessions?: number;
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
  assertSafeBinding(options.host, options.token);
  const rules = { allowedHosts: options.allowedHosts ?? [], allowedOrigins: options.allowedOrigins ?? [] };
  buildAccessRules({ boundHost: options.host, port: options.port, ...rules }); // bad entries throw before anything starts
  const sessions = new Map<string, HttpSession>();
  /** Initialize requests being answered: they hold a place under the cap before their session exists. */
  let opening = 0;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
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
  let access: AccessRules = { hosts: [], origins: new Set() };

  const httpServer = createHttpServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log.error(`http: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) reply(res, 500, 'internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/mcp') return reply(res, 404, `not found: expected the MCP endpoint /mcp, got ${path}`);
    const badHost = hostProblem(access, req.headers.host);
    if (badHost !== undefined) return reply(res, 403, badHost);
    const badOrigin = originProblem(access, header(req, 'origin'));
    if (badOrigin !== undefined) return reply(res, 403, badOrigin);
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
      if (body instanceof BodyError) return replyBodyError(res, body);
      cancelOnDisconnect(session.transport, res, body);
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST') return reply(res, 400, 'expected a POST initialize request or an Mcp-Session-Id header');
    if (sessions.size + opening >= maxSessions) {
      options.log.warn(`http: refused a new session: ${sessions.size} of ${maxSessions} open`);
      return reply(
        res,
        503,
        `too many sessions: expected fewer than ${maxSessions} open, got ${sessions.size + opening} ` +
          `(raise --max-sessions or parallelMcp.http.maxSessions; clients end theirs with DELETE, idle ones close after ${Math.round(idleMs / 1000)} s)`,
      );
    }
    opening += 1;
    let held = true;
    const release = () => {
      if (held) opening -= 1;
      held = false;
    };
    try {
      await openSession(req, res, release);
    } finally {
      release();
    }
  }

  /** `release` gives back the place held under the cap once the session is in `sessions` (or not made). */
  async function openSession(req: IncomingMessage, res: ServerResponse, release: () => void): Promise<void> {
    const body = await readJson(req, maxBodyBytes);
    if (body instanceof BodyError) return replyBodyError(res, body);

    const server = newMcpServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, lastSeen: Date.now(), open: 0 });
        release();
        options.log.debug(`http: session ${id} opened (${sessions.size} open)`);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    // Plain calls of the run tools skip the SDK's per-request machinery, as over stdio.
    installLeanToolsCall(server, transport);
    await transport.handleRequest(req, res, body);
    if (!transport.sessionId) await server.close(); // not an initialize request: nothing to keep
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  access = buildAccessRules({ boundHost: options.host, port, ...rules });
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

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The rest of an oversized body is not kept: Node discards what still comes once the answer
 * is out. The connection stays open until then, so the client reads the 413 instead of a
 * write error (closing at once made 2 of 8 such fetches fail with EPIPE).
 */
function replyBodyError(res: ServerResponse, error: BodyError): void {
  reply(res, error.status, error.message);
}

/**
 * Reads and parses a JSON body of at most `maxBytes`: a declared Content-Length over it is
 * refused before reading, and reading stops at the first chunk past it.
 */
async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = (got: string) =>
    new BodyError(413, `request body too large: expected at most ${maxBytes} bytes (--max-body-bytes, parallelMcp.http.maxBodyBytes), got ${got}`);
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) return tooLarge(`${declared} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return tooLarge('more');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    return new BodyError(400, `invalid JSON body: ${(error as Error).message}`);
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
