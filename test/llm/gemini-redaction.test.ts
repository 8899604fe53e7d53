/**
 * No Gemini error carries the API key, nor GEMINI_BASE_URL's credentials or query values:
 * against a local endpoint that echoes what it was sent in its error answer, and a closed port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmError } from '../../src/llm/client.js';
import { createGeminiClient, secretRedactor } from '../../src/llm/gemini.js';

const KEY = 'gk-test-secret-0123456789';
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/json' });
      const echoed = `API key not valid: ${String(req.headers['x-goog-api-key'])}; authorization ${String(req.headers.authorization)}; url ${req.url}`;
      res.end(JSON.stringify({ error: { code: 400, message: echoed, status: 'INVALID_ARGUMENT' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function failure(env: Record<string, string>): Promise<LlmError> {
  const client = createGeminiClient({ GEMINI_API_KEY: KEY, ...env })!;
  const error = await client.complete({ messages: [{ role: 'user', text: 'hi' }], signal: new AbortController().signal }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe('Gemini errors are redacted', () => {
  it('an endpoint that echoes the key gets llm_error with the key as ***, the status kept', async () => {
    const error = await failure({ GEMINI_BASE_URL: `http://127.0.0.1:${port}` });
    expect(error.code).toBe('llm_error');
    expect(error.status).toBe(400);
    expect(error.message).toContain('API key not valid: ***');
    expect(error.message).not.toContain(KEY);
  });

  it("the base URL's password and query values do not appear in a fetch failure", async () => {
    const closed = `http://proxyuser:proxy-pass-4242@127.0.0.1:9/gemini?token=url-token-4242`;
    const error = await failure({ GEMINI_BASE_URL: closed });
    expect(error.code).toBe('llm_error');
    expect(error.message).not.toMatch(/proxy-pass-4242|url-token-4242|gk-test-secret/);
  });

  it('secretRedactor replaces every occurrence and the URL-encoded form, and leaves short values', () => {
    const redact = secretRedactor(['a b/c+d=1234', 'short']);
    expect(redact('x a b/c+d=1234 y a%20b%2Fc%2Bd%3D1234 short')).toBe('x *** y *** short');
  });
});
