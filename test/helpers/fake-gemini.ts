/**
 * A loopback stand-in for the Gemini REST API: `POST /v1beta/models/{model}:generateContent`
 * on 127.0.0.1. Each request is recorded with when it arrived and when it was answered
 * (performance.now(), this process), so tests prove overlap from the server's own
 * intervals. The reply comes from `respond` (per request) or else the fixed `reply`; any
 * reply may wait `delayMs` first (seeded latency).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
  /** performance.now() when the whole request body had arrived. */
  received_ms: number;
  /** performance.now() when the answer was written (undefined: not answered). */
  answered_ms?: number;
  /** performance.now() when the client closed the connection before an answer (an aborted request). */
  aborted_ms?: number;
}

export type FakeReply = (
  | { kind: 'text'; text: string; usage?: { promptTokenCount: number; candidatesTokenCount: number } }
  | { kind: 'http'; status: number; message: string; details?: unknown[]; headers?: Record<string, string> }
  | { kind: 'hang' }
) & {
  delayMs?: number;
  /** The answer waits for this too (e.g. until N requests have arrived), then for `delayMs`. */
  waitFor?: Promise<unknown>;
};

export interface FakeGemini {
  baseUrl: string;
  requests: RecordedRequest[];
  reply: FakeReply;
  /** When set, decides each reply (overrides `reply`). */
  respond: ((request: RecordedRequest) => FakeReply) | undefined;
  close(): Promise<void>;
}

export function geminiAnswer(text: string, usage = { promptTokenCount: 10, candidatesTokenCount: 10 }) {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { ...usage, totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount },
  };
}

/**
 * Resolves once `count` calls of `arrive()` were made, or after `maxWaitMs` (so a test
 * whose requests never all arrive ends, and fails on its overlap assertion).
 */
export function arrivals(count: number, maxWaitMs = 3000): { arrive: () => void; all: Promise<void> } {
  let seen = 0;
  let open!: () => void;
  const all = new Promise<void>((resolve) => (open = resolve));
  const timer = setTimeout(open, maxWaitMs);
  return {
    all,
    arrive: () => {
      if (++seen >= count) {
        clearTimeout(timer);
        open();
      }
    },
  };
}

/** The text of a recorded request's contents (every part of every turn), for matching. */
export function requestText(request: RecordedRequest): string {
  const contents = (request.body?.contents ?? []) as Array<{ parts?: Array<{ text?: string }> }>;
  return contents.flatMap((c) => (c.parts ?? []).map((p) => p.text ?? '')).join('\n');
}

export async function startFakeGemini(): Promise<FakeGemini> {
  const requests: RecordedRequest[] = [];
  const fake: FakeGemini = {
    baseUrl: '',
    requests,
    reply: { kind: 'text', text: '{"edges": []}' },
    respond: undefined,
    close: async () => {},
  };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, received_ms: performance.now() };
      requests.push(recorded);
      res.on('close', () => {
        if (recorded.answered_ms === undefined) recorded.aborted_ms = performance.now();
      });
      if (!/^\/v1beta\/models\/[^/:]+:generateContent$/.test(req.url ?? '') || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 404, message: 'not found', status: 'NOT_FOUND' } }));
        return;
      }
      const reply = fake.respond ? fake.respond(recorded) : fake.reply;
      if (reply.kind === 'hang') return; // never answers; the client must abort
      const send = () => {
        if (res.destroyed) return;
        recorded.answered_ms = performance.now();
        if (reply.kind === 'http') {
          res
            .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
            .end(JSON.stringify({ error: { code: reply.status, message: reply.message, status: 'ERROR', ...(reply.details ? { details: reply.details } : {}) } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(geminiAnswer(reply.text, reply.usage)));
      };
      const later = () => {
        if (reply.delayMs === undefined || reply.delayMs <= 0) send();
        else {
          const timer = setTimeout(() => {
            timers.delete(timer);
            send();
          }, reply.delayMs);
          timers.add(timer);
        }
      };
      if (reply.waitFor) void reply.waitFor.then(later);
      else later();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
