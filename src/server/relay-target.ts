/**
 * The upstream side of the relay: an upstream session's McpServer as a RelayTarget
 * (downstream/relay.ts). A call's target sends its relayed requests as related to the
 * upstream request that caused them, so that over Streamable HTTP they travel on that
 * request's own response stream, to that session; a background run's, unrelated (on the
 * session's standalone stream), as its request has been answered.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CreateMessageRequest, ElicitRequest, ListRootsRequest, LoggingMessageNotification, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { RelayedCapabilities, RelayHub, RelayTarget } from '../downstream/relay.js';

/** A person may take a while to answer an elicitation; the downstream's own timeout usually ends it sooner. */
const RELAYED_REQUEST_TIMEOUT_MS = 600_000;

export function relayTargetOf(server: McpServer, related?: { requestId: RequestId; sessionId?: string | undefined }): RelayTarget {
  return new SessionRelayTarget(server, related?.sessionId ?? server.server.transport?.sessionId, related?.requestId);
}

/**
 * A class, not an object of closures: every foreground run makes one (create-server.ts), and
 * most never relay anything; the label is worked out when asked.
 */
class SessionRelayTarget implements RelayTarget {
  constructor(
    readonly client: McpServer,
    private readonly sessionId: string | undefined,
    /** The upstream request it is related to; undefined: unrelated (a background run's, the session's own). */
    private readonly requestId: RequestId | undefined,
  ) {}

  get label(): string {
    return this.sessionId === undefined ? 'the client' : `the client of session ${this.sessionId}`;
  }

  capabilities(): RelayedCapabilities {
    const caps = this.client.server.getClientCapabilities() ?? {};
    return {
      ...(caps.sampling ? { sampling: caps.sampling } : {}),
      ...(caps.elicitation ? { elicitation: caps.elicitation } : {}),
      ...(caps.roots ? { roots: caps.roots } : {}),
    };
  }

  createMessage(params: CreateMessageRequest['params'], signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.client.server.createMessage(params, this.options(signal)) as Promise<Record<string, unknown>>;
  }

  elicitInput(params: ElicitRequest['params'], signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.client.server.elicitInput(params, this.options(signal)) as Promise<Record<string, unknown>>;
  }

  listRoots(params: ListRootsRequest['params'], signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.client.server.listRoots(params, this.options(signal)) as Promise<Record<string, unknown>>;
  }

  log(params: LoggingMessageNotification['params']): void {
    void this.client.sendLoggingMessage(params, this.sessionId).catch(() => undefined);
  }

  private options(signal: AbortSignal) {
    return {
      signal,
      timeout: RELAYED_REQUEST_TIMEOUT_MS,
      ...(this.requestId !== undefined ? { relatedRequestId: this.requestId } : {}),
    };
  }
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
