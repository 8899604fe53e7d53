/**
 * All downstream servers of the config: resolve a (server, tool) pair, check arguments,
 * call tools under each server's own concurrency cap, report the catalog, shut down.
 * callTool never throws: every failure is a CallOutcome with ok: false.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ServerConfig } from '../config.js';
import { callError, type CallError, type CallOutcome } from '../engine/outcome.js';
import type { Logger } from '../log.js';
import { ArgumentValidator, nestingBeyond } from './argument-validator.js';
import { closeNames } from '../engine/close-names.js';
import { ServerSlotTable, type ServerSlots } from '../engine/server-slots.js';
import { abortable } from './abortable.js';
import { optionsTelling, type CallReceiver } from './call-receiver.js';
import { ServerConnection, type CallOptions, type ServerState } from './connection.js';
import { createTransport } from './create-transport.js';
import { ConnectionRelay, RelayHub, type RelayTarget } from './relay.js';
import { RestartBackoff } from './restart-backoff.js';
import type { ToolDefinition } from './tool-definition.js';

export type { CallOptions, ServerState } from './connection.js';
export type { ToolDefinition } from './tool-definition.js';

export interface ResolvedTool {
  server: string;
  tool: string;
  definition: ToolDefinition;
}

export interface ServerStatus {
  name: string;
  transport: string;
  state: ServerState;
  error?: string;
  tools: ToolDefinition[];
}

export interface PoolOptions {
  log: Logger;
  /** Tests: a transport per server (e.g. InMemoryTransport). Default: stdio / http / sse from the config. */
  transportFactory?: (server: ServerConfig) => Transport;
  defaultTimeoutMs?: number;
  onToolsChanged?: (server: string) => void;
  /** A stdio server's stderr line. Default: written to our stderr as `[server] line`. */
  onStderrLine?: (server: string, line: string) => void;
  /** Waits before restart attempts after consecutive failures (default 0, 250, 1000, 4000, 8000 ms). */
  restartDelaysMs?: readonly number[];
  /** Limit for starting a server (connect, initialize, tools/list) without its own startTimeoutMs. Default 30 s. */
  startTimeoutMs?: number;
  /** How long a timed-out or cancelled call may still answer, for servers without their own cancelGraceMs. Default 5 s. */
  cancelGraceMs?: number;
  /** The per-server limits to count calls in: another pool's (HTTP sessions with pools of their own share one). */
  slots?: ServerSlotTable;
}

const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_START_TIMEOUT_MS = 30_000;
export const DEFAULT_CANCEL_GRACE_MS = 5_000;
const SERVER_TOOL_SEPARATOR = '__';
/** Deeper arguments are refused before sending: the SDK's recursive checks overflow the stack near 5,000. */
export const MAX_ARGUMENT_DEPTH = 1000;

/** How long resolving a tool may wait for servers that are still starting. */
export interface ReadyWait {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class DownstreamPool {
  private readonly connections = new Map<string, ServerConnection>();
  /** The one owner of per-server limits, shared by every batch and plan (and direct callTool calls). */
  readonly slots: ServerSlotTable;
  private readonly validator = new ArgumentValidator();
  /** The upstream sessions that downstream requests are relayed to (downstream/relay.ts). */
  readonly relay = new RelayHub();

  constructor(
    servers: readonly ServerConfig[],
    options: PoolOptions,
  ) {
    const forward = options.onStderrLine ?? ((server: string, line: string) => void process.stderr.write(`[${server}] ${line}\n`));
    for (const server of servers) {
      const factory = options.transportFactory;
      this.connections.set(
        server.name,
        new ServerConnection(server, {
          log: options.log,
          createTransport: factory ? () => factory(server) : (onStderrLine) => createTransport(server, onStderrLine),
          onStderrLine: (line) => forward(server.name, line),
          onToolsChanged: options.onToolsChanged ? () => options.onToolsChanged?.(server.name) : undefined,
          defaultTimeoutMs: options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS,
          startTimeoutMs: server.startTimeoutMs ?? options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
          cancelGraceMs: server.cancelGraceMs ?? options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS,
          backoff: new RestartBackoff(options.restartDelaysMs),
          now: () => performance.now(),
          relay: new ConnectionRelay(server.name, this.relay),
        }),
      );
    }
    const caps = new Map<string, number>();
    for (const server of servers) if (server.maxConcurrency !== undefined) caps.set(server.name, server.maxConcurrency);
    this.slots = options.slots ?? new ServerSlotTable(caps);
  }

  /** The owner of per-server limits, for the scheduler. */
  get serverSlots(): ServerSlots {
    return this.slots;
  }

  get serverNames(): string[] {
    return [...this.connections.keys()];
  }

  /** Spawns every enabled stdio server's process now; its handshake waits for startAll() or its first call (ServerConnection.spawnEarly). */
  spawnAll(): void {
    for (const connection of this.enabled()) connection.spawnEarly();
  }

  /** Starts every enabled server in parallel; failures are logged and shown in catalog(). */
  async startAll(): Promise<void> {
    await Promise.all(this.enabled().map((connection) => connection.ready().catch(() => undefined)));
  }

  /**
   * Finds the tool, starting its server (or, for a bare tool name, every server) if need be.
   * `wait` bounds how long a server that is still starting may hold the caller up.
   */
  async resolveTool(server: string | undefined, tool: string, wait: ReadyWait = {}): Promise<ResolvedTool | CallError> {
    try {
      if (server !== undefined) {
        const found = await this.resolveOn(server, tool, wait);
        // { server: "everything", tool: "everything__echo" }: the prefix repeats the server.
        const prefix = `${server}${SERVER_TOOL_SEPARATOR}`;
        if (!('definition' in found) && found.code === 'unknown_tool' && tool.startsWith(prefix)) {
          const unprefixed = await this.resolveOn(server, tool.slice(prefix.length), wait);
          if ('definition' in unprefixed) return unprefixed;
        }
        return found;
      }
      const prefixed = this.splitPrefixed(tool);
      if (prefixed) return await this.resolveOn(prefixed.server, prefixed.tool, wait);
      return (await this.resolveAnywhere(tool, wait)) ?? callError('internal_error', `resolving tool "${tool}" gave no answer`);
    } catch (error) {
      return callError('internal_error', `resolving tool "${tool}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The tool as far as servers that are ready now can tell, without starting or waiting for
   * any: a resolved tool, a definite error (unknown server; unknown or ambiguous tool among
   * ready servers), or undefined when it depends on a server that is not ready.
   */
  async resolveIfReady(server: string | undefined, tool: string): Promise<ResolvedTool | CallError | undefined> {
    try {
      if (server !== undefined) {
        const connection = this.connections.get(server);
        if (connection && connection.state !== 'ready') return undefined;
        return await this.resolveTool(server, tool);
      }
      const prefixed = this.splitPrefixed(tool);
      if (prefixed) return await this.resolveIfReady(prefixed.server, prefixed.tool);
      return await this.resolveAnywhere(tool, {}, false);
    } catch (error) {
      return callError('internal_error', `resolving tool "${tool}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * resolveIfReady's answer when it is a resolved tool known now, without a turn of the
   * microtask queue: a named (or "server__tool") tool in the cached list of a server whose
   * session is ready. Undefined for anything else (resolveIfReady decides: a bare name, a
   * server not ready, a tool not in the list, errors).
   */
  resolveReadyNow(server: string | undefined, tool: string): ResolvedTool | undefined {
    if (server === undefined) {
      const prefixed = this.splitPrefixed(tool);
      return prefixed ? this.resolveReadyNow(prefixed.server, prefixed.tool) : undefined;
    }
    const connection = this.connections.get(server);
    if (!connection || !connection.sessionReadyNow) return undefined;
    const definition = findTool(connection, tool);
    return definition ? { server, tool: definition.name, definition } : undefined;
  }

  validateArguments(resolved: ResolvedTool, args: Record<string, unknown>): CallError | undefined {
    const tooDeep = nestingBeyond(args, MAX_ARGUMENT_DEPTH);
    if (tooDeep !== undefined) {
      return callError(
        'invalid_arguments',
        `arguments for ${resolved.server}.${resolved.tool} nest deeper than ${MAX_ARGUMENT_DEPTH} levels (at ${tooDeep}); expected at most ${MAX_ARGUMENT_DEPTH}`,
      );
    }
    const check = this.validator.check(resolved.definition.inputSchema, args);
    if (check.valid) return undefined;
    return callError('invalid_arguments', `arguments for ${resolved.server}.${resolved.tool} do not match its inputSchema: ${check.message}`);
  }

  /**
   * Never rejects. A call on a capped server runs in a slot: `options.slot` when the caller
   * (the scheduler) took one, else one this waits for. Without a cap, or with a slot given,
   * this is the connection's call itself, with no extra promise in between.
   */
  callTool(resolved: ResolvedTool, args: Record<string, unknown>, options: CallOptions = {}, relayTarget: RelayTarget | undefined = options.relayTarget): Promise<CallOutcome> {
    const connection = this.connections.get(resolved.server);
    if (!connection) return Promise.resolve({ ok: false, error: callError('unknown_server', `unknown server "${resolved.server}"`) });
    try {
      if (options.slot || this.slots.capOf(resolved.server) === undefined) return connection.callTool(resolved.tool, args, options, relayTarget);
      return this.callInSlot(connection, resolved, args, options, relayTarget).catch((error: unknown) => internalFailure(resolved, error));
    } catch (error) {
      return Promise.resolve(internalFailure(resolved, error));
    }
  }

  /**
   * callTool for a caller that takes the call's news by callback (call-receiver.ts: a flat
   * batch's calls share one receiver, each told by its `key`): no promise, reaction or closure
   * per call on the usual way (a slot given or an uncapped server, the connection's call lane).
   * A pool whose callTool is another (a relay view, a subclass) is asked through it. Never throws.
   */
  startCall(
    resolved: ResolvedTool,
    args: Record<string, unknown>,
    options: CallOptions,
    receiver: CallReceiver,
    key: number,
    relayTarget: RelayTarget | undefined = options.relayTarget,
  ): void {
    const connection = this.connections.get(resolved.server);
    if (connection !== undefined && this.callTool === DownstreamPool.prototype.callTool && (options.slot || this.slots.capOf(resolved.server) === undefined)) {
      try {
        connection.startCall(resolved.tool, args, options, receiver, key, relayTarget);
      } catch (error) {
        queueMicrotask(() => receiver.callReported(key, internalFailure(resolved, error)));
      }
      return;
    }
    this.callTool(resolved, args, optionsTelling(options, receiver, key), relayTarget).then(
      (outcome) => receiver.callReported(key, outcome),
      (error: unknown) => receiver.callReported(key, internalFailure(resolved, error)),
    );
  }

  /**
   * This pool as one run sees it: its calls relay their servers' requests to `target`. Only
   * callTool and startCall differ; state stays the pool's (the view has no fields of its own). The target
   * goes beside the call's options, not into a copy of them (this runs once per call).
   */
  withRelayTarget(target: RelayTarget): DownstreamPool {
    const view = Object.create(this) as DownstreamPool;
    view.callTool = (resolved, args, options = {}) => this.callTool(resolved, args, options, target);
    view.startCall = (resolved, args, options, receiver, key) => this.startCall(resolved, args, options, receiver, key, target);
    return view;
  }

  private async callInSlot(
    connection: ServerConnection,
    resolved: ResolvedTool,
    args: Record<string, unknown>,
    options: CallOptions,
    relayTarget: RelayTarget | undefined,
  ): Promise<CallOutcome> {
    const slot = await this.slots.acquire(resolved.server, options.signal);
    if (!slot) {
      return { ok: false, error: callError('cancelled', `${resolved.server}.${resolved.tool} was cancelled by the caller while waiting for a free slot on its server`) };
    }
    try {
      return await connection.callTool(resolved.tool, args, { ...options, slot }, relayTarget);
    } finally {
      slot.release();
    }
  }

  /**
   * A tool's cached definition, without starting anything (dependency analysis reads its
   * annotations). `server` may be omitted as in resolveTool; undefined when not known now.
   */
  toolInfo(server: string | undefined, tool: string): ToolDefinition | undefined {
    if (server === undefined) {
      const prefixed = this.splitPrefixed(tool);
      if (prefixed) return this.toolInfo(prefixed.server, prefixed.tool);
      const found = this.enabled().flatMap((connection) => connection.tools.filter((t) => t.name === tool));
      return found.length === 1 ? found[0] : undefined;
    }
    const connection = this.connections.get(server);
    return connection && !connection.config.disabled ? findTool(connection, tool) : undefined;
  }

  /** The server a (server, tool) pair names without resolving it: `server`, or the prefix of "server__tool". */
  serverNamed(server: string | undefined, tool: string): string | undefined {
    return server ?? this.splitPrefixed(tool)?.server;
  }

  maxConcurrencyOf(server: string): number | undefined {
    return this.connections.get(server)?.config.maxConcurrency;
  }

  /** Every server with its state and (allowed) tools; starts the enabled ones that are not running. */
  async catalog(): Promise<ServerStatus[]> {
    await this.startAll();
    return [...this.connections.values()].map((connection) => {
      const status: ServerStatus = {
        name: connection.name,
        transport: connection.config.transport,
        state: connection.state,
        tools: connection.state === 'ready' ? connection.tools : [],
      };
      const error = connection.error;
      if (error !== undefined) status.error = error;
      return status;
    });
  }

  /** Closes every session and ends every child process. */
  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.close()));
  }

  private enabled(): ServerConnection[] {
    return [...this.connections.values()].filter((connection) => !connection.config.disabled);
  }

  /** "memory__read_graph" -> memory / read_graph, when a server of that name exists (longest name wins). */
  private splitPrefixed(tool: string): { server: string; tool: string } | undefined {
    let best: { server: string; tool: string } | undefined;
    for (const name of this.connections.keys()) {
      const prefix = name + SERVER_TOOL_SEPARATOR;
      if (tool.startsWith(prefix) && tool.length > prefix.length && (!best || name.length > best.server.length)) {
        best = { server: name, tool: tool.slice(prefix.length) };
      }
    }
    return best;
  }

  private async resolveOn(server: string, tool: string, wait: ReadyWait): Promise<ResolvedTool | CallError> {
    const connection = this.connections.get(server);
    if (!connection) {
      const suggestions = closeNames(server, this.serverNames);
      const hint = suggestions.length > 0 ? `did you mean ${quoteList(suggestions)}?` : `expected one of ${quoteList(this.serverNames) || '(none configured)'}`;
      return callError('unknown_server', `unknown server "${server}"; ${hint}`);
    }
    const unavailable = await connection.ready(wait.signal, wait.timeoutMs);
    if (unavailable) return unavailable;
    let definition = findTool(connection, tool);
    if (!definition && !connection.announcesToolChanges) {
      await connection.refreshTools();
      definition = findTool(connection, tool);
    }
    if (definition) return { server, tool: definition.name, definition };
    if (connection.listedTool(tool)) {
      return callError('unknown_tool', `tool "${tool}" of server "${server}" is hidden by the config's allow/deny lists`);
    }
    const names = connection.tools.map((t) => t.name);
    const suggestions = closeNames(tool, names);
    const hint =
      suggestions.length > 0
        ? `; did you mean ${quoteList(suggestions)}?`
        : names.length === 0
          ? '; it offers no tools'
          : `; it offers ${quoteList(names.slice(0, 10))}${names.length > 10 ? ` and ${names.length - 10} more` : ''}`;
    return callError('unknown_tool', `server "${server}" has no tool "${tool}"${hint}`);
  }

  /**
   * A bare tool name: a ready server that offers it is used at once; only when none does are
   * the servers still starting (or not started) waited for, within `wait`. With `mayWait`
   * false, undefined instead of waiting.
   */
  private async resolveAnywhere(tool: string, wait: ReadyWait, mayWait = true): Promise<ResolvedTool | CallError | undefined> {
    const enabled = this.enabled();
    const offering = () => enabled.filter((connection) => connection.state === 'ready' && findTool(connection, tool));
    let matches = offering();
    if (matches.length === 0) {
      const stale = enabled.filter((connection) => connection.state === 'ready' && !connection.announcesToolChanges);
      await Promise.all(stale.map((connection) => connection.refreshTools()));
      matches = offering();
    }
    const startFailures: CallError[] = [];
    if (matches.length === 0) {
      const notReady = enabled.filter((connection) => connection.state !== 'ready');
      if (notReady.length > 0) {
        if (!mayWait) return undefined;
        let outcomes: Array<CallError | undefined>;
        try {
          // One abort listener for the whole wait, not one per server (many servers, many waiting calls).
          outcomes = await abortable(Promise.all(notReady.map((connection) => connection.ready(undefined, wait.timeoutMs))), wait.signal);
        } catch {
          return callError('cancelled', `cancelled by the caller while waiting for servers ${quoteList(notReady.map((c) => c.name))} to start, to find tool "${tool}"`);
        }
        matches = offering();
        for (const outcome of outcomes) if (outcome) startFailures.push(outcome);
      }
    }
    const [only] = matches;
    if (matches.length === 1 && only) {
      const definition = findTool(only, tool) as ToolDefinition;
      return { server: only.name, tool: definition.name, definition };
    }
    if (matches.length > 1) {
      const servers = matches.map((connection) => connection.name);
      return callError(
        'ambiguous_tool',
        `tool "${tool}" is offered by servers ${quoteList(servers)}; name the server ("server": "${servers[0]}") or write "${servers[0]}${SERVER_TOOL_SEPARATOR}${tool}"`,
      );
    }
    const [firstFailure] = startFailures;
    if (firstFailure) {
      // A server that could not start may be the one that offers it: not an unknown tool.
      return callError(firstFailure.code, `no ready server offers tool "${tool}", and ${startFailures.map((f) => f.message).join('; ')}`);
    }
    const everyTool = enabled.flatMap((connection) => connection.tools.map((t) => ({ server: connection.name, name: t.name })));
    const suggestions = closeNames(tool, everyTool.map((t) => t.name)).map((name) => {
      const owners = everyTool.filter((t) => t.name === name).map((t) => t.server);
      return owners.length === 1 ? `${owners[0]}${SERVER_TOOL_SEPARATOR}${name}` : name;
    });
    let message = `no server offers tool "${tool}"`;
    if (suggestions.length > 0) message += `; did you mean ${quoteList(suggestions)}?`;
    return callError('unknown_tool', message);
  }
}

function findTool(connection: ServerConnection, tool: string): ToolDefinition | undefined {
  return connection.allowedTool(tool);
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function internalFailure(resolved: ResolvedTool, error: unknown): CallOutcome {
  return {
    ok: false,
    error: callError('internal_error', `${resolved.server}.${resolved.tool} failed: ${error instanceof Error ? error.message : String(error)}`),
  };
}
