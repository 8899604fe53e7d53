/**
 * A delegating Transport that lets the connection follow a tools/call past the SDK's own
 * interest in it. The SDK's callTool sends its request synchronously (no await before
 * transport.send), so right after calling it `lastToolCallId` is that request's JSON-RPC id.
 * When the SDK gives up on a request (timeout or abort: it sends one notifications/cancelled
 * and forgets the id), the connection may `watch` the id: a response that still comes is
 * routed to the watcher instead of reaching the SDK (which would report "unknown message ID").
 * It also carries the session's call lane (call-lane.ts), when it has one.
 */
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { CallLane } from './call-lane.js';
import { ObservedStdioTransport } from './stdio-transport.js';

/** A JSON-RPC response or error answer, as it came. */
export type Answer = { result: unknown } | { error: { code: number; message: string; data?: unknown } };

export class WatchedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  /** The id of the last tools/call request sent. */
  lastToolCallId: RequestId | undefined;
  private readonly watchers = new Map<RequestId, (answer: Answer | undefined) => void>();
  /** The call lane (call-lane.ts), for servers whose tools/call may bypass the SDK Client. */
  readonly lane: CallLane | undefined;

  constructor(
    readonly inner: Transport,
    options: { lane?: boolean } = {},
  ) {
    inner.onmessage = (message, extra) => this.receive(message, extra);
    inner.onclose = () => {
      this.endWatches();
      this.onclose?.();
      // After the Client has heard of the close (the connection then knows how the server ended).
      this.lane?.close();
    };
    inner.onerror = (error) => this.onerror?.(error);
    if (options.lane) {
      const stray = (error: Error) => this.onerror?.(error);
      if (inner instanceof ObservedStdioTransport) {
        // Straight from the one JSON.parse of each line, before the SDK's schema parse.
        const lane = new CallLane({ write: (message) => inner.post(message), writeLine: (line) => inner.postLine(line), stray });
        inner.route = (message) => lane.receive(message);
        inner.routeLine = (line) => lane.receiveLine(line);
        this.lane = lane;
      } else {
        this.lane = new CallLane({ write: (message) => void inner.send(message).catch(stray), stray });
      }
    }
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if ('method' in message && message.method === 'tools/call' && 'id' in message) this.lastToolCallId = message.id;
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Routes the answer to request `id` to `onAnswer` (undefined when the transport closes first). */
  watch(id: RequestId, onAnswer: (answer: Answer | undefined) => void): void {
    this.watchers.set(id, onAnswer);
  }

  unwatch(id: RequestId): void {
    this.watchers.delete(id);
  }

  get watching(): number {
    return this.watchers.size;
  }

  private receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    if (this.lane?.receive(message)) return;
    const id = this.watchers.size > 0 && 'id' in message && !('method' in message) ? message.id : undefined;
    if (id !== undefined) {
      const watcher = this.watchers.get(id);
      if (watcher) {
        this.watchers.delete(id);
        watcher('result' in message ? { result: message.result } : (message as { error: { code: number; message: string; data?: unknown } }));
        return;
      }
    }
    this.onmessage?.(message, extra);
  }

  private endWatches(): void {
    const watchers = [...this.watchers.values()];
    this.watchers.clear();
    for (const watcher of watchers) watcher(undefined);
  }
}
