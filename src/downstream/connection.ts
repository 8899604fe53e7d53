/**
 * One downstream server: its SDK client session, started lazily (or eagerly by the pool),
 * its cached tool list (refreshed on tools/list_changed and after every restart), and its
 * life after a crash: in-flight calls fail at once (the SDK rejects them when the transport
 * closes), and the next use starts a new session after the restart backoff.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../config.js';
import { redactorFor, type Redact } from '../config/secrets.js';
import { callError, type CallError, type CallOutcome } from '../engine/outcome.js';
import type { Logger } from '../log.js';
import { VERSION } from '../version.js';
import { abortable, sleep, TimedOut } from './abortable.js';
import { exitOf } from './create-transport.js';
import type { ConnectionRelay, RelayTarget } from './relay.js';
import { RestartBackoff } from './restart-backoff.js';
import { warmWhileFirstStart } from './start-up-warm.js';
import { StderrTail } from './stderr-tail.js';
import { toToolDefinition, type ToolDefinition } from './tool-definition.js';
import { isToolAllowed } from './tool-filter.js';
import { WatchedTransport } from './watched-transport.js';
import { optionsTelling, type CallReceiver } from './call-receiver.js';
import { timeoutRulesOf } from './call-timeout.js';
import { startLaneRequest } from './lane-request.js';
import { sendToolRequest, type CallOptions, type RequestHost, type Session } from './tool-request.js';

export type { CallOptions } from './tool-request.js';

export type ServerState = 'idle' | 'connecting' | 'ready' | 'unavailable' | 'disabled';

export interface ConnectionOptions {
  log: Logger;
  /** A stdio transport is made at once (spawnEarly needs that); others may load first. */
  createTransport: (onStderrLine: (line: string) => void) => Transport | Promise<Transport>;
  /** Each stderr line of a stdio server (default: our stderr, prefixed `[name] `). */
  onStderrLine: (line: string) => void;
  onToolsChanged?: (() => void) | undefined;
  defaultTimeoutMs: number;
  /** Limit for connect + initialize + tools/list. */
  startTimeoutMs: number;
  /** How long a timed-out or cancelled request may still answer (and, on a capped server, keep its slot). */
  cancelGraceMs: number;
  backoff: RestartBackoff;
  now: () => number;
  /** Relays the server's sampling / elicitation / roots requests and logs upstream (downstream/relay.ts). */
  relay?: ConnectionRelay;
}

/** How long after a tools/list_changed the list is fetched again (a burst costs one fetch). */
export const TOOL_REFRESH_DEBOUNCE_MS = 50;

/** The SDK's stdio read buffer refusing a message over its size limit (10 MiB). */
const OVERSIZED_MESSAGE = /exceeded maximum size/;

/** The SDK's HTTP transport errors that mean a stream broke with no way to resume it. */
const LOST_HTTP_STREAM = /^(SSE stream disconnected|Maximum reconnection attempts|Failed to reconnect)/;

export class ServerConnection {
  private session: Session | undefined;
  private starting: Promise<Session> | undefined;
  private listed: ToolDefinition[] = [];
  /** `listed` by name (callTool looks a tool up on every call). */
  private listedByName = new Map<string, ToolDefinition>();
  private lastError: string | undefined;
  private lastFailure: 'start' | 'crash' | undefined;
  private sessions = 0;
  private readonly stderrTail = new StderrTail();
  /** Removes this server's secrets from every message that can reach a tool result. */
  private readonly redact: Redact;
  private readonly closed = new AbortController();
  /** tools/list_changed handling: one refresh at a time, a burst of notifications coalesced. */
  private toolRefreshTimer: ReturnType<typeof setTimeout> | undefined;
  private toolRefreshRunning = false;
  private toolRefreshAgain = false;

  private readonly requestHost: RequestHost;
  /** A process spawned ahead of its handshake (spawnEarly); the next start() connects to it. */
  private early: EarlySpawn | undefined;

  constructor(
    readonly config: ServerConfig,
    private readonly options: ConnectionOptions,
  ) {
    this.redact = redactorFor(config);
    this.requestHost = {
      name: config.name,
      capped: config.maxConcurrency !== undefined,
      graceMs: options.cancelGraceMs,
      resetTimeoutOnProgress: config.resetTimeoutOnProgress === true,
      maxTotalTimeoutMs: config.maxTotalTimeoutMs,
      redact: (message) => this.redact(message),
      now: options.now,
      sessionLost: (session, why) => this.onSessionClosed(session, why),
      requestEnded: (session) => {
        if (session.retiring && session.live === 0) void this.closeRetired(session);
      },
      afterGrace: (session, where, requestId, releaseSlot) => this.afterGrace(session, where, requestId, releaseSlot),
    };
  }

  get name(): string {
    return this.config.name;
  }

  get state(): ServerState {
    if (this.config.disabled) return 'disabled';
    if (this.session && !this.session.ended) return 'ready';
    if (this.starting) return 'connecting';
    return this.lastFailure === 'start' ? 'unavailable' : 'idle';
  }

  private get disabledWhy(): string {
    return this.config.disabledReason === undefined ? 'disabled in the config' : `disabled: ${this.config.disabledReason}`;
  }

  /** readySession would answer the session at once, with no wait (pool.resolveReadyNow). */
  get sessionReadyNow(): boolean {
    return !this.config.disabled && !this.closed.signal.aborted && this.session !== undefined && !this.session.ended;
  }

  /** Why the server is not ready, when it is not. */
  get error(): string | undefined {
    if (this.config.disabled) return this.disabledWhy;
    return this.state === 'ready' ? undefined : this.lastError;
  }

  private get allTools(): ToolDefinition[] {
    return this.listed;
  }

  private set allTools(tools: ToolDefinition[]) {
    this.listed = tools;
    // The first of a name, as a search of the list finds it (a server should list each name once).
    const byName = new Map<string, ToolDefinition>();
    for (const tool of tools) if (!byName.has(tool.name)) byName.set(tool.name, tool);
    this.listedByName = byName;
  }

  /** The cached tools that allow/deny let through. */
  get tools(): ToolDefinition[] {
    return this.allTools.filter((tool) => isToolAllowed(tool.name, this.config));
  }

  /**
   * `tools.find((t) => t.name === name)` without filtering the whole list (issue 13: this runs
   * once per call resolved): the listed tool of that name, when allow/deny let it through.
   */
  allowedTool(name: string): ToolDefinition | undefined {
    const definition = this.listedByName.get(name);
    return definition !== undefined && isToolAllowed(name, this.config) ? definition : undefined;
  }

  /** The cached definition of a listed tool, filtered or not (to tell "denied" from "unknown"). */
  listedTool(name: string): ToolDefinition | undefined {
    return this.listedByName.get(name);
  }

  /**
   * The session, started if need be; a CallError when the server cannot be reached, or when
   * it has not started within `timeoutMs` (the start itself goes on in the background).
   */
  async ready(signal?: AbortSignal, timeoutMs?: number): Promise<CallError | undefined> {
    const result = await this.readySession(signal, timeoutMs);
    return 'code' in result ? result : undefined;
  }

  /**
   * Spawns a stdio server's process now, without the MCP handshake: the first start() (an
   * eager start once the upstream client is initialized, or the first call) then sends
   * initialize on it, so the process boots while parallel-mcp and its client are still
   * starting. Once, before the first start; a process that fails or exits meanwhile fails
   * that start as it would have (the same message, stderr tail and restart backoff).
   */
  spawnEarly(): void {
    if (this.config.disabled || this.config.transport !== 'stdio' || this.closed.signal.aborted) return;
    if (this.early || this.session || this.starting || this.sessions > 0 || this.lastFailure !== undefined) return;
    const transport = this.options.createTransport((line) => this.onStderrLine(line));
    if (transport instanceof Promise) return; // not a stdio transport after all: it starts as usual
    this.stderrTail.clear();
    const early: EarlySpawn = { transport, started: transport.start(), closed: false };
    early.started.catch(() => undefined); // reported by the start that uses it
    // Until start() wraps it (WatchedTransport takes over onclose): an exit before the handshake.
    transport.onclose = () => {
      early.closed = true;
    };
    this.early = early;
  }

  /** Lists the tools again (for servers that do not announce list changes). */
  async refreshTools(): Promise<void> {
    const session = this.session;
    if (!session || session.ended) return;
    try {
      this.allTools = await listAllTools(session.client, this.options.startTimeoutMs);
    } catch (error) {
      this.options.log.debug(`server "${this.name}": tools/list failed: ${messageOf(error)}`);
    }
  }

  get announcesToolChanges(): boolean {
    return this.session?.client.getServerCapabilities()?.tools?.listChanged === true;
  }

  /**
   * Never rejects. The SDK gets a signal of its own per request (it never removes its abort
   * listener); `options.signal` is listened to only while the call is open.
   */
  callTool(tool: string, args: Record<string, unknown>, options: CallOptions = {}, relayTarget: RelayTarget | undefined = options.relayTarget): Promise<CallOutcome> {
    // While in flight, the call's upstream client is the one its server's requests go to.
    const leave = relayTarget === undefined ? undefined : this.options.relay?.enter(relayTarget);
    const taskSupport = this.listedTool(tool)?.execution?.taskSupport;
    const asTask = taskSupport === 'required' || (taskSupport === 'optional' && options.asTask === true);
    return this.callToolNow(tool, args, asTask === (options.asTask === true) ? options : { ...options, asTask }, leave);
  }

  /**
   * callTool for a caller that takes the call's news by callback (call-receiver.ts). The hot
   * case — a live session with a call lane, not a task, not cancelled — goes
   * straight to the lane with no promise; any other goes through callTool (the same decisions,
   * in the same order), its answer handed on.
   */
  startCall(tool: string, args: Record<string, unknown>, options: CallOptions, receiver: CallReceiver, key: number, relayTarget: RelayTarget | undefined = options.relayTarget): void {
    const session = this.session;
    const lane = session?.wire.lane;
    if (
      lane !== undefined &&
      options.asTask !== true &&
      !session!.ended &&
      !this.config.disabled &&
      !this.closed.signal.aborted &&
      options.signal?.aborted !== true &&
      this.listedTool(tool)?.execution?.taskSupport !== 'required'
    ) {
      // callToolNow's figures (the same timeout, the same rules as sendToolRequest works out).
      const timeoutMs = options.timeoutMs ?? this.config.timeoutMs ?? this.options.defaultTimeoutMs;
      const remainingMs = Math.max(1, Math.ceil(timeoutMs - (options.waitedMs ?? 0)));
      // While in flight, the call's upstream client is the one its server's requests go to (callTool's `leave`).
      const leave = relayTarget === undefined ? undefined : this.options.relay?.enter(relayTarget);
      startLaneRequest(this.requestHost, session!, lane, tool, args, options, timeoutRulesOf(this.requestHost, options, timeoutMs, remainingMs), leave, receiver, key);
      return;
    }
    this.callTool(tool, args, optionsTelling(options, receiver, key), relayTarget).then((outcome) => receiver.callReported(key, outcome));
  }

  /** `leave` (the relay's) runs once the call is reported. */
  private callToolNow(tool: string, args: Record<string, unknown>, options: CallOptions, leave: (() => void) | undefined): Promise<CallOutcome> {
    const timeoutMs = options.timeoutMs ?? this.config.timeoutMs ?? this.options.defaultTimeoutMs;
    if (options.signal?.aborted) {
      leave?.();
      return Promise.resolve(this.cancelledBeforeSent(tool));
    }
    const session = this.session;
    const remainingMs = Math.max(1, Math.ceil(timeoutMs - (options.waitedMs ?? 0)));
    // Hot path: a live session, no waiting, no extra promise hops.
    if (session && !session.ended && !this.config.disabled && !this.closed.signal.aborted) {
      return sendToolRequest(this.requestHost, session, tool, args, options, timeoutMs, remainingMs, leave);
    }
    const outcome = this.callAfterStart(tool, args, options, timeoutMs, remainingMs);
    return leave ? outcome.finally(leave) : outcome;
  }

  private async callAfterStart(tool: string, args: Record<string, unknown>, options: CallOptions, timeoutMs: number, budgetMs: number): Promise<CallOutcome> {
    const readyAt = this.options.now();
    const session = await this.readySession(options.signal, budgetMs, timeoutMs);
    if ('code' in session) return { ok: false, error: session };
    if (options.signal?.aborted) return this.cancelledBeforeSent(tool);
    // Time spent starting the server counts against the call's timeout.
    const remainingMs = Math.max(1, Math.ceil(budgetMs - (this.options.now() - readyAt)));
    return sendToolRequest(this.requestHost, session, tool, args, options, timeoutMs, remainingMs);
  }

  /**
   * A cancelled request gave no answer within the grace: it may still be running. On a capped
   * stdio server the process is replaced before the next call (the slot frees once the old
   * one has ended), so calls on it never overlap; elsewhere the slot frees now.
   */
  private afterGrace(session: Session, where: string, requestId: RequestId | undefined, releaseSlot: (() => void) | undefined): void {
    if (this.config.maxConcurrency === undefined || session.ended || this.config.transport !== 'stdio') {
      releaseSlot?.();
      return;
    }
    this.options.log.warn(
      `server "${this.name}": ${where} (request ${String(requestId)}) gave no answer ${this.options.cancelGraceMs} ms after it was given up on; restarting the server before its next call`,
    );
    this.retire(session, releaseSlot);
  }

  /** New calls go to a new session; the old one is closed once its live requests have ended. */
  private retire(session: Session, onClosed?: () => void): void {
    if (!session.retiring) {
      session.retiring = true;
      session.onRetired = [];
      if (this.session === session) this.session = undefined;
    }
    if (onClosed) session.onRetired?.push(onClosed);
    if (session.live === 0) void this.closeRetired(session);
  }

  private async closeRetired(session: Session): Promise<void> {
    if (!session.ended) {
      session.ended = true;
      session.end = 'was restarted by parallel-mcp (a cancelled call ran past its grace)';
      await session.client.close().catch(() => undefined);
    }
    const callbacks = session.onRetired ?? [];
    session.onRetired = [];
    for (const callback of callbacks) callback();
  }

  private cancelledBeforeSent(tool: string): CallOutcome {
    return { ok: false, error: callError('cancelled', `${this.name}.${tool} was cancelled by the caller before it was sent`) };
  }

  /** Ends the session and its process; no restart afterwards. */
  async close(): Promise<void> {
    this.closed.abort();
    if (this.toolRefreshTimer !== undefined) clearTimeout(this.toolRefreshTimer);
    const early = this.early;
    this.early = undefined;
    if (early) await early.transport.close().catch(() => undefined);
    const starting = this.starting;
    if (starting) await starting.catch(() => undefined);
    const session = this.session;
    this.session = undefined;
    if (session) {
      session.ended = true;
      session.end = 'was shut down by parallel-mcp';
      await session.client.close().catch(() => undefined);
    }
  }

  private async readySession(signal?: AbortSignal, timeoutMs?: number, callTimeoutMs: number | undefined = timeoutMs): Promise<Session | CallError> {
    if (this.config.disabled) return callError('server_unavailable', `server "${this.name}" is ${this.disabledWhy}`);
    if (this.closed.signal.aborted) return callError('server_unavailable', `server "${this.name}" is shut down`);
    if (this.session && !this.session.ended) return this.session;
    if (!this.starting) {
      const waitMs = Math.ceil(this.options.backoff.waitMs(this.options.now()));
      if (waitMs > 0 && this.lastFailure === 'start') {
        // It could not start a moment ago: say so at once rather than keep the call waiting.
        return callError('server_unavailable', `server "${this.name}" is unavailable: ${this.lastError}; next start attempt in ${waitMs} ms`);
      }
      this.starting = this.start(waitMs).finally(() => {
        this.starting = undefined;
      });
    }
    try {
      return await abortable(this.starting, signal, timeoutMs);
    } catch (error) {
      if (error instanceof TimedOut) return callError('timeout', `server "${this.name}" did not start within the call's ${callTimeoutMs} ms timeout`);
      if (signal?.aborted) return callError('cancelled', `cancelled by the caller while server "${this.name}" was starting`);
      return callError('server_unavailable', `server "${this.name}" is unavailable: ${messageOf(error)}`);
    }
  }

  private async start(waitMs: number): Promise<Session> {
    if (waitMs > 0) {
      this.options.log.info(`server "${this.name}": restarting in ${waitMs} ms`);
      await sleep(waitMs, this.closed.signal);
    }
    if (this.closed.signal.aborted) throw new Error('the pool is shutting down');
    const early = this.early;
    this.early = undefined;
    if (!early) this.stderrTail.clear();
    let session: Session | undefined;
    // Shutdown aborts a start in progress (one controller per start: the SDK never removes its listeners).
    const startController = new AbortController();
    const onShutdown = () => startController.abort(new Error('the pool is shutting down'));
    this.closed.signal.addEventListener('abort', onShutdown, { once: true });
    let made: Transport | undefined;
    try {
      // A process spawned early that could not be spawned fails here with its own error, as
      // connect() would have failed with it (and is not reported as merely closed below).
      if (early) await early.started;
      const transport = early?.transport ?? (await this.options.createTransport((line) => this.onStderrLine(line)));
      made = transport;
      // A stdio server's process is spawned before the Client is built (its ajv instance, the
      // relay's handlers), so that work overlaps the server's own start-up; connect() then
      // waits for that spawn instead of starting the transport itself.
      const started = early?.started ?? (this.config.transport === 'stdio' ? transport.start() : undefined);
      started?.catch(() => undefined); // connect() reports it
      // A stdio server's plain tools/call requests take the call lane, beside the SDK Client.
      const wire = new WatchedTransport(transport, { lane: this.config.transport === 'stdio' });
      if (started) wire.start = () => started;
      // Declared downstream: the sampling / elicitation / roots capabilities of the upstream clients.
      const declared = this.options.relay?.declare() ?? {};
      // What the Client makes by default; given here so the start-up warm-up can use it.
      const validator = new AjvJsonSchemaValidator();
      const client = new Client(
        { name: 'parallel-mcp', version: VERSION },
        {
          capabilities: declared,
          jsonSchemaValidator: validator,
          listChanged: { tools: { autoRefresh: false, debounceMs: 0, onChanged: () => this.onToolListChanged(session) } },
        },
      );
      this.options.relay?.install(client, declared);
      const current: Session = { client, transport, wire, live: 0, retiring: false, startedAt: this.options.now(), ended: false };
      session = current;
      client.onclose = () => this.onSessionClosed(current);
      client.onerror = (error) => {
        const message = messageOf(error);
        // The SDK then ends the server, which reads as a plain "exited with code 0": keep the cause.
        if (OVERSIZED_MESSAGE.test(message)) current.lastError ??= message;
        this.options.log.debug(`server "${this.name}": ${message}`);
        // Over HTTP a broken response stream is the only sign that the server went away: the
        // request on it would otherwise wait for its timeout. End the session (its calls fail
        // with transport_error at once); the next call starts a new one.
        if (this.config.transport !== 'stdio' && LOST_HTTP_STREAM.test(message)) {
          this.onSessionClosed(current, `lost its connection (${message})`);
        }
      };
      // Spawned early and gone before the handshake: what the Client says when that happens during it.
      if (early?.closed) throw new McpError(ErrorCode.ConnectionClosed, 'Connection closed');
      const connected = client.connect(wire, { timeout: this.options.startTimeoutMs, signal: startController.signal });
      // initialize is written: while the server boots, the code its answers need is warmed (once a process).
      warmWhileFirstStart(validator);
      await connected;
      const tools = await listAllTools(client, this.options.startTimeoutMs, startController.signal);
      if (this.closed.signal.aborted) throw new Error('the pool is shutting down');
      if (current.ended) throw new Error(current.end ?? 'closed the connection');
      this.allTools = tools;
    } catch (error) {
      const ended = session ? exitOf(session.transport) : made === undefined && early ? exitOf(early.transport) : undefined;
      if (session) {
        session.ended = true;
        // Not awaited: closing a stdio server that hangs waits for it to exit (stdin, then
        // SIGTERM after 2 s, then SIGKILL), and the calls waiting for this start should hear of
        // the failure when the start limit passes, not that much later. The process ends on its own.
        void session.client.close().catch(() => undefined);
      }
      const message = this.describeStartFailure(error, ended);
      this.options.backoff.recordFailure(this.options.now());
      this.lastError = message;
      this.lastFailure = 'start';
      this.options.log.warn(`server "${this.name}" is unavailable: ${message}`);
      throw new Error(message, { cause: error });
    } finally {
      this.closed.signal.removeEventListener('abort', onShutdown);
    }
    this.session = session;
    this.lastError = undefined;
    this.lastFailure = undefined;
    this.sessions += 1;
    this.options.log.debug(`server "${this.name}": ready with ${this.allTools.length} tools`);
    if (this.sessions > 1) this.options.onToolsChanged?.();
    return session;
  }

  private onSessionClosed(session: Session, why?: string): void {
    if (session.ended) return;
    session.ended = true;
    // The exit alone can mislead: the SDK ends a server whose message it could not read
    // (over 10 MiB), which then "exited with code 0". Say why.
    const exit = exitOf(session.transport) ?? 'closed the connection';
    session.end = why !== undefined ? this.redact(why) : (session.lastError === undefined ? exit : `${exit} after sending a message too large to read (${session.lastError})`);
    if (this.session !== session) return; // still starting: start() reports it
    this.session = undefined;
    if (this.closed.signal.aborted) return;
    this.options.backoff.recordFailure(this.options.now(), session.startedAt);
    this.lastError = `${session.end}; it restarts on the next call`;
    this.lastFailure = 'crash';
    this.options.log.warn(`server "${this.name}" ${session.end}; it restarts on the next call`);
    void session.transport.close().catch(() => undefined);
  }

  /**
   * A tools/list_changed: the list is fetched again TOOL_REFRESH_DEBOUNCE_MS later, so a burst
   * of notifications costs one tools/list; one that comes during a fetch causes one more after it.
   */
  private onToolListChanged(session: Session | undefined): void {
    if (!session || session.ended || this.session !== session) return;
    if (this.toolRefreshRunning) {
      this.toolRefreshAgain = true;
      return;
    }
    if (this.toolRefreshTimer !== undefined) return;
    this.toolRefreshTimer = setTimeout(() => {
      this.toolRefreshTimer = undefined;
      void this.refreshAfterChange(session);
    }, TOOL_REFRESH_DEBOUNCE_MS);
    this.toolRefreshTimer.unref?.();
  }

  private async refreshAfterChange(session: Session): Promise<void> {
    if (session.ended || this.session !== session) return;
    this.toolRefreshRunning = true;
    try {
      this.allTools = await listAllTools(session.client, this.options.startTimeoutMs);
      this.options.onToolsChanged?.();
    } catch (error) {
      this.options.log.debug(`server "${this.name}": tools/list after list_changed failed: ${messageOf(error)}`);
    } finally {
      this.toolRefreshRunning = false;
    }
    if (this.toolRefreshAgain) {
      this.toolRefreshAgain = false;
      this.onToolListChanged(session);
    }
  }

  private onStderrLine(line: string): void {
    this.stderrTail.push(line); // raw here and in our own log; redacted when shown
    this.options.onStderrLine(line);
  }

  private describeStartFailure(error: unknown, exit: string | undefined): string {
    let message =
      error instanceof McpError && error.code === ErrorCode.RequestTimeout
        ? `it did not finish starting (initialize and tools/list) within ${this.options.startTimeoutMs} ms`
        : messageOf(error);
    const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const causeText = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
    if (causeText !== undefined && !message.includes(causeText)) message += ` (${causeText})`;
    if (exit !== undefined && !message.includes(exit)) message = `it ${exit} during start-up (${message})`;
    if (this.config.transport !== 'stdio') message = `could not connect to ${this.config.url}: ${message}`;
    const stderr = this.stderrTail.causeLines();
    if (stderr.length > 0) message += `; last stderr: ${stderr.join(' | ')}`;
    return this.redact(message);
  }
}

interface EarlySpawn {
  transport: Transport;
  /** transport.start(): resolves once the process has spawned, rejects when it cannot be. */
  started: Promise<void>;
  /** The process ended (or its pipes closed) before the handshake began. */
  closed: boolean;
}

async function listAllTools(client: Client, timeoutMs: number, signal?: AbortSignal): Promise<ToolDefinition[]> {
  const tools: ToolDefinition[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? undefined : { cursor }, { timeout: timeoutMs, ...(signal ? { signal } : {}) });
    tools.push(...page.tools.map(toToolDefinition));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
