/**
 * Relay of the requests a downstream server sends its client — sampling/createMessage,
 * elicitation/create, roots/list — and of its log messages, to the upstream client of the
 * call that caused them.
 *
 * A downstream connection is shared by every upstream session, and MCP does not say which
 * tools/call a server's request belongs to (over stdio nothing links them). So each call
 * records, while it is in flight, the upstream it was made for (its RelayTarget, passed in
 * its CallOptions: a run calls through DownstreamPool.withRelayTarget); a request from the server goes to the one upstream with
 * calls in flight on that server. With none, it goes to the only live upstream session (a
 * server asks for roots when it starts); with several, the server gets a JSON-RPC error
 * naming them rather than a guess. It never waits for an answer that cannot come.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  type ClientCapabilities,
  type CreateMessageRequest,
  type ElicitRequest,
  type ListRootsRequest,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';

/** The key of the downstream server's name in a relayed sampling request's `_meta`. */
export const RELAYED_FROM_META_KEY = 'parallel-mcp/server';

export type RelayedCapabilities = Pick<ClientCapabilities, 'sampling' | 'elicitation' | 'roots'>;

/** An upstream client, as the server edge implements it (server/relay-target.ts). */
export interface RelayTarget {
  /** For messages: "the client" or "session 3f2…". */
  readonly label: string;
  capabilities(): RelayedCapabilities;
  createMessage(params: CreateMessageRequest['params'], signal: AbortSignal): Promise<Record<string, unknown>>;
  elicitInput(params: ElicitRequest['params'], signal: AbortSignal): Promise<Record<string, unknown>>;
  listRoots(params: ListRootsRequest['params'], signal: AbortSignal): Promise<Record<string, unknown>>;
  log(params: LoggingMessageNotification['params']): void;
  /** The same client, seen by a call (targets of one session compare equal by `client`). */
  readonly client: object;
}

/** The live upstream sessions: what parallel-mcp declares downstream is what they declared. */
export class RelayHub {
  private readonly targets = new Set<RelayTarget>();

  add(target: RelayTarget): void {
    this.targets.add(target);
  }

  remove(target: RelayTarget): void {
    this.targets.delete(target);
  }

  get live(): RelayTarget[] {
    return [...this.targets];
  }

  /** The union of the live sessions' sampling, elicitation and roots capabilities. */
  clientCapabilities(): RelayedCapabilities {
    const union: RelayedCapabilities = {};
    for (const target of this.targets) {
      const caps = target.capabilities();
      if (caps.sampling) union.sampling = { ...union.sampling, ...caps.sampling };
      if (caps.elicitation) union.elicitation = { ...union.elicitation, ...caps.elicitation };
      if (caps.roots) union.roots = { ...union.roots, ...caps.roots };
    }
    return union;
  }
}

/** One downstream connection's side of the relay: its calls in flight and its request handlers. */
export class ConnectionRelay {
  /** The upstreams with calls in flight on this server, in the order they got their first. */
  private readonly inflight = new Map<RelayTarget, InFlightTarget>();

  constructor(
    private readonly server: string,
    private readonly hub: RelayHub,
  ) {}

  /** The capabilities to declare to the server when a session starts: the live upstreams'. */
  declare(): RelayedCapabilities {
    return this.hub.clientCapabilities();
  }

  /**
   * Records a call's upstream, if it has one; the returned function ends the record. Passed
   * explicitly, not through AsyncLocalStorage: that turns on async hooks for every promise
   * of the process (Node 20), a cost on every call.
   */
  enter(target: RelayTarget | undefined): (() => void) | undefined {
    if (!target) return undefined;
    // A count per target and one leave function for all its calls (a batch's calls share
    // one target): no map entry or closure per call. Each call's leave runs exactly once.
    let entry = this.inflight.get(target);
    if (entry === undefined) {
      const created: InFlightTarget = { calls: 0, leave: () => {
        if (--created.calls === 0) this.inflight.delete(target);
      } };
      entry = created;
      this.inflight.set(target, created);
    }
    entry.calls += 1;
    return entry.leave;
  }

  /** Installs the handlers for the capabilities `client` was created with. */
  install(client: Client, declared: RelayedCapabilities): void {
    if (declared.sampling) {
      client.setRequestHandler(CreateMessageRequestSchema, async (request, extra) => {
        const target = this.route('sampling/createMessage', 'sampling');
        const params = { ...request.params, _meta: { ...request.params._meta, [RELAYED_FROM_META_KEY]: this.server } };
        return (await target.createMessage(params, extra.signal)) as never;
      });
    }
    if (declared.elicitation) {
      client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
        const target = this.route('elicitation/create', 'elicitation');
        const params = { ...request.params, message: `[${this.server}] ${request.params.message}` };
        return (await target.elicitInput(params as ElicitRequest['params'], extra.signal)) as never;
      });
    }
    if (declared.roots) {
      client.setRequestHandler(ListRootsRequestSchema, async (request, extra) => {
        const target = this.route('roots/list', 'roots');
        return (await target.listRoots(request.params, extra.signal)) as never;
      });
    }
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      const target = this.pick();
      if (!('target' in target)) return;
      const logger = notification.params.logger;
      target.target.log({ ...notification.params, logger: logger === undefined ? this.server : `${this.server}/${logger}` });
    });
  }

  private route(method: string, capability: keyof RelayedCapabilities): RelayTarget {
    const picked = this.pick();
    if (!('target' in picked)) throw relayError(ErrorCode.InvalidRequest, `parallel-mcp cannot relay ${method} from server "${this.server}": ${picked.why}`);
    if (!picked.target.capabilities()[capability]) {
      throw relayError(
        ErrorCode.MethodNotFound,
        `parallel-mcp cannot relay ${method} from server "${this.server}": ${picked.target.label} did not declare the ${capability} capability`,
      );
    }
    return picked.target;
  }

  private pick(): { target: RelayTarget } | { why: string } {
    const byClient = new Map<object, RelayTarget>();
    for (const target of this.inflight.keys()) if (!byClient.has(target.client)) byClient.set(target.client, target);
    const [only] = byClient.values();
    if (byClient.size === 1 && only) return { target: only };
    if (byClient.size > 1) {
      return { why: `calls of ${byClient.size} upstream clients are in flight on it and MCP does not say which one the request belongs to` };
    }
    const live = this.hub.live;
    if (live.length === 1 && live[0]) return { target: live[0] };
    return { why: live.length === 0 ? 'no upstream client is connected' : `no call of one of its ${live.length} upstream clients is in flight on it` };
  }
}

interface InFlightTarget {
  calls: number;
  leave: () => void;
}

/**
 * A JSON-RPC error for the downstream server. Not an McpError: its message already carries
 * "MCP error -32601: ", which the server's SDK would then print twice.
 */
function relayError(code: ErrorCode, message: string): Error {
  return Object.assign(new Error(message), { code });
}
