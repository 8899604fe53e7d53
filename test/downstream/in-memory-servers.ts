/**
 * Real McpServers for the pool's integration tests, reached over InMemoryTransport through
 * the pool's transportFactory. Each start of a server builds a new McpServer (as a restarted
 * process would), and `events` records what the downstream side saw.
 */
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import * as z from 'zod';
import type { ServerConfig } from '../../src/config.js';

export function serverConfig(name: string, extra: Partial<ServerConfig> = {}): ServerConfig {
  return { name, transport: 'stdio', command: 'in-memory', args: [], env: {}, headers: {}, disabled: false, ...extra };
}

export interface Interval {
  start: number;
  end: number;
}

/** The largest number of intervals open at one instant. */
export function maxOverlap(intervals: readonly Interval[]): number {
  const points = intervals.flatMap((i) => [
    { at: i.start, delta: 1 },
    { at: i.end, delta: -1 },
  ]);
  points.sort((a, b) => a.at - b.at || a.delta - b.delta); // an end before a start at the same instant
  let open = 0;
  let most = 0;
  for (const point of points) {
    open += point.delta;
    most = Math.max(most, open);
  }
  return most;
}

export class Downstream {
  readonly intervals: Interval[] = [];
  readonly abortedCalls: string[] = [];
  /** Calls of `hang` that reached the server (a call cancelled before it was sent never does). */
  hangsStarted = 0;
  /** The McpServer of each start, latest last. */
  readonly instances: McpServer[] = [];
  private releaseHang: (() => void) | undefined;
  readonly hangAborted: Promise<string>;
  private resolveHangAborted!: (reason: string) => void;

  constructor(private readonly build: (server: McpServer, downstream: Downstream) => void) {
    this.hangAborted = new Promise((resolve) => {
      this.resolveHangAborted = resolve;
    });
  }

  transport(): Transport {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = new McpServer({ name: 'fixture', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });
    this.build(server, this);
    this.instances.push(server);
    void server.connect(serverSide);
    return clientSide;
  }

  /** A promise that never settles by itself: it rejects when `signal` aborts (and records it). */
  hang(name: string, signal: AbortSignal): Promise<never> {
    this.hangsStarted += 1;
    return new Promise((_, reject) => {
      signal.addEventListener('abort', () => {
        this.abortedCalls.push(name);
        this.resolveHangAborted(name);
        reject(new Error('aborted'));
      });
      this.releaseHang = () => reject(new Error('released'));
    });
  }

  release(): void {
    this.releaseHang?.();
  }
}

/** Tools: echo, add (typed args), throws, fails (isError), hang (never answers), slow (interval-recorded), progress. */
export function toolServer(): Downstream {
  return new Downstream(buildToolServer);
}

/** Registers toolServer()'s tools on a fresh McpServer (for Downstream subclasses). */
export function buildToolServer(server: McpServer, downstream: Downstream): void {
  {
    server.registerTool('echo', { description: 'Echoes', inputSchema: { message: z.string() } }, async ({ message }) => ({
      content: [{ type: 'text', text: `Echo: ${message}` }],
    }));
    server.registerTool(
      'add',
      { inputSchema: { a: z.number(), b: z.number(), tags: z.array(z.string()).optional() }, outputSchema: { sum: z.number() }, annotations: { readOnlyHint: true } },
      async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }], structuredContent: { sum: a + b } }),
    );
    server.registerTool('throws', { inputSchema: {} }, async () => {
      throw new Error('the database is on fire');
    });
    server.registerTool('fails', { inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'quota exceeded' }], isError: true }));
    server.registerTool('hang', { inputSchema: {} }, async (_args, extra) => downstream.hang('hang', extra.signal));
    server.registerTool('slow', { inputSchema: { ms: z.number() } }, async ({ ms }) => {
      const interval = { start: performance.now(), end: 0 };
      await new Promise((resolve) => setTimeout(resolve, ms));
      interval.end = performance.now();
      downstream.intervals.push(interval);
      return { content: [{ type: 'text', text: 'done' }] };
    });
    server.registerTool('slow_read', { inputSchema: { ms: z.number() }, annotations: { readOnlyHint: true } }, async ({ ms }) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { content: [{ type: 'text', text: 'read' }] };
    });
    server.registerTool('progress', { inputSchema: {} }, async (_args, extra) => {
      const token = extra._meta?.progressToken;
      if (token !== undefined) {
        for (const progress of [1, 2, 3]) {
          await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, total: 3, message: `step ${progress}` } });
        }
      }
      return { content: [{ type: 'text', text: token === undefined ? 'no token' : 'reported' }] };
    });
  }
}
