/** The stdio upstream transport: the MCP server on this process's stdin/stdout. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

/** Connects `server` to stdin/stdout; `onClose` runs when the transport closes. */
export async function serveStdio(server: McpServer, onClose: () => void): Promise<void> {
  const transport = new StdioServerTransport();
  transport.onclose = onClose;
  await server.connect(transport);
}
