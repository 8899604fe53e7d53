#!/usr/bin/env node
/**
 * Composition root: args -> config -> pool -> server -> stdio transport.
 * stdout carries only MCP protocol; everything else goes to stderr.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { DownstreamPool } from './downstream/pool.js';
import { DurationStats } from './engine/duration-stats.js';
import { ParallelMcpError } from './errors.js';
import { createStderrLogger } from './log.js';
import { createServer } from './server/create-server.js';
import { startHttpServer } from './server/http.js';
import { serveStdio } from './server/stdio.js';
import { VERSION } from './version.js';

const USAGE = `Usage: parallel-mcp [--config PATH] [--eager] [--http [HOST:]PORT]

Serves MCP over stdio (or Streamable HTTP with --http), proxying the downstream
servers listed in an mcp.json.

Options:
  -c, --config PATH       the mcp.json to read (default: ./mcp.json)
      --eager             start every downstream server at start-up, in parallel
                          (default: start each on first use)
      --http [HOST:]PORT  serve Streamable HTTP at http://HOST:PORT/mcp instead of
                          stdio (HOST default 127.0.0.1; PORT 0 picks a free one)
  -h, --help              show this help
  -v, --version           show the version

Environment: PARALLEL_MCP_LOG=error|warn|info|debug (stderr),
PARALLEL_MCP_HTTP_TOKEN (bearer token required by --http), GEMINI_API_KEY,
GEMINI_MODEL, GEMINI_BASE_URL (analyze_dependencies).`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        config: { type: 'string', short: 'c' },
        eager: { type: 'boolean' },
        http: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`parallel-mcp: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  if (args.version) {
    process.stderr.write(`parallel-mcp ${VERSION}\n`);
    return 0;
  }

  const log = createStderrLogger();
  let config;
  try {
    config = await loadConfig(args.config ?? 'mcp.json', process.env);
  } catch (error) {
    if (error instanceof ParallelMcpError) {
      process.stderr.write(`parallel-mcp: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  for (const warning of config.warnings) log.warn(warning);
  const pool = new DownstreamPool(config.servers, {
    log,
    defaultTimeoutMs: config.settings.timeoutMs,
    startTimeoutMs: config.settings.startTimeoutMs,
    cancelGraceMs: config.settings.cancelGraceMs,
  });
  const deps = { pool, config, log, env: process.env, durations: new DurationStats() };
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
    const token = process.env.PARALLEL_MCP_HTTP_TOKEN;
    const http = await startHttpServer(() => createServer(deps), { ...listen, ...(token ? { token } : {}), log });
    closeUpstream = http.close;
    log.info(`parallel-mcp ${VERSION} serving Streamable HTTP at ${http.url}; config ${config.path}; downstream: ${names}`);
  } else {
    const server = createServer(deps);
    process.stdin.on('end', () => void shutdown('stdin closed'));
    process.stdin.on('close', () => void shutdown('stdin closed'));
    closeUpstream = () => server.close();
    await serveStdio(server, () => void shutdown('transport closed'));
    log.info(`parallel-mcp ${VERSION} serving over stdio; config ${config.path}; downstream: ${names}`);
  }
  if (args.eager || config.settings.eager) void pool.startAll();
  return -1;
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
