#!/usr/bin/env node
/**
 * Composition root: args -> config -> pool -> server -> stdio transport.
 * stdout carries only MCP protocol; everything else goes to stderr.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { DownstreamPool } from './downstream/pool.js';
import { ParallelMcpError } from './errors.js';
import { InMemoryRunRegistry } from './runs/in-memory-run-registry.js';
import { createStderrLogger } from './log.js';
import { MAX_HTTP_BODY_BYTES_LIMIT, MAX_HTTP_SESSIONS_LIMIT, type HttpSettings } from './config/http-settings.js';
import { createServer } from './server/create-server.js';
import { openDurationFile } from './state/duration-file.js';
import type { HttpServerOptions } from './server/http.js';
import { perSessionServers, sharedSessionServers } from './server/session-downstream.js';
import { serveStdio } from './server/stdio.js';
import { VERSION } from './version.js';

// Loaded only where used: Streamable HTTP (the SDK's HTTP transport and hono) with --http,
// the starter config with `init`. Stdio start-up does not pay for them.
const loadHttp = () => import('./server/http.js');

async function usage(): Promise<string> {
  const { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_SESSIONS } = await loadHttp();
  return `Usage: parallel-mcp [--config PATH] [--eager] [--http [HOST:]PORT [HTTP OPTIONS]]
       parallel-mcp init [PATH] [--force] [--no-fetch]

Serves MCP over stdio (or Streamable HTTP with --http), proxying the downstream
servers listed in an mcp.json.

"init" writes a starter mcp.json to PATH (default ./mcp.json; a folder gets
mcp.json inside) that runs three reference servers through npx -y, fetches
them into npx's cache (so their first start is not a download), and never
overwrites a file unless --force.

Options:
  -c, --config PATH       the mcp.json to read (default: ./mcp.json)
      --eager             start every downstream server at start-up, in parallel
                          (default: start each on first use)
      --http [HOST:]PORT  serve Streamable HTTP at http://HOST:PORT/mcp instead of
                          stdio (HOST default 127.0.0.1; PORT 0 picks a free one).
                          Beyond loopback it needs PARALLEL_MCP_HTTP_TOKEN.
      --allowed-host NAME[:PORT]   accept this Host header too (repeatable;
                          without :PORT any port matches)
      --allowed-origin ORIGIN      accept this Origin too, e.g. https://app.example.com
                          (repeatable; loopback origins on any port always pass)
      --max-sessions N    HTTP sessions open at once (default ${DEFAULT_MAX_SESSIONS}; more get 503)
      --max-body-bytes N  largest request body (default ${DEFAULT_MAX_BODY_BYTES}; more get 413)
      --force             init: overwrite an existing file
      --no-fetch          init: do not fetch the servers into npx's cache now
  -h, --help              show this help
  -v, --version           show the version

Environment: PARALLEL_MCP_LOG=error|warn|info|debug (stderr),
PARALLEL_MCP_HTTP_TOKEN (bearer token every --http request must carry; required
to bind beyond loopback), GEMINI_API_KEY, GEMINI_MODEL, GEMINI_BASE_URL
(analyze_dependencies), PARALLEL_MCP_STATE_DIR (where learned tool durations are
kept; "none" turns that off).`;
}

async function main(): Promise<number> {
  let args;
  let positionals: string[];
  try {
    ({ values: args, positionals } = parseArgs({
      options: {
        config: { type: 'string', short: 'c' },
        eager: { type: 'boolean' },
        http: { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
        'allowed-origin': { type: 'string', multiple: true },
        'max-sessions': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        force: { type: 'boolean' },
        'no-fetch': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    process.stderr.write(`parallel-mcp: ${(error as Error).message}\n\n${await usage()}\n`);
    return 2;
  }
  if (args.help) {
    process.stderr.write(`${await usage()}\n`);
    return 0;
  }
  if (args.version) {
    process.stderr.write(`parallel-mcp ${VERSION}\n`);
    return 0;
  }

  if (positionals[0] === 'init' && positionals.length <= 2) return init(positionals[1] ?? 'mcp.json', args.force === true, args['no-fetch'] !== true);
  if (positionals.length > 0) {
    process.stderr.write(`parallel-mcp: expected no arguments besides options, or "init [PATH]", got "${positionals.join(' ')}"\n\n${await usage()}\n`);
    return 2;
  }

  const httpOnly = (['allowed-host', 'allowed-origin', 'max-sessions', 'max-body-bytes'] as const).filter((flag) => args[flag] !== undefined);
  if (args.http === undefined && httpOnly.length > 0) {
    process.stderr.write(`parallel-mcp: --${httpOnly[0]}: expected together with --http [HOST:]PORT, got it without\n`);
    return 2;
  }

  const log = createStderrLogger();
  let config;
  try {
    config = await loadConfig(args.config ?? 'mcp.json', process.env);
  } catch (error) {
    if (error instanceof ParallelMcpError) {
      const hint = error.code === 'config_not_found' && args.config === undefined ? '; or run "npx parallel-mcp init" to write a starter one' : '';
      process.stderr.write(`parallel-mcp: ${error.message}${hint}\n`);
      return 2;
    }
    throw error;
  }

  for (const warning of config.warnings) log.warn(warning);
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
    if (shuttingDown) return;
    shuttingDown = true;
    log.info(`shutting down (${why})`);
    const force = setTimeout(() => process.exit(1), 8000);
    force.unref();
    await closeUpstream().catch(() => {});
    await pool.close();
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
    process.stdin.on('end', () => void shutdown('stdin closed'));
    process.stdin.on('close', () => void shutdown('stdin closed'));
    closeUpstream = () => server.close();
    await serveStdio(server, () => void shutdown('transport closed'));
    log.info(`parallel-mcp ${VERSION} serving over stdio; config ${config.path}; downstream: ${names}`);
  }
  return -1;
}

async function init(target: string, force: boolean, fetch: boolean): Promise<number> {
  const { prefetchReferenceServers, writeStarterConfig } = await import('./init.js');
  let path;
  try {
    path = await writeStarterConfig(target, { force });
  } catch (error) {
    if (!(error instanceof ParallelMcpError)) throw error;
    process.stderr.write(`parallel-mcp: ${error.message}\n`);
    return 2;
  }
  const say = (text: string) => process.stdout.write(`${text}\n`);
  say(`Wrote ${path}: the reference servers everything, memory and filesystem (rooted at its folder), run with npx -y.`);
  if (fetch) {
    say(`Fetching them into npx's cache, so their first start is not a download (once; --no-fetch skips this) ...`);
    for (const result of await prefetchReferenceServers()) {
      const how = result.error === undefined ? 'fetched' : `NOT fetched (npx -y will try at its first start): ${result.error}`;
      say(`  ${result.spec}: ${how} (${(result.ms / 1000).toFixed(1)} s)`);
    }
  }
  // Absolute paths: a client starts servers from a folder of its own, with a PATH of its own.
  const client = { mcpServers: { parallel: { command: process.execPath, args: [fileURLToPath(import.meta.url), '--config', path] } } };
  say(`Run it:  npx parallel-mcp --config ${JSON.stringify(path)}`);
  say(`In an MCP client's config (Claude Desktop, Cursor):\n${JSON.stringify(client, null, 2)}`);
  return 0;
}

/** The HTTP limits and access lists: flags over `parallelMcp.http`; a string is the usage error. */
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

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`parallel-mcp: fatal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
