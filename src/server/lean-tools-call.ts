/**
 * A lean path for plain `tools/call` requests to the run tools (call_tools_parallel, run_plan,
 * resume_run): the transport hands such a request here instead of to the SDK's Protocol, which
 * for each one parses the request with CallToolRequestSchema, makes an AbortController and a
 * request context of closures, goes through McpServer's automatic task polling over the task
 * store, and parses the result with CallToolResultSchema before it is sent.
 *
 * It answers exactly as the SDK path does (test/server/lean-tools-call.test.ts compares the
 * bytes of both): the same input parse with the tool's own zod schema and the same error texts
 * (a thrown error becomes an `isError` result), the same run (server/run-tool.ts), the same
 * result; progress goes through the SDK's own notification(); `notifications/cancelled`
 * cancels the run and nothing is answered; a closed transport cancels every call in flight.
 * Anything else — task-augmented calls, other `_meta`, other tools, every other method —
 * goes to the SDK as before, and so does the initialize handshake. Installed on the stdio
 * transport (stdio.ts) and on each Streamable HTTP session's (http.ts).
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { getParseErrorMessage, normalizeObjectSchema, safeParse, safeParseAsync, type AnySchema } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CancelledNotificationSchema, ErrorCode, McpError, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { finishedAnswer } from '../runs/run-answer.js';
import type { RunEnd } from '../runs/run-types.js';
import { checkedToolResult } from './lean-tool-result.js';
import { preparedAnswerLine } from './prepared-answer-line.js';
import { runAnswerLine } from './run-answer-line.js';
import { BoundedStdioServerTransport } from './stdio-transport.js';
import type { RunRequest } from './run-tool.js';

export type LeanResult = Record<string, unknown>;

export interface LeanTool {
  /** The tool as the SDK holds it: its input schema and `enabled` are read at each call. */
  registered: RegisteredTool;
  /** The common input shape taken without the schema (equal to its parse); undefined: parse it. */
  parsePlain?: (args: unknown) => unknown;
  /**
   * The SDK path's work after the input parse: what its handler would answer for `args`,
   * handed to `reply` (answered or failed, once; a throw is a failure too).
   */
  call: (args: unknown, request: LeanRequest, reply: LeanReply) => void;
}

/** Where a lean tool's call ends: its result, or the error its handler would have thrown. */
export interface LeanReply {
  answered(result: LeanResult): void;
  failed(error: unknown): void;
  /** answered(finishedAnswer(end)), written straight from the run's end where it can be (run-answer-line.ts). */
  answeredRun(end: RunEnd): void;
}

/** What the SDK hands a handler (its `extra`), as far as the run tools read it; and the call's params. */
export interface LeanRequest extends Omit<RunRequest, 'createTask'> {
  params: Record<string, unknown>;
}

const leanTools = new WeakMap<McpServer, Map<string, LeanTool>>();

/** Makes `name`'s plain calls go the lean way on transports installLeanToolsCall is given. */
export function registerLeanTool(server: McpServer, name: string, tool: LeanTool): void {
  let tools = leanTools.get(server);
  if (!tools) {
    tools = new Map();
    leanTools.set(server, tools);
  }
  tools.set(name, tool);
}

/**
 * One lean call in flight: whether it was cancelled, who listens for that, and where its
 * answer goes; also the request its tool is handed (a class: one object per request, its
 * reply and its request without closures).
 */
class InFlight implements LeanReply, LeanRequest {
  cancelled = false;
  /** The tool's cancel listener (LeanRequest.onCancel); let go once the call is answered. */
  cancelListener: (() => void) | undefined = undefined;
  readonly sessionId: string | undefined;
  _meta: LeanRequest['_meta'] = undefined;
  #done = false;

  constructor(
    readonly requestId: RequestId,
    public params: Record<string, unknown>,
    private readonly lean: LeanConnection,
  ) {
    this.sessionId = lean.transport.sessionId;
    if (params._meta !== undefined) this._meta = params._meta as LeanRequest['_meta'];
  }

  async sendNotification(notification: Parameters<LeanRequest['sendNotification']>[0]): Promise<void> {
    if (this.cancelled) return;
    await this.lean.server.server.notification(notification, { relatedRequestId: this.requestId });
  }

  onCancel(onCancel: () => void): () => void {
    // Cancelled before the tool listened (the cancellation came in the same read).
    if (this.cancelled) {
      onCancel();
      return NOTHING;
    }
    // Let go when the call is answered, not by the function returned (no closure per request):
    // the run tools stop watching only when their run has ended, and cancelling an ended run
    // changes nothing (RunRegistry.cancel).
    this.cancelListener = onCancel;
    return NOTHING;
  }

  answered(result: LeanResult): void {
    if (this.#done) return;
    this.#done = true;
    this.cancelListener = undefined;
    this.lean.answer(this, result);
  }

  failed(error: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.cancelListener = undefined;
    this.lean.fail(this, error);
  }

  answeredRun(end: RunEnd): void {
    if (this.#done) return;
    this.#done = true;
    this.cancelListener = undefined;
    this.lean.answerRun(this, end);
  }
}

const NOTHING = (): void => {};
/** An answered call's params. */
const ANSWERED: Record<string, unknown> = Object.freeze({});

/** What installLeanToolsCall keeps per transport. */
class LeanConnection {
  readonly inFlight = new Map<RequestId, InFlight>();
  /** Our stdio transport: answers are queued without a promise each (its send never rejects; a write error is the stream's). */
  readonly #stdio: BoundedStdioServerTransport | undefined;

  constructor(
    readonly server: McpServer,
    readonly transport: Transport,
  ) {
    this.#stdio = transport instanceof BoundedStdioServerTransport ? transport : undefined;
  }

  /** Parses the input (the tool's own check first, else its schema) and hands the call to the tool. */
  start(name: string, tool: LeanTool, params: Record<string, unknown>, call: InFlight): void {
    let args: unknown;
    try {
      args = tool.parsePlain?.(params.arguments ?? {});
    } catch (error) {
      call.failed(error);
      return;
    }
    if (args !== undefined && args !== null) {
      this.call(tool, call, args);
      return;
    }
    parseInput(tool.registered, name, params.arguments).then(
      (parsed) => this.call(tool, call, parsed),
      (error: unknown) => call.failed(error),
    );
  }

  call(tool: LeanTool, call: InFlight, args: unknown): void {
    try {
      tool.call(args, call, call);
    } catch (error) {
      call.failed(error);
    }
  }

  /** The write is queued for this turn, and the call is forgotten at once (a cancellation of an answered id is the SDK's alone either way). */
  answer(call: InFlight, result: LeanResult): void {
    if (!call.cancelled) {
      const checked = checkedToolResult(result);
      const id = call.requestId;
      if (checked.ok) this.send({ result: checked.result, jsonrpc: '2.0', id } as JSONRPCMessage);
      else this.send({ jsonrpc: '2.0', id, error: { code: ErrorCode.InvalidParams, message: new McpError(ErrorCode.InvalidParams, `Invalid tools/call result: ${checked.message}`).message } });
    }
    this.forget(call);
  }

  /**
   * A run's foreground answer: on our stdio transport (its send not watched) the line is built
   * from the run's end; anywhere else, or for a shape the line builder leaves, the answer object.
   */
  answerRun(call: InFlight, end: RunEnd): void {
    const stdio = this.#stdio;
    if (call.cancelled || stdio === undefined || stdio.send !== SEND) {
      this.answer(call, finishedAnswer(end));
      return;
    }
    const line = runAnswerLine(end, call.requestId) ?? preparedAnswerLine(end, call.requestId);
    if (line === undefined) {
      this.answer(call, finishedAnswer(end));
      return;
    }
    stdio.sendLine(line);
    this.forget(call);
  }

  fail(call: InFlight, error: unknown): void {
    if (error instanceof McpError && error.code === ErrorCode.UrlElicitationRequired) {
      if (!call.cancelled) this.send({ jsonrpc: '2.0', id: call.requestId, error: { code: error.code, message: error.message, ...(error.data !== undefined && { data: error.data }) } });
      this.forget(call);
      return;
    }
    // McpServer's createToolError.
    this.answer(call, { content: [{ type: 'text', text: error instanceof Error ? error.message : String(error) }], isError: true });
  }

  /** The call is answered (or cancelled): a later cancellation of its id is the SDK's alone. */
  forget(call: InFlight): void {
    if (this.inFlight.get(call.requestId) === call) this.inFlight.delete(call.requestId);
    // Answered: its request's objects are let go. A Map's replaced hash tables still point to
    // the calls they held (for live iterators), and V8's young collector keeps what an old
    // table points to: a kept call kept its whole parsed request through every scavenge
    // (issue 13, as the run registry's entries did).
    call.params = ANSWERED;
    call._meta = undefined;
  }

  send(message: JSONRPCMessage): void {
    const stdio = this.#stdio;
    if (stdio) {
      // Unless send is watched (server/stdio.ts watchAnswers, until the first request is answered).
      if (stdio.send === SEND) stdio.sendQueued(message);
      else void stdio.send(message);
      return;
    }
    this.transport.send(message).catch((error: unknown) => this.server.server.onerror?.(new Error(`Failed to send response: ${error}`)));
  }
}

const SEND = BoundedStdioServerTransport.prototype.send;

function cancel(call: InFlight | undefined): void {
  if (!call || call.cancelled) return;
  call.cancelled = true;
  const onCancel = call.cancelListener;
  call.cancelListener = undefined;
  onCancel?.();
}

/**
 * After `server.connect(transport)`: plain calls of the lean tools are answered here; every
 * other message still goes to the SDK (cancellations too, after they cancelled a lean call).
 */
export function installLeanToolsCall(server: McpServer, transport: Transport): void {
  const tools = leanTools.get(server);
  const sdkOnMessage = transport.onmessage;
  if (!tools || !sdkOnMessage) return;
  const lean = new LeanConnection(server, transport);
  const inFlight = lean.inFlight;

  transport.onmessage = (message, extra) => {
    const tool = leanToolOf(message, tools);
    if (tool) {
      // What leanToolOf checked: a request with such an id and params (no object of its own per message).
      const { id, params } = message as { id: RequestId; params: Record<string, unknown> };
      const call = new InFlight(id, params, lean);
      inFlight.set(id, call);
      lean.start(params.name as string, tool, params, call);
      return;
    }
    if (inFlight.size > 0 && 'method' in message && message.method === 'notifications/cancelled' && !('id' in message)) {
      // What the SDK's own cancel handler accepts (and it ignores a falsy requestId).
      const parsed = CancelledNotificationSchema.safeParse(message);
      const requestId = parsed.success ? parsed.data.params.requestId : undefined;
      if (requestId) cancel(inFlight.get(requestId));
    }
    sdkOnMessage(message, extra);
  };
  const sdkOnClose = transport.onclose;
  transport.onclose = () => {
    // The SDK aborts its handlers in flight when the connection closes; these are cancelled too.
    for (const call of inFlight.values()) cancel(call);
    inFlight.clear();
    sdkOnClose?.();
  };
}

const LEAN_PARAMS: ReadonlySet<string> = new Set(['name', 'arguments', '_meta']);

/** The tool of a plain tools/call of a lean tool: a request id, params { name, arguments?, _meta?: { progressToken? } }. */
function leanToolOf(message: JSONRPCMessage, tools: ReadonlyMap<string, LeanTool>): LeanTool | undefined {
  if (!('method' in message) || message.method !== 'tools/call' || !('id' in message) || message.jsonrpc !== '2.0') return undefined;
  const id: unknown = message.id;
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isSafeInteger(id))) return undefined;
  const params: unknown = message.params;
  if (!isPlainObject(params)) return undefined;
  for (const key in params) if (!LEAN_PARAMS.has(key)) return undefined;
  const name = params.name;
  if (typeof name !== 'string') return undefined;
  const tool = tools.get(name);
  if (!tool || !tool.registered.enabled) return undefined;
  if (params.arguments !== undefined && !isPlainObject(params.arguments)) return undefined;
  const meta = params._meta;
  if (meta !== undefined) {
    if (!isPlainObject(meta)) return undefined;
    for (const key in meta) if (key !== 'progressToken') return undefined;
    const token = meta.progressToken;
    if (token !== undefined && typeof token !== 'string' && !(typeof token === 'number' && Number.isSafeInteger(token))) return undefined;
  }
  return tool;
}

/** McpServer's validateToolInput: the tool's schema, the same error text. */
async function parseInput(tool: RegisteredTool, name: string, args: unknown): Promise<unknown> {
  if (!tool.inputSchema) return undefined;
  const schema: AnySchema = normalizeObjectSchema(tool.inputSchema) ?? tool.inputSchema;
  let parsed: ReturnType<typeof safeParse>;
  try {
    parsed = safeParse(schema, args ?? {});
  } catch {
    // A schema with an async refinement (none of ours): the SDK's own way.
    parsed = await safeParseAsync(schema, args ?? {});
  }
  if (!parsed.success) {
    throw new McpError(ErrorCode.InvalidParams, `Input validation error: Invalid arguments for tool ${name}: ${getParseErrorMessage(parsed.error)}`);
  }
  return parsed.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
