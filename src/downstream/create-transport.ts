/** The client transport for one configured server: our stdio transport, Streamable HTTP or SSE. */
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ServerConfig } from '../config.js';
import { ObservedStdioTransport } from './stdio-transport.js';

export function createTransport(server: ServerConfig, onStderrLine: (line: string) => void): Transport {
  switch (server.transport) {
    case 'stdio':
      return new ObservedStdioTransport({
        command: server.command ?? '',
        args: server.args,
        // The safe default (HOME, PATH, ...; not our whole environment), then the configured env.
        env: { ...getDefaultEnvironment(), ...server.env },
        cwd: server.cwd,
        onStderrLine,
      });
    case 'http':
      return new StreamableHTTPClientTransport(new URL(server.url ?? ''), { requestInit: { headers: server.headers } });
    case 'sse':
      return new SSEClientTransport(new URL(server.url ?? ''), { requestInit: { headers: server.headers } });
  }
}

/** How the transport's process ended, when it is one we spawned and it has ended. */
export function exitOf(transport: Transport): string | undefined {
  return transport instanceof ObservedStdioTransport ? transport.exit : undefined;
}
