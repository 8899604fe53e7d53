/**
 * A parallel-mcp server on our stdio transport over in-process streams, spoken to in raw
 * JSON-RPC lines: createServer with a real DownstreamPool whose one server ("tools") is
 * in-memory-servers.ts' toolServer, a real McpServer over InMemoryTransport. With `lean`, the
 * lean tools/call path is installed as the CLI installs it. Byte-comparison tests (the lean path
 * against the SDK's, the one-call path against the general one) start two and compare the lines
 * each writes, once run ids and measured times are placeholders (normalizeLines).
 */
import { PassThrough } from 'node:stream';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { silentLogger } from '../../src/log.js';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import { createServer } from '../../src/server/create-server.js';
import { installLeanToolsCall } from '../../src/server/lean-tools-call.js';
import { BoundedStdioServerTransport } from '../../src/server/stdio-transport.js';
import { toolServer, type Downstream } from '../downstream/in-memory-servers.js';

export type Id = string | number;

export interface RawServer {
  downstream: Downstream;
  /** Writes `message` as one line; resolves with every line written until the answer to `id` (itself last). */
  exchange: (message: Record<string, unknown>, id: Id) => Promise<string[]>;
  /** Writes `message` as one line and waits for nothing. */
  write: (message: Record<string, unknown>) => void;
  lines: string[];
  /** Closes the upstream side only (the transport), not the downstream pool. */
  closeServer: () => Promise<void>;
  close: () => Promise<void>;
}

const open: RawServer[] = [];

/** Closes every server started since the last call (for afterEach). */
export async function closeRawServers(): Promise<void> {
  await Promise.all(open.splice(0).map((s) => s.close()));
}

/** A started, initialized server. */
export async function startRawServer(options: { lean: boolean }): Promise<RawServer> {
  const downstream = toolServer();
  const config = parseConfig({ mcpServers: { tools: { command: 'in-memory' } } }, { path: 'in-memory.json', env: {} });
  const pool = new DownstreamPool(config.servers, { log: silentLogger, transportFactory: () => downstream.transport() });
  const server = createServer({ pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = new BoundedStdioServerTransport({ stdin, stdout });
  await server.connect(transport);
  if (options.lean) installLeanToolsCall(server, transport);
  const lines: string[] = [];
  let partial = '';
  const waiting: Array<{ id: Id; from: number; resolve: (lines: string[]) => void }> = [];
  stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      const parsed = JSON.parse(line) as { id?: Id; method?: string };
      const w = parsed.method === undefined ? waiting.findIndex((one) => one.id === parsed.id) : -1;
      if (w >= 0) {
        const [one] = waiting.splice(w, 1);
        one!.resolve(lines.slice(one!.from));
      }
    }
  });
  const write = (message: Record<string, unknown>) => stdin.write(`${JSON.stringify(message)}\n`);
  const raw: RawServer = {
    downstream,
    lines,
    write,
    exchange: (message, id) =>
      new Promise((resolve) => {
        waiting.push({ id, from: lines.length, resolve });
        write(message);
      }),
    closeServer: () => server.close(),
    close: async () => {
      await server.close();
      await pool.close();
    },
  };
  open.push(raw);
  await raw.exchange({ jsonrpc: '2.0', id: 'init', method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }, 'init');
  write({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return raw;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Run ids by order of appearance; measured times (fields, dates and text) as placeholders. */
export function normalizeLines(lines: readonly string[]): string[] {
  const ids = new Map<string, string>();
  return lines.map((line) =>
    line
      .replace(UUID, (id) => {
        if (!ids.has(id)) ids.set(id, `run-${ids.size}`);
        return ids.get(id)!;
      })
      // Present only when a call waited for its server to start: a measurement too.
      .replace(/"wait_ms":[\d.e+-]+,?/g, '')
      .replace(/"(\w+_ms|ms|speedup|efficiency|createdAt|lastUpdatedAt|created_at|updated_at|ended_at)":("[^"]*"|-?[\d.e+-]+)/g, '"$1":"T"')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, 'DATE')
      .replace(/\d+(?:\.\d+)?( ?ms|x|%)/g, 'N$1')
      .replace(/speedup [\d.]+/g, 'speedup N')
      // The summary's words for a wait on a server's start (tools/start-wait.ts): whether a
      // server was still starting when a call came is timing, as wait_ms above is.
      .replace(/, [^,()]+ of it waiting for servers to start/g, '')
      .replace(/ over the other [^,()]+/g, '')
      // Mermaid gantt rows: start and length of each bar.
      .replace(/(:(?:done|crit|active)?,? ?t\d+), \d+, \d+/g, '$1, N, N'),
  );
}
