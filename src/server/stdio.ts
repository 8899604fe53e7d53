/** The stdio upstream transport: the MCP server on this process's stdin/stdout. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { installLeanToolsCall } from './lean-tools-call.js';
import { BoundedStdioServerTransport } from './stdio-transport.js';

/** Connects `server` to stdin/stdout; `onClose` runs when the transport closes. */
export async function serveStdio(server: McpServer, onClose: () => void, options: { maxMessageBytes?: number } = {}): Promise<void> {
  const transport = new BoundedStdioServerTransport(options);
  transport.onclose = onClose;
  await server.connect(transport);
  // Plain calls of the run tools skip the SDK's per-request machinery (same answers).
  installLeanToolsCall(server, transport);
}
