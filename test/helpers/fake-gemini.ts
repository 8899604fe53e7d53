/**
 * A loopback stand-in for the Gemini REST API: `POST /v1beta/models/{model}:generateContent`
 * on 127.0.0.1. Each request is recorded; the reply comes from the test's responder.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type FakeReply =
  | { kind: 'text'; text: string }
  | { kind: 'http'; status: number; message: string }
  | { kind: 'hang' };

export interface FakeGemini {
  baseUrl: string;
  requests: RecordedRequest[];
  reply: FakeReply;
  close(): Promise<void>;
}

export function geminiAnswer(text: string) {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 },
  };
}

export async function startFakeGemini(): Promise<FakeGemini> {
  const requests: RecordedRequest[] = [];
  const fake: FakeGemini = {
    baseUrl: '',
    requests,
    reply: { kind: 'text', text: '{"edges": []}' },
    close: async () => {},
  };
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
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (!/^\/v1beta\/models\/[^/:]+:generateContent$/.test(req.url ?? '') || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 404, message: 'not found', status: 'NOT_FOUND' } }));
        return;
      }
      const reply = fake.reply;
      if (reply.kind === 'hang') return; // never answers; the client must abort
      if (reply.kind === 'http') {
        res
          .writeHead(reply.status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { code: reply.status, message: reply.message, status: 'ERROR' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(geminiAnswer(reply.text)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
