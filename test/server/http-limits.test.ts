/**
 * `--http` safe to expose (issue 9 item 4): the bind rule, Origin and Host checks, the
 * session cap and the body limit, over real HTTP on 127.0.0.1 with the SDK's client and raw
 * requests carrying forged headers; the refusal to start through the built CLI.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import { silentLogger } from '../../src/log.js';
import { createServer } from '../../src/server/create-server.js';
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from '../../src/server/http.js';
import { CLI_PATH, writeTempConfig } from '../helpers/cli-client.js';

const running: Array<{ http: RunningHttpServer; pool: DownstreamPool }> = [];
afterEach(async () => {
  for (const { http, pool } of running.splice(0)) {
    await http.close();
    await pool.close();
  }
});

async function start(options: Partial<HttpServerOptions> = {}): Promise<RunningHttpServer> {
  const config = parseConfig({ mcpServers: {} }, { path: 'test.json', env: {} });
  const pool = new DownstreamPool(config.servers, { log: silentLogger });
  const deps = { pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) };
  const http = await startHttpServer(() => createServer(deps), { host: '127.0.0.1', port: 0, log: silentLogger, ...options });
  running.push({ http, pool });
  return http;
}

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'http-limits-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with exactly the headers given (node:http lets Host and Origin be forged). */
function raw(url: string, headers: Record<string, string>, body: string | Buffer = INITIALIZE, method = 'POST'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function errorOf(response: RawResponse): { code: number; message: string } {
  return (JSON.parse(response.body) as { error: { code: number; message: string } }).error;
}

describe('--http bind rule', () => {
  it('refuses to start beyond loopback without a token, saying how to set one', async () => {
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(/PARALLEL_MCP_HTTP_TOKEN/);
    await expect(start({ host: '::' })).rejects.toThrow(/bind beyond loopback/);
    await expect(start({ host: '192.168.1.20' })).rejects.toThrow(/bind beyond loopback/);
  });

  it('starts on loopback without a token', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const http = await start({ host });
      expect(http.url).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/mcp$/);
    }
  });

  it('the built CLI exits with code 2 for --http 0.0.0.0:0 without PARALLEL_MCP_HTTP_TOKEN', () => {
    const { path } = writeTempConfig(() => ({ mcpServers: {} }));
    const env = { ...process.env };
    delete env.PARALLEL_MCP_HTTP_TOKEN;
    const result = spawnSync(process.execPath, [CLI_PATH, '--config', path, '--http', '0.0.0.0:0'], { env, encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('export PARALLEL_MCP_HTTP_TOKEN=');
    expect(result.stderr).not.toContain('serving Streamable HTTP');
  });

  it('the built CLI takes parallelMcp.http from mcp.json and the flags beside it', async () => {
    const { path } = writeTempConfig(() => ({ mcpServers: {}, parallelMcp: { http: { maxSessions: 1 } } }));
    const child = spawn(process.execPath, [CLI_PATH, '--config', path, '--http', '127.0.0.1:0', '--allowed-origin', 'https://app.example.com'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PARALLEL_MCP_LOG: 'info' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stderr.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          const match = /serving Streamable HTTP at (\S+?);/.exec(text);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
      });
      expect((await raw(url, { origin: 'https://app.example.com' })).status).toBe(200);
      expect((await raw(url, { origin: 'https://app.example.com' })).status).toBe(503);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('a peer that forges a loopback Host still needs the token', async () => {
    const http = await start({ token: 'a-long-random-secret' });
    const port = new URL(http.url).port;
    const forged = await raw(http.url, { host: `127.0.0.1:${port}` });
    expect(forged.status).toBe(401);
    const authorized = await raw(http.url, { host: `127.0.0.1:${port}`, authorization: 'Bearer a-long-random-secret' });
    expect(authorized.status).toBe(200);
  });
});

describe('--http Origin and Host', () => {
  it('answers a foreign Origin with 403 and a JSON-RPC error, and lets loopback origins (any port) and no Origin pass', async () => {
    const http = await start();
    const foreign = await raw(http.url, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(errorOf(foreign).message).toContain('"http://evil.example"');
    expect((await raw(http.url, { origin: 'null' })).status).toBe(403);
    expect((await raw(http.url, { origin: 'http://127.0.0.1.evil.example' })).status).toBe(403);
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:6274', 'https://[::1]:8443', 'http://localhost']) {
      const response = await raw(http.url, { origin });
      expect({ origin, status: response.status }).toEqual({ origin, status: 200 });
      expect(response.headers['mcp-session-id']).toBeTypeOf('string');
    }
    expect((await raw(http.url, {})).status).toBe(200);
  });

  it('accepts an --allowed-origin, compared after URL normalisation', async () => {
    const http = await start({ allowedOrigins: ['HTTPS://App.Example.com:443', 'null'] });
    expect((await raw(http.url, { origin: 'https://app.example.com' })).status).toBe(200);
    expect((await raw(http.url, { origin: 'null' })).status).toBe(200);
    expect((await raw(http.url, { origin: 'http://app.example.com' })).status).toBe(403);
    expect((await raw(http.url, { origin: 'https://app.example.com:8443' })).status).toBe(403);
  });

  it('the SDK client sending a foreign Origin is refused, and connects once that origin is allowed', async () => {
    const closed = await start();
    await expect(connect(closed.url, { Origin: 'https://app.example.com' })).rejects.toThrow(/403|Origin/);
    expect(closed.sessions()).toBe(0);
    const open = await start({ allowedOrigins: ['https://app.example.com'] });
    const client = await connect(open.url, { Origin: 'https://app.example.com' });
    expect((await client.listTools()).tools).toHaveLength(8);
    await client.close();
  });

  it('checks Origin on requests of an open session too', async () => {
    const http = await start();
    const opened = await raw(http.url, {});
    const session = { 'mcp-session-id': String(opened.headers['mcp-session-id']), 'mcp-protocol-version': '2025-11-25' };
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect((await raw(http.url, { ...session, origin: 'https://evil.example' }, list)).status).toBe(403);
    expect((await raw(http.url, session, list)).status).toBe(200);
  });

  it('accepts an --allowed-host on any port without :PORT, and only that port with one', async () => {
    const http = await start({ allowedHosts: ['MCP.example.com', 'api.example.com:8443'] });
    const port = new URL(http.url).port;
    expect((await raw(http.url, { host: `mcp.example.com:${port}` })).status).toBe(200);
    expect((await raw(http.url, { host: 'mcp.example.com' })).status).toBe(200);
    expect((await raw(http.url, { host: 'api.example.com:8443' })).status).toBe(200);
    expect((await raw(http.url, { host: 'api.example.com' })).status).toBe(403);
    const other = await raw(http.url, { host: 'evil.example' });
    expect(other.status).toBe(403);
    expect(errorOf(other).message).toContain('--allowed-host');
  });

  it('rejects a malformed --allowed-host or --allowed-origin before listening', async () => {
    await expect(start({ allowedHosts: ['https://mcp.example.com'] })).rejects.toThrow(/expected a host name with an optional :port/);
    await expect(start({ allowedOrigins: ['app.example.com'] })).rejects.toThrow(/expected scheme:\/\/host\[:port\]/);
    await expect(start({ allowedOrigins: ['https://app.example.com/path'] })).rejects.toThrow(/no path/);
  });
});

describe('--http session cap and body limit', () => {
  it('answers an initialize beyond maxSessions with 503 and a JSON-RPC error, and takes one again after a DELETE', async () => {
    const http = await start({ maxSessions: 2 });
    const transports = [new StreamableHTTPClientTransport(new URL(http.url)), new StreamableHTTPClientTransport(new URL(http.url))];
    const clients = await Promise.all(
      transports.map(async (transport) => {
        const client = new Client({ name: 'cap', version: '1' });
        await client.connect(transport);
        return client;
      }),
    );
    expect(http.sessions()).toBe(2);
    const full = await raw(http.url, {});
    expect(full.status).toBe(503);
    expect(full.headers['content-type']).toBe('application/json');
    expect(JSON.parse(full.body)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, message: expect.stringMatching(/^too many sessions: expected fewer than 2 open, got 2 .*--max-sessions/) },
    });
    await expect(connect(http.url)).rejects.toThrow(/503|too many sessions/);
    expect((await clients[0]!.listTools()).tools).toHaveLength(8); // open sessions go on

    await transports[1]!.terminateSession(); // DELETE frees its place
    await clients[1]!.close();
    const third = await connect(http.url);
    expect((await third.listTools()).tools).toHaveLength(8);
    expect(http.sessions()).toBe(2);
  });

  it('counts initializations in progress, so concurrent ones cannot pass the cap', async () => {
    const http = await start({ maxSessions: 3 });
    const statuses = await Promise.all(Array.from({ length: 10 }, () => raw(http.url, {}).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 503)).toHaveLength(7);
    expect(http.sessions()).toBe(3);
  });

  it('answers a body over the limit with 413 and a JSON-RPC error, and the session goes on', async () => {
    const http = await start({ maxBodyBytes: 64 * 1024 });
    const transport = new StreamableHTTPClientTransport(new URL(http.url));
    const client = new Client({ name: 'body', version: '1' });
    await client.connect(transport);
    const session = { 'mcp-session-id': transport.sessionId!, 'mcp-protocol-version': '2025-11-25' };
    const big = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list', params: { pad: 'x'.repeat(100 * 1024) } });
    const declared = await raw(http.url, session, big);
    expect(declared.status).toBe(413);
    expect(errorOf(declared).message).toBe(
      `request body too large: expected at most 65536 bytes (--max-body-bytes, parallelMcp.http.maxBodyBytes), got ${Buffer.byteLength(big)} bytes`,
    );
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(http.url, { method: 'POST', headers: { ...session, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(16 * 1024));
      req.end();
    });
    expect(chunked).toBe(413);
    expect((await client.listTools()).tools).toHaveLength(8);
    await client.close();
  });

  it('limits bodies to 4 MiB by default', async () => {
    const http = await start();
    const response = await raw(http.url, {}, Buffer.alloc(4 * 1024 * 1024 + 1, 32));
    expect(response.status).toBe(413);
    expect(errorOf(response).message).toContain('expected at most 4194304 bytes');
  });
});
