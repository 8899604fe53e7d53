/** The stdio upstream transport: the MCP server on this process's stdin/stdout. */
import type { Readable, Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { Handoff } from './front-door.js';
import { installLeanToolsCall } from './lean-tools-call.js';
import { BoundedStdioServerTransport } from './stdio-transport.js';

export interface StdioOptions {
  maxMessageBytes?: number;
  /** Where answers go (default process.stdout; tests give a stream). */
  stdout?: Writable;
  /** What the start-up front door read and answered (front-door.ts): read from its input, its initialize answer not sent again. */
  handoff?: Handoff;
  /** The id of the first request the front door saw, and what to do once it is answered. */
  firstRequest?: { id: RequestId; answered: () => void };
}

/** Connects `server` to stdin/stdout; `onClose` runs when the transport closes. */
export async function serveStdio(server: McpServer, onClose: () => void, options: StdioOptions = {}): Promise<void> {
  const { handoff, firstRequest } = options;
  const transport = new BoundedStdioServerTransport({
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    ...(handoff ? { stdin: handoff.input } : {}),
    ...(options.stdout ? { stdout: options.stdout } : {}),
  });
  transport.onclose = onClose;
  if (handoff?.answeredId !== undefined || firstRequest) watchAnswers(transport, handoff, firstRequest);
  await server.connect(transport);
  // Plain calls of the run tools skip the SDK's per-request machinery (same answers).
  installLeanToolsCall(server, transport);
  // The front door paused it to hold what came meanwhile: reading goes on from its first unread byte.
  if (handoff) (handoff.input as Readable).resume();
}

/**
 * Until both are seen: drops the SDK's answer to the initialize the front door answered (it
 * replays the session from its first byte), and tells when the first request is answered.
 * Then send() is the transport's own again.
 */
function watchAnswers(transport: BoundedStdioServerTransport, handoff: Handoff | undefined, firstRequest: StdioOptions['firstRequest']): void {
  let initialize = handoff?.answeredId !== undefined;
  let first = firstRequest !== undefined;
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage): Promise<void> => {
    const id = 'id' in message && ('result' in message || 'error' in message) ? message.id : undefined;
    if (id !== undefined && initialize && id === handoff?.answeredId) {
      initialize = false;
      if (!first) delete (transport as { send?: unknown }).send;
      const line = `${JSON.stringify(message)}\n`;
      if (line !== handoff.answer) process.stderr.write(`[parallel-mcp] warn: the SDK's initialize answer differs from the one the front door sent: ${line}`);
      return Promise.resolve();
    }
    const sent = send(message);
    if (id !== undefined && first && id === firstRequest?.id) {
      first = false;
      if (!initialize) delete (transport as { send?: unknown }).send;
      firstRequest.answered();
    }
    return sent;
  };
}
