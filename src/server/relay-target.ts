/**
 * The upstream side of the relay: an upstream session's McpServer as a RelayTarget
 * (downstream/relay.ts). A call's target sends its relayed requests as related to the
 * upstream request that caused them, so that over Streamable HTTP they travel on that
 * request's own response stream, to that session; a background run's, unrelated (on the
 * session's standalone stream), as its request has been answered.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { RelayedCapabilities, RelayHub, RelayTarget } from '../downstream/relay.js';

/** A person may take a while to answer an elicitation; the downstream's own timeout usually ends it sooner. */
const RELAYED_REQUEST_TIMEOUT_MS = 600_000;

export function relayTargetOf(server: McpServer, related?: { requestId: RequestId; sessionId?: string | undefined }): RelayTarget {
  const sessionId = related?.sessionId ?? server.server.transport?.sessionId;
  const options = (signal: AbortSignal) => ({
    signal,
    timeout: RELAYED_REQUEST_TIMEOUT_MS,
    ...(related ? { relatedRequestId: related.requestId } : {}),
  });
  return {
    label: sessionId === undefined ? 'the client' : `the client of session ${sessionId}`,
    client: server,
    capabilities: (): RelayedCapabilities => {
      const caps = server.server.getClientCapabilities() ?? {};
      return {
        ...(caps.sampling ? { sampling: caps.sampling } : {}),
        ...(caps.elicitation ? { elicitation: caps.elicitation } : {}),
        ...(caps.roots ? { roots: caps.roots } : {}),
      };
    },
    createMessage: (params, signal) => server.server.createMessage(params, options(signal)) as Promise<Record<string, unknown>>,
    elicitInput: (params, signal) => server.server.elicitInput(params, options(signal)) as Promise<Record<string, unknown>>,
    listRoots: (params, signal) => server.server.listRoots(params, options(signal)) as Promise<Record<string, unknown>>,
    log: (params) => void server.sendLoggingMessage(params, sessionId).catch(() => undefined),
  };
}

/**
 * Registers the session with the hub once its client has initialized (`hubOf` is asked
 * then: which pool a session uses may depend on what its client declared); removes it when
 * it closes.
 */
export function joinRelay(server: McpServer, hubOf: () => RelayHub): void {
  let joined: { hub: RelayHub; target: RelayTarget } | undefined;
  const initialized = server.server.oninitialized;
  server.server.oninitialized = () => {
    joined = { hub: hubOf(), target: relayTargetOf(server) };
    joined.hub.add(joined.target);
    initialized?.();
  };
  const closed = server.server.onclose;
  server.server.onclose = () => {
    if (joined) joined.hub.remove(joined.target);
    closed?.();
  };
}
