/**
 * The Streamable HTTP upstream over a real HTTP server on loopback, with the SDK's own
 * HTTP client transport.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import { silentLogger } from '../../src/log.js';
import { createServer } from '../../src/server/create-server.js';
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from '../../src/server/http.js';
import { toolServer, type Downstream } from '../downstream/in-memory-servers.js';

const running: Array<{ http: RunningHttpServer; pool: DownstreamPool }> = [];
afterEach(async () => {
  for (const { http, pool } of running.splice(0)) {
    await http.close();
    await pool.close();
  }
});

type Limits = Pick<HttpServerOptions, 'allowedHosts' | 'allowedOrigins' | 'maxSessions' | 'maxBodyBytes'>;

async function start(token?: string, downstream?: Downstream, sessionIdleMs?: number, limits: Limits = {}): Promise<RunningHttpServer> {
  const config = parseConfig({ mcpServers: downstream ? { alpha: { command: 'in-memory' } } : {} }, { path: 'test.json', env: {} });
  const pool = new DownstreamPool(config.servers, { log: silentLogger, ...(downstream ? { transportFactory: () => downstream.transport() } : {}) });
  const deps = { pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) };
  const http = await startHttpServer(() => createServer(deps), {
    host: '127.0.0.1',
    port: 0,
    log: silentLogger,
    ...(token ? { token } : {}),
    ...(sessionIdleMs === undefined ? {} : { sessionIdleMs }),
    ...limits,
  });
  running.push({ http, pool });
  return http;
}

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

describe('Streamable HTTP upstream', () => {
  it('serves several clients at once, each in its own session', async () => {
    const http = await start();
    const [a, b] = await Promise.all([connect(http.url), connect(http.url)]);
    const [listA, listB] = await Promise.all([a.listTools(), b.listTools()]);
    expect(listA.tools.map((t) => t.name).sort()).toEqual(['analyze_dependencies', 'call_tools_parallel', 'cancel_run', 'get_run', 'list_runs', 'list_tools', 'resume_run', 'run_plan']);
    expect(listB.tools).toHaveLength(8);
    expect(http.sessions()).toBe(2);
    await Promise.all([a.close(), b.close()]);
  });

  it('rejects a Host header that is not loopback (DNS rebinding) with 403', async () => {
    const http = await start();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(http.url, { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
    const loopback = await new Promise<number>((resolve, reject) => {
      const req = request(http.url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    });
    expect(loopback).not.toBe(403); // the same request with the loopback Host passes the check
  });

  it('requires the bearer token when one is set', async () => {
    const http = await start('s3cret');
    await expect(connect(http.url)).rejects.toThrow();
    const client = await connect(http.url, { Authorization: 'Bearer s3cret' });
    expect((await client.listTools()).tools).toHaveLength(8);
    await client.close();
  });

  it('cancels the downstream calls of a request whose client disconnects before the answer', async () => {
    const alpha = toolServer();
    const http = await start(undefined, alpha);
    const transport = new StreamableHTTPClientTransport(new URL(http.url));
    const client = new Client({ name: 'http-test', version: '1.0.0' });
    await client.connect(transport);
    const pending = client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'alpha', tool: 'hang' }] } }).catch(() => 'gone');
    // Once the call has reached the downstream server (not after a fixed pause, which a loaded machine can outlast).
    while (alpha.hangsStarted === 0) await new Promise((r) => setTimeout(r, 10));
    await transport.close(); // drops the connection; no notifications/cancelled is sent
    await expect(alpha.hangAborted).resolves.toBe('hang');
    await pending;
  });

  it('closes a session whose client went away without DELETE once it has been idle, and keeps a live one', async () => {
    const http = await start(undefined, undefined, 300);
    const gone = new StreamableHTTPClientTransport(new URL(http.url));
    const goneClient = new Client({ name: 'http-test', version: '1.0.0' });
    await goneClient.connect(gone);
    const live = await connect(http.url);
    expect(http.sessions()).toBe(2);
    await gone.close(); // no DELETE: the session is left behind
    const deadline = Date.now() + 5_000;
    while (http.sessions() > 1 && Date.now() < deadline) {
      await live.listTools(); // the live client keeps using its session
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(http.sessions()).toBe(1);
    expect((await live.listTools()).tools).toHaveLength(8);
  });
});
