/**
 * The call lane: plain tools/call requests to a stdio (or in-memory) server, sent and
 * answered beside the SDK Client instead of through it. The Client's request machinery
 * (a zod parse of every message and of each result, an AbortController, a timer, handler
 * maps and closures per request) is most of what a proxied call costs; here a call is one
 * map entry and one message each way.
 *
 * The lane's requests use string ids `pm-<n>`, an id space the Client never uses (its ids
 * are numbers), and the id as progress token. Answers and progress for those ids are taken
 * off the wire before the Client sees them (WatchedTransport, and for stdio
 * ObservedStdioTransport right after its one JSON.parse); everything else — initialize,
 * tools/list, server requests for the relay, logging, list_changed, task calls — flows
 * through the Client unchanged. Timeouts and what an answer means stay with the caller
 * (tool-request.ts): the lane only sends, routes and reports the wire closing.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LaneCalls } from './lane-calls.js';
import { readTextAnswer, type TextAnswer } from './text-answer-line.js';

export const LANE_ID_PREFIX = 'pm-';

/** A JSON-RPC error answer, as it came. */
export interface WireError {
  code: number;
  message: string;
  data?: unknown;
}

/** One call waiting on the lane (tool-request.ts implements it). */
export interface LaneCall {
  /** The answer to the request: `result` as it came (unchecked), or the error. */
  answered(result: unknown, error: WireError | undefined): void;
  /** The answer broke JSON-RPC (neither a result nor a well-formed error). */
  malformed(problem: string): void;
  progressed(progress: number, total: number | undefined, message: string | undefined): void;
  /** The wire closed with the request open. */
  closed(): void;
}

export interface LaneWire {
  /** Writes a message now (or in this tick's batch); throws when it cannot be sent. */
  write(message: JSONRPCMessage): void;
  /** Writes a message serialized with its newline (stdio); without it, requests go to `write`. */
  writeLine?(line: string): void;
  /** Something arrived that nobody waits for (reported like the SDK's "unknown message ID"). */
  stray(error: Error): void;
}

/**
 * The tools/call request of the lane as one line: what `JSON.stringify` gives for
 * `{ jsonrpc, id, method, params: { name, arguments, _meta? } }` plus the newline, with only
 * the tool's name and the arguments stringified (`id` is `pm-<n>`: nothing to escape).
 */
export function requestLine(id: string, tool: string, args: Record<string, unknown>, withProgress: boolean): string {
  const argsJson: string | undefined = JSON.stringify(args);
  if (tool !== lastTool) setLastTool(tool);
  const head = argsJson === undefined ? REQUEST_START + id + lastToolHead : REQUEST_START + id + lastToolHeadWithArguments + argsJson;
  return withProgress ? head + ',"_meta":{"progressToken":"' + id + '"}}}\n' : head + '}}\n';
}

const REQUEST_START = '{"jsonrpc":"2.0","id":"';
/** The last tool and what follows the id for it (a batch calls one tool many times): two pieces fewer per line. */
let lastTool = '';
let lastToolHead = '","method":"tools/call","params":{"name":""';
let lastToolHeadWithArguments = lastToolHead + ',"arguments":';
function setLastTool(tool: string): void {
  lastToolHead = '","method":"tools/call","params":{"name":' + JSON.stringify(tool);
  lastToolHeadWithArguments = lastToolHead + ',"arguments":';
  lastTool = tool;
}

export class CallLane {
  private next = 0;
  private readonly calls = new LaneCalls<LaneCall>(LANE_ID_PREFIX);
  private ended = false;
  /** Where receiveLine reads a line's id and text (one for the lane, nothing made per line). */
  private readonly read: TextAnswer = { id: '', text: '' };
  /** Requests sent on the lane since it opened (tests prove the lane is used). */
  sent = 0;

  constructor(private readonly wire: LaneWire) {}

  /** Sends the request; its id. Throws (nothing is kept) when it cannot be sent. */
  open(call: LaneCall, tool: string, args: Record<string, unknown>, withProgress: boolean): string {
    if (this.ended) throw new Error('Not connected');
    const n = ++this.next;
    const id = LANE_ID_PREFIX + String(n);
    const wire = this.wire;
    // Serialized by the template when the wire takes lines (the same bytes as JSON.stringify of the message).
    const line = wire.writeLine ? requestLine(id, tool, args, withProgress) : undefined;
    // Waiting before it is written: a transport may deliver the answer within write().
    this.calls.set(n, id, call);
    try {
      if (line !== undefined) wire.writeLine!(line);
      else wire.write({ jsonrpc: '2.0', id, method: 'tools/call', params: withProgress ? { name: tool, arguments: args, _meta: { progressToken: id } } : { name: tool, arguments: args } });
    } catch (error) {
      this.calls.delete(id);
      throw error;
    }
    this.sent += 1;
    return id;
  }

  /** One notifications/cancelled for request `id`; its answer, if one still comes, still reaches the call. */
  cancel(id: string, reason: string): void {
    if (this.ended) return;
    try {
      this.wire.write({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason } });
    } catch {
      // The wire is gone: nothing runs the request any more.
    }
  }

  /** Stops routing request `id` to its call. */
  forget(id: string): void {
    this.calls.delete(id);
  }

  /** Requests waiting for their answer. */
  get pending(): number {
    return this.calls.size;
  }

  /**
   * Takes the usual answer (one text block, text-answer-line.ts) off the wire as its line, before
   * any JSON.parse: true when it was one and its call waits. Any other line — and an answer to
   * an id nobody waits for, which receive() reports — is left to JSON.parse and receive().
   */
  receiveLine(line: string): boolean {
    const read = this.read;
    if (!readTextAnswer(line, read)) return false;
    const id = read.id;
    const call = this.calls.get(id);
    if (!call) return false;
    this.calls.delete(id);
    // What JSON.parse gives for the line's result: the same keys in the same order.
    call.answered({ content: [{ type: 'text', text: read.text }] }, undefined);
    return true;
  }

  /**
   * Takes a message of the lane off the wire: true when it was one (an answer to a `pm-` id,
   * or progress for a `pm-` token). `message` is what JSON.parse gave, not yet checked.
   */
  receive(message: unknown): boolean {
    if (typeof message !== 'object' || message === null) return false;
    const m = message as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
    const id = m.id;
    if (typeof id === 'string') {
      if (m.method !== undefined || !id.startsWith(LANE_ID_PREFIX)) return false;
      const call = this.calls.get(id);
      if (!call) {
        this.wire.stray(new Error(`Received a response for an unknown message ID: ${JSON.stringify(message).slice(0, 500)}`));
        return true;
      }
      this.calls.delete(id);
      if ('result' in m) {
        call.answered(m.result, undefined);
        return true;
      }
      const error = m.error as WireError | undefined;
      if (typeof error === 'object' && error !== null && typeof error.code === 'number' && typeof error.message === 'string') {
        call.answered(undefined, error);
      } else {
        call.malformed(`expected a JSON-RPC answer with "result" or "error" { code, message }, got ${JSON.stringify(message).slice(0, 200)}`);
      }
      return true;
    }
    if (m.method !== 'notifications/progress' || id !== undefined) return false;
    const params = m.params as { progressToken?: unknown; progress?: unknown; total?: unknown; message?: unknown } | undefined;
    const token = params?.progressToken;
    if (typeof token !== 'string' || !token.startsWith(LANE_ID_PREFIX)) return false;
    const call = this.calls.get(token);
    if (!call || typeof params!.progress !== 'number') {
      this.wire.stray(new Error(`Received a progress notification for an unknown token or without a numeric progress: ${JSON.stringify(message).slice(0, 500)}`));
      return true;
    }
    const total = typeof params!.total === 'number' ? params!.total : undefined;
    const text = typeof params!.message === 'string' ? params!.message : undefined;
    call.progressed(params!.progress, total, text);
    return true;
  }

  /** The wire closed: every open call is told, once; later opens fail. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    for (const call of this.calls.drain()) call.closed();
  }
}
