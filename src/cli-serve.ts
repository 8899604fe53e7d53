/**
 * The serving half of the composition root: pool -> server -> stdio or HTTP transport, and
 * shutdown. cli.ts (the entry) reads the arguments and the config, and in stdio mode runs the
 * start-up front door (server/front-door.ts) first; this module, the SDK and our tools load
 * after that, while the servers the first call needs are already booting.
 */
import { DownstreamPool } from './downstream/pool.js';
import { releasePrespawned } from './downstream/child-spawn.js';
import { hurryGroupEnds } from './downstream/process-group.js';
import { ParallelMcpError } from './errors.js';
import { InMemoryRunRegistry } from './runs/in-memory-run-registry.js';
import type { Logger } from './log.js';
import type { Config } from './config.js';
import { MAX_HTTP_BODY_BYTES_LIMIT, MAX_HTTP_SESSIONS_LIMIT, type HttpSettings } from './config/http-settings.js';
import { createServer } from './server/create-server.js';
import type { Handoff } from './server/front-door.js';
import { openDurationFile } from './state/duration-file.js';
import type { HttpServerOptions } from './server/http.js';
import { perSessionServers, sharedSessionServers } from './server/session-downstream.js';
import { serveStdio } from './server/stdio.js';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from './version.js';

// Loaded only with --http: Streamable HTTP (the SDK's HTTP transport and hono).
const loadHttp = () => import('./server/http.js');

export interface ServeArgs {
  eager?: boolean | undefined;
  http?: string | undefined;
  'allowed-host'?: string[] | undefined;
  'allowed-origin'?: string[] | undefined;
  'max-sessions'?: string | undefined;
  'max-body-bytes'?: string | undefined;
}

export interface ServeStart {
  /** Stdio: what the front door read and answered. */
  handoff?: Handoff;
  /** Stdio: the id of the first request after initialize, when the front door saw one. */
  firstRequestId?: RequestId;
}

/** Serves until shutdown (-1), or returns an exit code; cli.ts has logged the config's warnings. */
export async function serve(args: ServeArgs, config: Config, log: Logger, start: ServeStart = {}): Promise<number> {
  const poolOptions = {
    log,
    defaultTimeoutMs: config.settings.timeoutMs,
    startTimeoutMs: config.settings.startTimeoutMs,
    cancelGraceMs: config.settings.cancelGraceMs,
  };
  const pool = new DownstreamPool(config.servers, poolOptions);
  const eager = args.eager === true || config.settings.eager === true;
  // The processes boot while we finish starting and the client initializes; each handshake
  // waits for startAll() below.
  if (eager) pool.spawnAll();
  const durationFile = await openDurationFile({ env: process.env, log });
  const runs = new InMemoryRunRegistry(config.settings.runs);
  const deps = { pool, config, log, env: process.env, durations: durationFile.stats, runs };
  const names = config.servers.map((s) => s.name).join(', ') || 'none';

  let closeUpstream: () => Promise<void> = async () => {};
  let shuttingDown = false;
  const shutdown = async (why: string): Promise<void> => {
    // Set before anything awaits: closing the transport calls back into here.
    if (shuttingDown) {
      // A signal while shutting down (an MCP client's SIGTERM 2 s after closing our stdin; its
      // SIGKILL follows at 4 s): our servers' groups get SIGKILL now, so none outlives us.
      if (why === 'SIGTERM' || why === 'SIGINT') {
        log.info(`${why} while shutting down: ending the servers' process groups with SIGKILL now`);
        hurryGroupEnds();
      }
      return;
    }
    shuttingDown = true;
    log.info(`shutting down (${why})`);
    const force = setTimeout(() => process.exit(1), 8000);
    force.unref();
    await closeUpstream().catch(() => {});
    await Promise.all([pool.close(), releasePrespawned()]);
    durationFile.stop();
    await durationFile.flush();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (args.http !== undefined) {
    const listen = parseListen(args.http);
    if (!listen) {
      process.stderr.write(`parallel-mcp: --http: expected [HOST:]PORT with PORT from 0 to 65535, got "${args.http}"\n`);
      await pool.close();
      return 2;
    }
    const limits = httpLimits(args, config.settings.http ?? {});
    if (typeof limits === 'string') {
      process.stderr.write(`parallel-mcp: ${limits}\n`);
      await pool.close();
      return 2;
    }
    const token = process.env.PARALLEL_MCP_HTTP_TOKEN;
    // A downstream pool per session (default), so relayed requests reach their own session; or one for all.
    const sharing = config.settings.http?.downstream ?? 'per-session';
    const sessions =
      sharing === 'shared'
        ? sharedSessionServers(deps)
        : perSessionServers(deps, () => new DownstreamPool(config.servers, { ...poolOptions, slots: pool.slots }), {
            eager,
            ...(config.settings.http?.downstreamIdleMs === undefined ? {} : { idleMs: config.settings.http.downstreamIdleMs }),
          });
    let http;
    try {
      const { startHttpServer } = await loadHttp();
      http = await startHttpServer(sessions.newServer, { ...listen, ...(token ? { token } : {}), ...limits, log });
    } catch (error) {
      await pool.close();
      if (!(error instanceof ParallelMcpError)) throw error;
      process.stderr.write(`parallel-mcp: ${error.message}\n`);
      return 2;
    }
    const httpServer = http;
    closeUpstream = async () => {
      await httpServer.close();
      await sessions.close();
    };
    log.info(`parallel-mcp ${VERSION} serving Streamable HTTP at ${http.url}; config ${config.path}; downstream: ${names} (${sharing})`);
    // The shared pool serves every session ("shared") or those no request can be relayed to.
    if (eager) void pool.startAll();
  } else {
    const server = createServer(deps);
    if (eager) {
      // Their handshakes wait until the client has said what it supports: they are told the
      // same sampling / elicitation / roots capabilities (downstream/relay.ts).
      const initialized = server.server.oninitialized;
      server.server.oninitialized = () => {
        initialized?.();
        void pool.startAll();
      };
    }
    const input = start.handoff?.input ?? process.stdin;
    input.on('end', () => void shutdown('stdin closed'));
    input.on('close', () => void shutdown('stdin closed'));
    closeUpstream = () => server.close();
    await serveStdio(server, () => void shutdown('transport closed'), {
      ...(start.handoff ? { handoff: start.handoff } : {}),
      // Servers spawned for the first request that it did not start after all are ended.
      ...(start.firstRequestId === undefined ? {} : { firstRequest: { id: start.firstRequestId, answered: () => void releasePrespawned() } }),
    });
    log.info(`parallel-mcp ${VERSION} serving over stdio; config ${config.path}; downstream: ${names}`);
  }
  return -1;
}


function httpLimits(
  args: { 'allowed-host'?: string[]; 'allowed-origin'?: string[]; 'max-sessions'?: string; 'max-body-bytes'?: string },
  settings: HttpSettings,
): Pick<HttpServerOptions, 'allowedHosts' | 'allowedOrigins' | 'maxSessions' | 'maxBodyBytes'> | string {
  const maxSessions = integerFlag('--max-sessions', args['max-sessions'], 1, MAX_HTTP_SESSIONS_LIMIT) ?? settings.maxSessions;
  const maxBodyBytes = integerFlag('--max-body-bytes', args['max-body-bytes'], 1024, MAX_HTTP_BODY_BYTES_LIMIT) ?? settings.maxBodyBytes;
  if (typeof maxSessions === 'string') return maxSessions;
  if (typeof maxBodyBytes === 'string') return maxBodyBytes;
  return {
    allowedHosts: [...(settings.allowedHosts ?? []), ...(args['allowed-host'] ?? [])],
    allowedOrigins: [...(settings.allowedOrigins ?? []), ...(args['allowed-origin'] ?? [])],
    ...(maxSessions === undefined ? {} : { maxSessions }),
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  };
}

function integerFlag(name: string, value: string | undefined, min: number, max: number): number | string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return /^\d+$/.test(value) && n >= min && n <= max ? n : `${name}: expected an integer from ${min} to ${max}, got "${value}"`;
}

function parseListen(value: string): { host: string; port: number } | undefined {
  const match = /^(?:(.+):)?(\d+)$/.exec(value);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port > 65535) return undefined;
  return { host: (match[1] ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1'), port };
}

