/**
 * Which downstream connections an HTTP upstream session uses (`parallelMcp.http.downstream`).
 *
 * - "per-session" (default): each session gets a downstream pool of its own, made when the
 *   session opens and empty until a call needs a server (each server starts on first use,
 *   as in stdio mode). A server's sampling / elicitation / roots request then can only come
 *   from that session's calls, so it always reaches that session, however many sessions
 *   have calls in flight; and each server is told exactly its session's client
 *   capabilities. The pool closes when the session has closed (DELETE, idle expiry) and the
 *   runs it started have ended: background runs go on after their session, and get_run /
 *   cancel_run / resume_run from any session keep working (runs are shared). The cost: a
 *   stdio server is one process per session that uses it. Per-server `maxConcurrency`
 *   still holds across all sessions (one slot table).
 * - "shared": every session shares one pool (one process per server); a relayed request
 *   goes to the session with calls in flight on that server, and is refused with a clear
 *   error when several have (downstream/relay.ts).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { DownstreamPool } from '../downstream/pool.js';
import { InMemoryRunRegistry } from '../runs/in-memory-run-registry.js';
import { createServer } from './create-server.js';
import type { ServerDeps } from './deps.js';

export type DownstreamSharing = 'per-session' | 'shared';

export interface SessionServers {
  /** A McpServer for a new session (http.ts calls it per initialize). */
  newServer: () => McpServer;
  /** Downstream pools open now: one per open session, plus closed sessions' with runs still working. */
  openPools: () => number;
  /** Closes every pool now, runs or not (process shutdown). */
  close: () => Promise<void>;
}

export interface PerSessionOptions {
  /** Start every server of a session's pool once its client has initialized (--eager). */
  eager?: boolean;
}

/** Every session on `deps.pool` ("shared"). */
export function sharedSessionServers(deps: ServerDeps): SessionServers {
  return { newServer: () => createServer(deps), openPools: () => 1, close: async () => {} };
}

/** A pool per session ("per-session"); `makePool` builds an empty one. */
export function perSessionServers(deps: ServerDeps, makePool: () => DownstreamPool, options: PerSessionOptions = {}): SessionServers {
  // One registry for all sessions, whatever deps says: a run is found from any session.
  const runs = deps.runs ?? new InMemoryRunRegistry(deps.config.settings.runs);
  const pools = new Set<DownstreamPool>();
  const closing = new Set<Promise<void>>();

  const newServer = (): McpServer => {
    const pool = makePool();
    pools.add(pool);
    let holds = 0;
    let sessionClosed = false;
    let closed = false;
    const closeIfDone = () => {
      if (!sessionClosed || holds > 0 || closed) return;
      closed = true;
      const done = pool.close().catch(() => undefined).finally(() => {
        pools.delete(pool);
        closing.delete(done);
      });
      closing.add(done);
    };
    const holdDownstream = () => {
      holds += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds -= 1;
        closeIfDone();
      };
    };
    const server = createServer({ ...deps, runs, pool, holdDownstream });
    const onclose = server.server.onclose;
    server.server.onclose = () => {
      onclose?.();
      sessionClosed = true;
      closeIfDone();
    };
    if (options.eager) {
      // As in stdio mode: the servers learn the client's capabilities, so start after initialize.
      const initialized = server.server.oninitialized;
      server.server.oninitialized = () => {
        initialized?.();
        void pool.startAll();
      };
    }
    return server;
  };

  return {
    newServer,
    openPools: () => pools.size,
    close: async () => {
      await Promise.all([...[...pools].map((pool) => pool.close().catch(() => undefined)), ...closing]);
      pools.clear();
    },
  };
}
