/**
 * The built CLI with --http and the default parallelMcp.http.downstream ("per-session"): two
 * sessions' calls in flight at once on one server each get their own session's answers.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, writeTempConfig } from '../helpers/cli-client.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/servers/relay-server.mjs');
const children: ChildProcess[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

async function serve(parallelMcp: object): Promise<{ url: string; log: string; stderr: () => string }> {
  const { path, dir } = writeTempConfig((dir) => ({
    mcpServers: { relay: { command: process.execPath, args: [FIXTURE], env: { RELAY_LOG: join(dir, 'relay.log') } } },
    parallelMcp,
  }));
  const child = spawn(process.execPath, [CLI_PATH, '--config', path, '--http', '127.0.0.1:0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PARALLEL_MCP_LOG: 'info', PARALLEL_MCP_STATE_DIR: 'none' },
  });
  children.push(child);
  let text = '';
  const url = await new Promise<string>((resolvePromise, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /serving Streamable HTTP at (\S+?);/.exec(text);
      if (match) resolvePromise(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
  });
  return { url, log: join(dir, 'relay.log'), stderr: () => text };
}

async function connect(url: string, name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' }, { capabilities: { elicitation: {}, sampling: {}, roots: {} } });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name } }));
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({ role: 'assistant', content: { type: 'text', text: `from ${name}` }, model: 'm' }));
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: `file:///${name}` }] }));
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  clients.push(client);
  return client;
}

async function converse(client: Client, tag: string): Promise<string> {
  const response = await client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'talk', server: 'relay', tool: 'converse', arguments: { tag, peers: 2 } }] } });
  const [step] = (response.structuredContent as { steps: Array<{ status: string; result?: { content: Array<{ text: string }> }; error?: { message: string } }> }).steps;
  return step?.status === 'ok' ? step.result!.content[0]!.text : `error: ${step?.error?.message}`;
}

describe('the CLI over HTTP, a downstream connection per session', () => {
  it('relays each session\'s requests to that session while both are in flight on one server', async () => {
    const { url, log, stderr } = await serve({});
    expect(stderr()).toContain('downstream: relay (per-session)');
    const [alice, bob] = await Promise.all([connect(url, 'alice'), connect(url, 'bob')]);
    const [a, b] = await Promise.all([converse(alice, 'a'), converse(bob, 'b')]);
    expect(a).toBe('elicited=alice sampled=from alice roots=file:///alice');
    expect(b).toBe('elicited=bob sampled=from bob roots=file:///bob');
    const events = readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' '));
    const at = (what: string, tag: string) => Number(events.find((e) => e[0] === what && e[1] === tag)![3]);
    expect(Math.max(at('start', 'a'), at('start', 'b'))).toBeLessThan(Math.min(at('end', 'a'), at('end', 'b')));
  });
});
