/**
 * The client transport for one configured server: our stdio transport, Streamable HTTP or SSE.
 * The HTTP and SSE transports (and the SSE client's EventSource) load when a server of theirs
 * first starts, so a stdio-only start-up does not compile and run them.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ServerConfig } from '../config.js';
import { launchOf } from './child-spawn.js';
import { ObservedStdioTransport } from './stdio-transport.js';

export { defaultEnvironment, INHERITED_ENV_VARS } from './child-spawn.js';

/** A stdio transport at once; an HTTP or SSE one once its module has loaded. */
export function createTransport(server: ServerConfig, onStderrLine: (line: string) => void): Transport | Promise<Transport> {
  switch (server.transport) {
    case 'stdio':
      return new ObservedStdioTransport({ ...launchOf(server), onStderrLine });
    case 'http':
      return import('@modelcontextprotocol/sdk/client/streamableHttp.js').then(
        ({ StreamableHTTPClientTransport }) => new StreamableHTTPClientTransport(new URL(server.url ?? ''), { requestInit: { headers: server.headers } }),
      );
    case 'sse':
      return import('@modelcontextprotocol/sdk/client/sse.js').then(
        ({ SSEClientTransport }) => new SSEClientTransport(new URL(server.url ?? ''), { requestInit: { headers: server.headers } }),
      );
  }
}

/** How the transport's process ended, when it is one we spawned and it has ended. */
export function exitOf(transport: Transport): string | undefined {
  return transport instanceof ObservedStdioTransport ? transport.exit : undefined;
}
