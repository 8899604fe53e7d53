/**
 * The start-up front door of the stdio server. The SDK's server and our tools take ~250 ms of
 * CPU to load; a downstream server takes ~0.5 s to start; lazily, the first call waited for
 * both, one after the other. Before any of that loads, this module reads stdin, answers a
 * plain `initialize` itself (the same bytes the SDK would write: identity.ts, and
 * test/server/front-door.test.ts compares both), lets `notifications/initialized` pass, and
 * hands over at the first other message, after telling the caller about it
 * (`onFirstRequest`: cli.ts spawns the stdio servers a first call names, so they boot while
 * the rest loads). Every line read is handed over unread: the SDK's server then sees the
 * whole session from its first byte, `initialize` included (so it knows the client's
 * capabilities and protocol version); its own answer to that initialize is dropped
 * (stdio.ts), since it was already sent.
 *
 * Anything but a plain initialize as the first message (other shapes, bad JSON, `_meta`,
 * icons, a task capability with `requests`) is handed over at once and answered by the SDK.
 */
import type { Readable, Writable } from 'node:stream';
import { Readable as ReadableStream } from 'node:stream';
import { INSTRUCTIONS, SERVER_CAPABILITIES, SERVER_INFO } from './identity.js';

/** The SDK's SUPPORTED_PROTOCOL_VERSIONS, latest first (its LATEST_PROTOCOL_VERSION); the test holds them equal. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly string[] = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05', '2024-10-07'];

/** After `initialized`, how long the door waits for a first request before handing over anyway. */
export const IDLE_HANDOVER_MS = 100;
/** More than this read without a handover: handed over (the transport's own limits apply). */
const MAX_HELD_BYTES = 1024 * 1024;

export interface Handoff {
  /** The id of the initialize answered here; the SDK's answer to it is dropped. */
  answeredId?: string | number;
  /** The answer written for it, to compare with the SDK's. */
  answer?: string;
  /** Where the session's messages are read from now, the first byte included: the stdin given, or a copy of what it held before it ended. */
  input: Readable;
}

export interface FrontDoorOptions {
  stdin: Readable;
  stdout: Writable;
  /** The first message after initialize / initialized, parsed, just before the handover. */
  onFirstRequest?: (message: unknown) => void;
  idleMs?: number;
}

/** Reads and answers until the first request after initialize; resolves with what the SDK's server reads next. */
export function frontDoor(options: FrontDoorOptions): Promise<Handoff> {
  const { stdin, stdout } = options;
  return new Promise((resolve) => {
    const held: Buffer[] = [];
    let heldBytes = 0;
    /** Bytes of `held` already looked at (up to the last newline seen). */
    let scanned = 0;
    let text = '';
    let answeredId: string | number | undefined;
    let answer: string | undefined;
    let done = false;
    let idle: NodeJS.Timeout | undefined;

    const handOver = (ended: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(idle);
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onError);
      const bytes = Buffer.concat(held, heldBytes);
      let input: Readable = stdin;
      if (ended) {
        input = ReadableStream.from(bytes.length > 0 ? [bytes] : []);
      } else {
        stdin.pause();
        if (bytes.length > 0) stdin.unshift(bytes);
      }
      resolve({ input, ...(answeredId === undefined ? {} : { answeredId, answer }) });
    };

    const onLine = (line: string): boolean => {
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        return false;
      }
      if (answeredId === undefined) {
        const lean = leanInitializeAnswer(message);
        if (!lean) return false;
        answeredId = lean.id;
        answer = lean.line;
        stdout.write(lean.line);
        return true;
      }
      if (isInitializedNotification(message)) {
        clearTimeout(idle);
        idle = setTimeout(() => handOver(false), options.idleMs ?? IDLE_HANDOVER_MS);
        return true;
      }
      options.onFirstRequest?.(message);
      return false;
    };

    const onData = (chunk: Buffer) => {
      held.push(chunk);
      heldBytes += chunk.length;
      text += chunk.toString('latin1');
      let newline = text.indexOf('\n', scanned);
      while (newline !== -1) {
        const raw = Buffer.from(text.slice(scanned, newline), 'latin1').toString('utf8');
        scanned = newline + 1;
        if (!onLine(raw)) return handOver(false);
        newline = text.indexOf('\n', scanned);
      }
      if (heldBytes > MAX_HELD_BYTES) handOver(false);
    };
    const onEnd = () => handOver(true);
    const onError = () => handOver(false);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
  });
}

/** The id of a request, if `message` is one. */
export function requestIdOf(message: unknown): string | number | undefined {
  if (!isPlainObject(message) || typeof message.method !== 'string') return undefined;
  return typeof message.id === 'string' || typeof message.id === 'number' ? message.id : undefined;
}

/** The servers a `tools/call` of call_tools_parallel (`calls[].server`) or run_plan (`steps[].server`) names. */
export function serversNamedBy(message: unknown): Set<string> {
  const names = new Set<string>();
  if (!isPlainObject(message) || message.method !== 'tools/call' || !isPlainObject(message.params)) return names;
  const { name, arguments: args } = message.params;
  if (!isPlainObject(args)) return names;
  const list = name === 'call_tools_parallel' ? args.calls : name === 'run_plan' ? args.steps : undefined;
  if (!Array.isArray(list)) return names;
  for (const item of list) if (isPlainObject(item) && typeof item.server === 'string') names.add(item.server);
  return names;
}

function isInitializedNotification(message: unknown): boolean {
  if (!isPlainObject(message)) return false;
  const keys = Object.keys(message);
  return (
    message.jsonrpc === '2.0' &&
    message.method === 'notifications/initialized' &&
    keys.every((key) => key === 'jsonrpc' || key === 'method' || (key === 'params' && isPlainObject(message.params) && Object.keys(message.params).length === 0))
  );
}

/**
 * The SDK's answer to `message`, when it is an initialize request in the plain shape checked
 * here (which the SDK's InitializeRequestSchema accepts); else undefined (the SDK answers).
 */
export function leanInitializeAnswer(message: unknown): { id: string | number; line: string } | undefined {
  if (!isPlainObject(message) || message.jsonrpc !== '2.0' || message.method !== 'initialize') return undefined;
  const { id, params } = message;
  // JSONRPCRequestSchema is strict: no other top-level key.
  if (Object.keys(message).some((key) => key !== 'jsonrpc' && key !== 'id' && key !== 'method' && key !== 'params')) return undefined;
  if (!(typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)))) return undefined;
  if (!isPlainObject(params) || params._meta !== undefined || hasOwn(params, '__proto__')) return undefined;
  const { protocolVersion, capabilities, clientInfo } = params;
  if (typeof protocolVersion !== 'string' || !plainCapabilities(capabilities) || !plainClientInfo(clientInfo)) return undefined;
  const result = {
    protocolVersion: SUPPORTED_PROTOCOL_VERSIONS.includes(protocolVersion) ? protocolVersion : SUPPORTED_PROTOCOL_VERSIONS[0],
    // McpServer announces tools/list_changed once tools are registered.
    capabilities: { ...SERVER_CAPABILITIES, tools: { listChanged: true } },
    serverInfo: SERVER_INFO,
    instructions: INSTRUCTIONS,
  };
  return { id, line: `${JSON.stringify({ result, jsonrpc: '2.0', id })}\n` };
}

function plainClientInfo(info: unknown): boolean {
  if (!isPlainObject(info) || typeof info.name !== 'string' || typeof info.version !== 'string' || hasOwn(info, '__proto__')) return false;
  if (info.icons !== undefined) return false;
  return ['title', 'websiteUrl', 'description'].every((key) => info[key] === undefined || typeof info[key] === 'string');
}

/** ClientCapabilitiesSchema's known keys in the shapes it surely accepts; other keys it drops. */
function plainCapabilities(capabilities: unknown): boolean {
  if (!isPlainObject(capabilities) || hasOwn(capabilities, '__proto__')) return false;
  const { experimental, sampling, elicitation, roots, tasks, extensions } = capabilities;
  if (experimental !== undefined && !recordOfObjects(experimental)) return false;
  if (extensions !== undefined && !recordOfObjects(extensions)) return false;
  if (sampling !== undefined && !(isPlainObject(sampling) && optionalObject(sampling.context) && optionalObject(sampling.tools))) return false;
  if (roots !== undefined && !(isPlainObject(roots) && (roots.listChanged === undefined || typeof roots.listChanged === 'boolean'))) return false;
  if (elicitation !== undefined) {
    if (!isPlainObject(elicitation) || !optionalObject(elicitation.url)) return false;
    const form = elicitation.form;
    if (form !== undefined && !(isPlainObject(form) && (form.applyDefaults === undefined || typeof form.applyDefaults === 'boolean'))) return false;
  }
  if (tasks !== undefined && !(isPlainObject(tasks) && optionalObject(tasks.list) && optionalObject(tasks.cancel) && tasks.requests === undefined)) return false;
  return true;
}

function recordOfObjects(value: unknown): boolean {
  return isPlainObject(value) && !hasOwn(value, '__proto__') && Object.values(value).every((v) => isPlainObject(v));
}

function optionalObject(value: unknown): boolean {
  return value === undefined || isPlainObject(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}
