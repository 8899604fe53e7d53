/**
 * Our stdio client Transport (the SDK's `Transport` interface), for what a proxy needs from
 * the child process that the SDK's StdioClientTransport does not give:
 * - the child runs in its own process group (POSIX), and ending it ends the whole group
 *   (see process-group.ts): a server behind a wrapper (`sh -c`, npx, uvx) that ignores
 *   SIGTERM no longer outlives parallel-mcp, and members left when the leader exits are ended;
 * - how the process ended ("exited with code 3", "was killed by SIGKILL"), for messages;
 * - a start failure (ENOENT, EACCES) turned into a readable message;
 * - stderr piped, drained and handed on line by line (never to stdout);
 * - the messages sent in one tick leave in one write of one string (joined until
 *   process.nextTick, so nothing waits for the next turn of the event loop): the calls
 *   dispatched into the slots freed by one chunk of answers cost one write, not one
 *   Writable.write each into a corked stream and a writev of as many strings;
 * - each line is parsed once (JSON.parse), and a message of the call lane (call-lane.ts) is
 *   handed to `route` before the SDK's schema parse, which only the other messages get; the
 *   lane's usual answer is taken by `routeLine` before any parse (text-answer-line.ts);
 *   partial lines are joined once their newline comes (not one Buffer.concat per chunk);
 * - close() resolves once the whole end sequence has run, and holds the event loop open
 *   meanwhile (its timers are not unref'd), so shutdown cannot exit mid-sequence.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { serializeMessage, STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { childSpawnOptions, spawnChild } from './child-spawn.js';
import { OversizedAnswer, OversizedLine } from './oversized-line.js';
import { endProcessGroup, trackGroup, type EndOptions } from './process-group.js';

export interface StdioOptions {
  command: string;
  args: string[];
  /** The child's whole environment (create-transport.ts merges it over the safe default). */
  env: Record<string, string>;
  cwd?: string | undefined;
  /** Each stderr line of the child, without its newline. */
  onStderrLine: (line: string) => void;
  /** Waits of the end sequence (tests shorten them). */
  end?: Partial<EndOptions>;
}

export class ObservedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Sees each parsed message first: true when it took it (the call lane's answers and progress). */
  route?: (message: unknown) => boolean;
  /** Sees each line before it is parsed: true when it took it (the call lane's usual answer, call-lane.ts receiveLine). */
  routeLine?: (line: string) => boolean;

  /** The child; named as in the SDK's transport, whose tests read its stdin. */
  private _process: ChildProcess | undefined;
  /** The start of a line whose newline has not come yet, in chunks. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** A line over the 10 MiB limit being read past until its newline (oversized-line.ts). */
  private oversized: OversizedLine | undefined;
  private exitDescription: string | undefined;
  private exited: Promise<void> | undefined;
  /** The messages sent in this tick, in order, for the one write at its end. */
  private outgoing = '';
  /** The send() promises waiting on that write. */
  private sendWaiters: Array<() => void> | undefined;
  private readonly flushOutgoing = () => this.flush();
  private ending: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private closeReported = false;
  /** Resolves on the child's 'close': it has exited and its pipes are drained. */
  private streamsClosed: Promise<void> = Promise.resolve();

  constructor(private readonly options: StdioOptions) {}

  start(): Promise<void> {
    if (this._process) throw new Error('ObservedStdioTransport already started');
    return new Promise((resolve, reject) => {
      const child = spawnChild(this.options.command, this.options.args, childSpawnOptions(this.options));
      this._process = child;
      trackGroup(child);
      this.exited = new Promise((exited) => {
        child.once('exit', (code, signal) => {
          this.exitDescription = signal !== null ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
          exited();
          // Members of its group outlive a leader that exits on its own (a crashed wrapper):
          // end them, or they hold the pipes open and run on.
          void this.end();
        });
      });
      child.once('error', (error) => {
        const described = new Error(describeSpawnError(this.options.command, error), { cause: error });
        reject(described);
        this.onerror?.(described);
      });
      child.once('spawn', () => resolve());
      this.streamsClosed = new Promise((closed) =>
        child.once('close', () => {
          closed();
          this.reportClose();
        }),
      );
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.onStdout(chunk));
      child.stdout?.on('error', (error) => this.onerror?.(error));
      forwardLines(child.stderr, this.options.onStderrLine);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this._process?.stdin;
      if (!stdin || !stdin.writable) {
        // A child that has exited, its close not yet reported (a prespawned child that died
        // before it was taken, child-spawn.ts): the message is lost with it, as a write to a
        // live child that then dies is, and the close that follows fails what waits.
        if (this.diedUnreported()) resolve();
        else reject(new Error('Not connected'));
        return;
      }
      this.enqueue(serializeMessage(message));
      (this.sendWaiters ??= []).push(resolve);
    });
  }

  private diedUnreported(): boolean {
    const child = this._process;
    return child !== undefined && (child.exitCode !== null || child.signalCode !== null) && !this.closeReported && this.closing === undefined;
  }

  /** send() without its promise: throws when the child cannot be written to. */
  post(message: JSONRPCMessage): void {
    this.postLine(serializeMessage(message));
  }

  /** A message already serialized, with its newline (the call lane's requests, call-lane.ts). */
  postLine(line: string): void {
    const stdin = this._process?.stdin;
    if (!stdin || !stdin.writable) throw new Error('Not connected');
    this.enqueue(line);
  }

  /** The first message of a tick schedules the one write of all of them. */
  private enqueue(line: string): void {
    if (this.outgoing === '') process.nextTick(this.flushOutgoing);
    this.outgoing += line;
  }

  /** Writes what this tick sent, as one string in one write; send() settles once it is taken (or on 'drain'). */
  private flush(): void {
    const text = this.outgoing;
    if (text === '') return;
    this.outgoing = '';
    const waiters = this.sendWaiters;
    this.sendWaiters = undefined;
    const stdin = this._process?.stdin;
    // Closed since (the end sequence flushes first): the messages are lost with the child, as unflushed writes are.
    const taken = stdin !== undefined && stdin !== null && stdin.writable ? stdin.write(text) : true;
    if (waiters === undefined) return;
    const settle = () => {
      for (const waiter of waiters) waiter();
    };
    if (taken) settle();
    else stdin!.once('drain', settle);
  }

  /**
   * Ends the child and its group: stdin closed, up to 2 s, SIGTERM to the group, up to 2 s,
   * SIGKILL to the group. A second close (the SDK closes on a failed connect, then we do)
   * waits for the first.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.end();
      // Its last stderr lines and answers are read before we report the close (a pipe
      // still held by a process outside the group does not hold us past STREAMS_CLOSE_MS).
      await settleWithin(this.streamsClosed, STREAMS_CLOSE_MS);
      this.clearPartial();
      this.reportClose();
    })();
    return this.closing;
  }

  /** The one end sequence of this child's group, whoever asks first (close, or the leader's exit). */
  private end(): Promise<void> {
    const child = this._process;
    if (!child || child.pid === undefined) return Promise.resolve();
    // What this tick sent goes before stdin is closed.
    this.flush();
    this.ending ??= endProcessGroup(child, { ...this.options.end, leaderExited: this.exited ?? Promise.resolve() });
    return this.ending;
  }

  /** How the child ended, once it has: "exited with code 3" / "was killed by SIGKILL". */
  get exit(): string | undefined {
    return this.exitDescription;
  }

  get pid(): number | undefined {
    return this._process?.pid;
  }

  private onStdout(chunk: Buffer): void {
    if (this.oversized !== undefined || this.partialBytes + chunk.length > STDIO_DEFAULT_MAX_BUFFER_SIZE) {
      chunk = this.readPastOversized(chunk);
      if (chunk.length === 0) return;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.partial.push(chunk);
      this.partialBytes += chunk.length;
      return;
    }
    let start = 0;
    if (this.partialBytes > 0) {
      const first = chunk.indexOf(NEWLINE);
      this.partial.push(chunk.subarray(0, first));
      const line = Buffer.concat(this.partial, this.partialBytes + first);
      this.clearPartial();
      this.onLine(line.toString('utf8'));
      start = first + 1;
    }
    // The whole lines of the chunk decoded at once (a newline byte never sits inside a UTF-8 sequence), then split.
    if (start < last) this.onLines(chunk.toString('utf8', start, last));
    if (last + 1 < chunk.length) {
      this.partial.push(chunk.subarray(last + 1));
      this.partialBytes += chunk.length - last - 1;
    }
  }

  /**
   * Over the SDK's 10 MiB message limit: the line is read past (not held) until its newline;
   * then its answer's id fails only that call (result_too_large), and what follows the
   * newline is read as usual (returned). With no id to read, the session ends as before.
   */
  private readPastOversized(chunk: Buffer): Buffer {
    let line = this.oversized;
    if (line === undefined) {
      line = this.oversized = new OversizedLine();
      for (const piece of this.partial) line.add(piece);
      this.clearPartial();
    }
    const newline = chunk.indexOf(NEWLINE);
    if (newline === -1) {
      line.add(chunk);
      return EMPTY;
    }
    line.add(chunk.subarray(0, newline));
    this.oversized = undefined;
    const id = line.id();
    if (id === undefined) {
      // Nothing tells whose answer it was: nothing more can be read from this server.
      this.onerror?.(new Error(`ReadBuffer exceeded maximum size of ${STDIO_DEFAULT_MAX_BUFFER_SIZE} bytes (a ${line.bytes}-byte message with no id to read)`));
      void this.close();
      return EMPTY;
    }
    const answer = { jsonrpc: '2.0' as const, id, error: { code: -32603, message: `result too large: ${line.bytes} bytes, limit ${STDIO_DEFAULT_MAX_BUFFER_SIZE}`, data: new OversizedAnswer(line.bytes, STDIO_DEFAULT_MAX_BUFFER_SIZE) } };
    if (!this.route?.(answer)) this.onmessage?.(answer);
    return chunk.subarray(newline + 1);
  }

  /** Newline-separated lines, the last without its newline. */
  private onLines(text: string): void {
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      this.onLine(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    this.onLine(start === 0 ? text : text.slice(start));
  }

  /** One line of the child's stdout: parsed once; the lane's messages skip the schema parse. */
  private onLine(text: string): void {
    const line = text.charCodeAt(text.length - 1) === CARRIAGE_RETURN ? text.slice(0, -1) : text;
    let message: JSONRPCMessage;
    try {
      if (this.routeLine?.(line)) return;
      const parsed: unknown = JSON.parse(line);
      if (this.route?.(parsed)) return;
      message = JSONRPCMessageSchema.parse(parsed);
    } catch (error) {
      this.onerror?.(error as Error);
      return;
    }
    this.onmessage?.(message);
  }

  private clearPartial(): void {
    this.partial = [];
    this.partialBytes = 0;
  }

  private reportClose(): void {
    if (this.closeReported) return;
    this.closeReported = true;
    this.onclose?.();
  }
}

const STREAMS_CLOSE_MS = 1000;
const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);
const CARRIAGE_RETURN = 0x0d;

async function settleWithin(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function forwardLines(readable: Readable | null, onLine: (line: string) => void): void {
  if (!readable) return;
  let pending = '';
  readable.setEncoding('utf8');
  readable.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      onLine(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
  readable.on('end', () => {
    if (pending !== '') onLine(pending);
    pending = '';
  });
  readable.on('error', () => {});
}

function describeSpawnError(command: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `could not start "${command}": command not found (ENOENT); check "command" and PATH`;
  if (code === 'EACCES') return `could not start "${command}": permission denied (EACCES)`;
  return `could not start "${command}": ${error instanceof Error ? error.message : String(error)}`;
}
