/**
 * Which downstream connections an HTTP upstream session uses (`parallelMcp.http.downstream`).
 *
 * - "per-session" (default): each session whose client declared sampling, elicitation or
 *   roots gets a downstream pool of its own, empty until a call needs a server (each server
 *   starts on first use, as in stdio mode); the others, to which nothing can be relayed,
 *   share `deps.pool`. A server's
 *   sampling / elicitation / roots request then can only come from that session's calls, so
 *   it always reaches that session, however many sessions have calls in flight; and each
 *   server is told exactly its session's client capabilities. The cost: a stdio server is
 *   one process per session that uses it. So a session's pool is closed when nothing has
 *   used it for `idleMs` and no run of the session works (most clients never end their
 *   session with DELETE, so it would otherwise wait for the session's own idle expiry); the
 *   next call starts the servers it needs again. It is closed for good when the session has
 *   closed and its runs have ended: background runs go on after their session, and
 *   get_run / cancel_run / resume_run from any session keep working (runs are shared).
 *   Per-server `maxConcurrency` holds across all sessions (one slot table, from makePool).
 * - "shared": every session shares one pool (one process per server); a relayed request
 *   goes to the session with calls in flight on that server, and is refused with a clear
 *   error when several have (downstream/relay.ts).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { DownstreamPool } from '../downstream/pool.js';
import { InMemoryRunRegistry } from '../runs/in-memory-run-registry.js';
import { createServer } from './create-server.js';
import type { ServerDeps } from './deps.js';
import { relayTargetOf } from './relay-target.js';

export type DownstreamSharing = 'per-session' | 'shared';

export const DEFAULT_DOWNSTREAM_IDLE_MS = 5 * 60_000;

export interface SessionServers {
  /** A McpServer for a new session (http.ts calls it per initialize). */
  newServer: () => McpServer;
  /** Downstream pools open now. */
  openPools: () => number;
  /** Closes every pool now, runs or not (process shutdown). */
  close: () => Promise<void>;
}

export interface PerSessionOptions {
  /** Start every server of a session's first pool once its client has initialized (--eager). */
  eager?: boolean;
  /** A session's pool unused this long, with no run working, is closed (default 5 minutes). */
  idleMs?: number;
}

/** Every session on `deps.pool` ("shared"). */
export function sharedSessionServers(deps: ServerDeps): SessionServers {
  return { newServer: () => createServer(deps), openPools: () => 1, close: async () => {} };
}

interface SessionPool {
  /** Closes the pool if it is idle or its session is done; true when the session is done for good. */
  sweep(now: number): boolean;
  closeNow(): Promise<void>;
}

/** A pool per session ("per-session"); `makePool` builds an empty one. */
export function perSessionServers(deps: ServerDeps, makePool: () => DownstreamPool, options: PerSessionOptions = {}): SessionServers {
  // One registry for all sessions, whatever deps says: a run is found from any session.
  const runs = deps.runs ?? new InMemoryRunRegistry(deps.config.settings.runs);
  const idleMs = options.idleMs ?? DEFAULT_DOWNSTREAM_IDLE_MS;
  const sessions = new Set<SessionPool>();
  const closing = new Set<Promise<void>>();
  let open = 0;
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const session of sessions) if (session.sweep(now)) sessions.delete(session);
  }, Math.max(10, Math.min(60_000, Math.floor(idleMs / 2))));
  sweeper.unref();

  const retire = (pool: DownstreamPool) => {
    open -= 1;
    const done: Promise<void> = pool
      .close()
      .catch(() => undefined)
      .finally(() => closing.delete(done));
    closing.add(done);
  };

  const newServer = (): McpServer => {
    let pool: DownstreamPool | undefined;
    /** Pools made for this session so far. */
    let made = 0;
    let lastUse = Date.now();
    let holds = 0;
    let sessionClosed = false;
    let server: McpServer | undefined;
    /** Nothing can be relayed to a client that declared none of sampling, elicitation, roots. */
    const relayable = () => {
      const caps = server?.server.getClientCapabilities();
      return caps === undefined || caps.sampling !== undefined || caps.elicitation !== undefined || caps.roots !== undefined;
    };
    /** The session's pool, made again if it was closed for being idle; the shared one if it needs none. */
    const current = (): DownstreamPool => {
      lastUse = Date.now();
      if (pool) return pool;
      if (!relayable()) return deps.pool;
      pool = makePool();
      open += 1;
      // The session joins its first pool's relay in createServer (joinRelay); a later pool's here.
      if (made++ > 0 && server) pool.relay.add(relayTargetOf(server));
      return pool;
    };
    const release = () => {
      if (pool) retire(pool);
      pool = undefined;
    };
    const holdDownstream = () => {
      holds += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds -= 1;
        lastUse = Date.now();
        if (sessionClosed && holds === 0) release();
      };
    };
    const sessionDeps: ServerDeps = {
      ...deps,
      runs,
      holdDownstream,
      get pool() {
        return current();
      },
    };
    server = createServer(sessionDeps);
    const onclose = server.server.onclose;
    server.server.onclose = () => {
      onclose?.();
      sessionClosed = true;
      if (holds === 0) release();
    };
    if (options.eager) {
      // As in stdio mode: the servers learn the client's capabilities, so start after initialize.
      const initialized = server.server.oninitialized;
      server.server.oninitialized = () => {
        initialized?.();
        void current().startAll();
      };
    }
    const session: SessionPool = {
      sweep: (now) => {
        if (holds > 0) return false;
        if (sessionClosed) {
          release();
          return true;
        }
        if (pool && now - lastUse >= idleMs) release();
        return false;
      },
      closeNow: async () => {
        const last = pool;
        pool = undefined;
        if (last) {
          open -= 1;
          await last.close().catch(() => undefined);
        }
      },
    };
    sessions.add(session);
    return server;
  };

  return {
    newServer,
    openPools: () => open,
    close: async () => {
      clearInterval(sweeper);
      await Promise.all([...[...sessions].map((session) => session.closeNow()), ...closing]);
      sessions.clear();
    },
  };
}
