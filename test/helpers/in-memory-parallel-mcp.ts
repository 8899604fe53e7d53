/**
 * parallel-mcp's real server (createServer) with a real DownstreamPool whose downstream
 * servers are real McpServers over InMemoryTransport, and a real SDK client in front.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { parseConfig, type ServerConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import { silentLogger } from '../../src/log.js';
import { createServer } from '../../src/server/create-server.js';
import { installLeanToolsCall } from '../../src/server/lean-tools-call.js';
import type { ServerDeps } from '../../src/server/deps.js';
import type { Downstream } from '../downstream/in-memory-servers.js';

export interface InMemoryParallelMcp {
  client: Client;
  pool: DownstreamPool;
  /** What the tools were built from, for calling a tool's function directly. */
  deps: ServerDeps;
  close: () => Promise<void>;
}

export async function startInMemory(
  downstreams: Record<string, Downstream>,
  options: {
    serverOptions?: Record<string, Partial<ServerConfig>>;
    env?: Record<string, string | undefined>;
    client?: Client;
    /** mcp.json's parallelMcp settings, as written. */
    parallelMcp?: Record<string, unknown>;
    /** Plain calls of the run tools take the lean path, as over stdio (default true); false: the SDK's. */
    lean?: boolean;
  } = {},
): Promise<InMemoryParallelMcp> {
  const mcpServers = Object.fromEntries(
    Object.keys(downstreams).map((name) => [name, { command: 'in-memory', ...options.serverOptions?.[name] }]),
  );
  const config = parseConfig({ mcpServers, ...(options.parallelMcp ? { parallelMcp: options.parallelMcp } : {}) }, { path: 'in-memory.json', env: {} });
  const pool = new DownstreamPool(config.servers, {
    log: silentLogger,
    transportFactory: (server) => downstreams[server.name]!.transport(),
  });
  const deps: ServerDeps = { pool, config, log: silentLogger, env: options.env ?? {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) };
  const server = createServer(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  if (options.lean !== false) installLeanToolsCall(server, serverSide);
  const client = options.client ?? new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(clientSide);
  return {
    client,
    pool,
    deps,
    close: async () => {
      await client.close();
      await server.close();
      await pool.close();
    },
  };
}
