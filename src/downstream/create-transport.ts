/**
 * The client transport for one configured server: our stdio transport, Streamable HTTP or SSE.
 * The HTTP and SSE transports (and the SSE client's EventSource) load when a server of theirs
 * first starts, so a stdio-only start-up does not compile and run them.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ServerConfig } from '../config.js';
import { ObservedStdioTransport } from './stdio-transport.js';

/** A stdio transport at once; an HTTP or SSE one once its module has loaded. */
export function createTransport(server: ServerConfig, onStderrLine: (line: string) => void): Transport | Promise<Transport> {
  switch (server.transport) {
    case 'stdio':
      return new ObservedStdioTransport({
        command: server.command ?? '',
        args: server.args,
        // The safe default (HOME, PATH, ...; not our whole environment), then the configured env.
        env: { ...defaultEnvironment(), ...server.env },
        cwd: server.cwd,
        onStderrLine,
      });
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

/**
 * The variables a stdio server inherits from our environment: the SDK's list
 * (`DEFAULT_INHERITED_ENV_VARS` and `getDefaultEnvironment` of its client/stdio.js, whose
 * module would also load cross-spawn at start-up), values that are shell functions left out.
 * test/downstream/create-transport.test.ts holds it equal to the SDK's.
 */
export const INHERITED_ENV_VARS: readonly string[] =
  process.platform === 'win32'
    ? ['APPDATA', 'HOMEDRIVE', 'HOMEPATH', 'LOCALAPPDATA', 'PATH', 'PROCESSOR_ARCHITECTURE', 'SYSTEMDRIVE', 'SYSTEMROOT', 'TEMP', 'USERNAME', 'USERPROFILE', 'PROGRAMFILES']
    : ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'];

export function defaultEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const key of INHERITED_ENV_VARS) {
    const value = env[key];
    if (value === undefined || value.startsWith('()')) continue;
    inherited[key] = value;
  }
  return inherited;
}

/** How the transport's process ended, when it is one we spawned and it has ended. */
export function exitOf(transport: Transport): string | undefined {
  return transport instanceof ObservedStdioTransport ? transport.exit : undefined;
}
