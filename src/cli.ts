#!/usr/bin/env node
/**
 * Entry point: args -> config -> (stdio: the start-up front door) -> cli-serve.ts, the rest of
 * the composition root (pool -> server -> transport), loaded only then.
 * stdout carries only MCP protocol; everything else goes to stderr.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Config } from './config/core.js';
import { loadConfig } from './config/load.js';
import { launchOf, prespawn, releasePrespawned } from './downstream/child-spawn.js';
import { ParallelMcpError } from './errors.js';
import { createStderrLogger, type Logger } from './log.js';
import { frontDoor, requestIdOf, serversNamedBy } from './server/front-door.js';
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
  if (args.http !== undefined) {
    const { serve } = await import('./cli-serve.js');
    return serve(args, config, log);
  }
  return serveStdioFast(args, config, log);
}

/**
 * Stdio: the front door answers initialize while nothing else has loaded, and the servers
 * the first call names are spawned before the rest of parallel-mcp loads (with --eager, every
 * stdio server right away); the SDK's server then takes over the session from its first byte.
 */
async function serveStdioFast(args: { eager?: boolean | undefined }, config: Config, log: Logger): Promise<number> {
  const eager = args.eager === true || config.settings.eager === true;
  const stdioServers = config.servers.filter((server) => !server.disabled && server.transport === 'stdio');
  // Until cli-serve.ts installs its shutdown: a signal ends what was spawned ahead, then us.
  const early = () => {
    void releasePrespawned().finally(() => process.exit(0));
  };
  process.once('SIGINT', early);
  process.once('SIGTERM', early);
  if (eager) for (const server of stdioServers) prespawn(launchOf(server));
  let firstRequestId: string | number | undefined;
  const handoff = await frontDoor({
    stdin: process.stdin,
    stdout: process.stdout,
    onFirstRequest: (message) => {
      firstRequestId = requestIdOf(message);
      if (eager) return;
      const named = serversNamedBy(message);
      for (const server of stdioServers) if (named.has(server.name)) prespawn(launchOf(server));
    },
  });
  const { serve } = await import('./cli-serve.js');
  process.off('SIGINT', early);
  process.off('SIGTERM', early);
  return serve(args, config, log, { handoff, ...(firstRequestId === undefined ? {} : { firstRequestId }) });
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
main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`parallel-mcp: fatal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
