/**
 * The stdio upstream transport: newline-delimited JSON-RPC on stdin/stdout, like the SDK's
 * StdioServerTransport, except that no message size ends the session. The SDK's ReadBuffer
 * throws on a message over 10 MiB and its transport then closes — parallel-mcp exited with
 * code 0 and answered nothing. Here a line over `maxMessageBytes` is skipped as it streams
 * in (never held whole) and answered with a JSON-RPC error, with the request's id when it
 * can be read from the line's first or last bytes; the next line is read as usual.
 * A line that is not JSON is answered with a JSON-RPC Parse error (-32700, id null, as
 * JSON-RPC 2.0 says and as the SDK's HTTP transport answers); the session goes on.
 */
import process from 'node:process';
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { readTopLevelId } from './request-id.js';

/** The SDK's own limit for one stdio message (STDIO_DEFAULT_MAX_BUFFER_SIZE). */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** JSON-RPC "Invalid Request". */
export const REQUEST_TOO_LARGE_CODE = -32600;
/** JSON-RPC "Parse error": invalid JSON was received. */
export const PARSE_ERROR_CODE = -32700;
/** How much of an oversized line is kept to look for its id: its start and its end. */
const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 4 * 1024;

interface Oversized {
  bytes: number;
  head: Buffer;
  tail: Buffer;
}

export class BoundedStdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #stdin: Readable;
  readonly #stdout: Writable;
  readonly #maxMessageBytes: number;
  #chunks: Buffer[] = [];
  #length = 0;
  #oversized: Oversized | undefined;
  #started = false;
  /** Messages sent since the last write: written together once the current work is done. */
  #queued: string[] = [];
  /** Resolves the promise send() gave for what is queued (made only when send() is used). */
  #written: Promise<void> | undefined;
  #resolveWritten: (() => void) | undefined;

  constructor(options: { stdin?: Readable; stdout?: Writable; maxMessageBytes?: number } = {}) {
    this.#stdin = options.stdin ?? process.stdin;
    this.#stdout = options.stdout ?? process.stdout;
    this.#maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  async start(): Promise<void> {
    if (this.#started) throw new Error('BoundedStdioServerTransport already started');
    this.#started = true;
    this.#stdin.on('data', this.#onData);
    this.#stdin.on('error', this.#onStreamError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    this.#queue(`${JSON.stringify(message)}\n`);
    return (this.#written ??= new Promise((resolve) => {
      this.#resolveWritten = resolve;
    }));
  }

  /**
   * send() for a caller that does not wait for the write (the lean tools/call path): the same
   * queue and the same write, without a promise.
   */
  sendQueued(message: JSONRPCMessage): void {
    this.#queue(`${JSON.stringify(message)}\n`);
  }

  /** sendQueued() of a message already serialized, with its newline (server/run-answer-line.ts). */
  sendLine(line: string): void {
    this.#queue(line);
  }

  /**
   * Queues `text`; what is queued is written in one write after the current microtasks (the
   * answers a chunk from downstream settles go out together: one system call, not one each).
   * send()'s promise resolves once written (or, when stdout is full, drained).
   */
  #queue(text: string): void {
    if (this.#queued.push(text) === 1) process.nextTick(this.#flush);
  }

  readonly #flush = (): void => {
    const queued = this.#queued;
    const out = queued.length === 1 ? queued[0]! : queued.join('');
    this.#queued = [];
    const resolve = this.#resolveWritten;
    this.#written = undefined;
    this.#resolveWritten = undefined;
    if (this.#stdout.write(out)) resolve?.();
    else if (resolve) this.#stdout.once('drain', resolve);
  };

  async close(): Promise<void> {
    this.#stdin.off('data', this.#onData);
    this.#stdin.off('error', this.#onStreamError);
    if (this.#stdin.listenerCount('data') === 0) this.#stdin.pause();
    this.#chunks = [];
    this.#length = 0;
    this.#oversized = undefined;
    this.onclose?.();
  }

  readonly #onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  readonly #onData = (chunk: Buffer | string): void => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    while (start < data.length) {
      const newline = data.indexOf(10, start);
      if (newline === -1) {
        this.#append(data.subarray(start));
        break;
      }
      // A whole line inside this chunk (the usual one): decoded where it lies, with no piece kept.
      if (this.#length === 0 && this.#oversized === undefined && newline - start <= this.#maxMessageBytes) {
        if (newline > start) this.#receive(data.toString('utf8', start, newline));
      } else {
        this.#append(data.subarray(start, newline));
        this.#endLine();
      }
      start = newline + 1;
    }
  };

  #append(piece: Buffer): void {
    if (piece.length === 0) return;
    const over = this.#oversized;
    if (over) {
      over.bytes += piece.length;
      over.tail = keepTail(over.tail, piece);
      return;
    }
    if (this.#length + piece.length <= this.#maxMessageBytes) {
      this.#chunks.push(piece);
      this.#length += piece.length;
      return;
    }
    // Over the limit: keep only the start and the end, to find the id in.
    const head = Buffer.concat([...this.#chunks, piece]).subarray(0, HEAD_BYTES);
    this.#oversized = { bytes: this.#length + piece.length, head: Buffer.from(head), tail: keepTail(Buffer.alloc(0), piece) };
    this.#chunks = [];
    this.#length = 0;
  }

  #endLine(): void {
    const over = this.#oversized;
    if (over) {
      this.#oversized = undefined;
      this.#refuse(over);
      return;
    }
    // A line that came in pieces (split across chunks): one piece is decoded where it lies.
    const chunks = this.#chunks;
    if (chunks.length === 0) return;
    const line = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, this.#length).toString('utf8');
    this.#chunks = [];
    this.#length = 0;
    this.#receive(line);
  }

  /** One whole line, decoded (without its newline): parsed, checked and handed on. */
  #receive(text: string): void {
    const line = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      this.#parseError(error as Error);
      return;
    }
    let message: JSONRPCMessage;
    try {
      // A plain request (every tools/call) is checked by hand; anything else by the SDK's schema.
      message = isPlainRequest(parsed) ? parsed : JSONRPCMessageSchema.parse(parsed);
    } catch (error) {
      this.onerror?.(error as Error);
      return;
    }
    this.onmessage?.(message);
  }

  /** A line that is not JSON: reported, and answered with a Parse error (no id can be read from it). */
  #parseError(error: Error): void {
    this.onerror?.(error);
    const reply = { jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR_CODE, message: `Parse error: ${error.message}` } };
    this.#queue(`${JSON.stringify(reply)}\n`);
  }

  #refuse(over: Oversized): void {
    const found = readTopLevelId(over.head.toString('utf8'), over.tail.toString('utf8'));
    const message = `request too large: ${over.bytes} bytes, limit ${this.#maxMessageBytes}`;
    this.onerror?.(new Error(`refused a message: ${message}${found.id === undefined ? ' (no id found)' : ''}`));
    // A response (to a request of ours) that is too large cannot be answered with an error.
    if (found.isResponse) return;
    const reply: { jsonrpc: '2.0'; id?: RequestId; error: { code: number; message: string } } = {
      jsonrpc: '2.0',
      ...(found.id === undefined ? {} : { id: found.id }),
      error: { code: REQUEST_TOO_LARGE_CODE, message },
    };
    this.#queue(`${JSON.stringify(reply)}\n`);
  }
}

const REQUEST_KEYS: ReadonlySet<string> = new Set(['jsonrpc', 'id', 'method', 'params']);

/**
 * What JSONRPCMessageSchema accepts as a request, for the common shape: a strict object with
 * a (safe) integer or string id, a method, and params that are an object whose `_meta`, if any,
 * holds at most a progressToken. Anything else (false) goes through the schema itself.
 */
export function isPlainRequest(value: unknown): value is JSONRPCMessage {
  if (!isPlainObject(value)) return false;
  const { jsonrpc, id, method, params } = value;
  if (jsonrpc !== '2.0' || typeof method !== 'string') return false;
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isSafeInteger(id))) return false;
  for (const key in value) if (!REQUEST_KEYS.has(key)) return false;
  if (params === undefined) return true;
  if (!isPlainObject(params)) return false;
  const meta = params._meta;
  if (meta === undefined) return true;
  if (!isPlainObject(meta)) return false;
  for (const key in meta) if (key !== 'progressToken') return false;
  const token = meta.progressToken;
  return token === undefined || typeof token === 'string' || (typeof token === 'number' && Number.isSafeInteger(token));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keepTail(tail: Buffer, piece: Buffer): Buffer {
  if (piece.length >= TAIL_BYTES) return Buffer.from(piece.subarray(piece.length - TAIL_BYTES));
  const joined = Buffer.concat([tail, piece]);
  return joined.length > TAIL_BYTES ? Buffer.from(joined.subarray(joined.length - TAIL_BYTES)) : joined;
}
