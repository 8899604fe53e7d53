/**
 * Relay through the built CLI with the default mcp.json: an SDK client that declares
 * sampling, elicitation and roots sees server-everything's demo tools for them, and answers
 * the requests they send, through parallel-mcp; each names the server it came from.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  type CreateMessageRequest,
  type ElicitRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, REPO_ROOT } from '../helpers/cli-client.js';

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function connect(capabilities: Record<string, object>, extraArgs: string[] = []) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI_PATH, '--config', 'mcp.json', ...extraArgs], cwd: REPO_ROOT, stderr: 'pipe' });
  transport.stderr?.on('data', () => undefined);
  const client = new Client({ name: 'relay-e2e', version: '1.0.0' }, { capabilities });
  const seen = { sampling: [] as CreateMessageRequest['params'][], elicitation: [] as ElicitRequest['params'][], roots: 0 };
  if (capabilities.sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      seen.sampling.push(request.params);
      return { role: 'assistant', content: { type: 'text', text: 'sampled by the test client' }, model: 'test-model', stopReason: 'endTurn' };
    });
  }
  if (capabilities.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      seen.elicitation.push(request.params);
      return { action: 'accept', content: { name: 'Ada Lovelace', check: true } };
    });
  }
  if (capabilities.roots) {
    client.setRequestHandler(ListRootsRequestSchema, async () => {
      seen.roots += 1;
      return { roots: [{ uri: 'file:///work/project', name: 'project' }] };
    });
  }
  await client.connect(transport);
  clients.push(client);
  return { client, seen };
}

type Results = { results: Array<{ tool: string; ok: boolean; result?: { content?: Array<{ text?: string }> }; error?: { code: string; message: string } }> };
const textOf = (r: Results['results'][number] | undefined) => (r?.result?.content ?? []).map((c) => c.text ?? '').join('');

describe('relay through the default mcp.json', () => {
  it('relays sampling, elicitation and roots requests of server-everything to the client that declared them', async () => {
    const { client, seen } = await connect({ sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } });
    const catalog = await client.callTool({ name: 'list_tools', arguments: {} });
    const names = JSON.stringify(catalog.structuredContent);
    for (const tool of ['trigger-sampling-request', 'trigger-elicitation-request', 'get-roots-list']) expect(names).toContain(tool);

    const response = await client.callTool({
      name: 'call_tools_parallel',
      arguments: {
        calls: [
          { server: 'everything', tool: 'trigger-sampling-request', arguments: { prompt: 'Say hi', maxTokens: 20 } },
          { server: 'everything', tool: 'trigger-elicitation-request' },
          { server: 'everything', tool: 'get-roots-list' },
        ],
      },
    });
    const { results } = response.structuredContent as Results;
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(textOf(results[0])).toContain('sampled by the test client');
    expect(textOf(results[1])).toContain('Ada Lovelace');
    expect(textOf(results[2])).toContain('file:///work/project');
    expect(seen.sampling).toHaveLength(1);
    expect(seen.sampling[0]?._meta?.['parallel-mcp/server']).toBe('everything');
    expect(seen.elicitation).toHaveLength(1);
    expect(seen.elicitation[0]?.message).toMatch(/^\[everything\] /);
    expect(seen.roots).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('with --eager, starts the servers after the client initialized, so they see its capabilities', async () => {
    const { client } = await connect({ sampling: {} }, ['--eager']);
    const catalog = JSON.stringify((await client.callTool({ name: 'list_tools', arguments: {} })).structuredContent);
    expect(catalog).toContain('trigger-sampling-request');
  }, 30_000);

  it('declares nothing downstream for a client that declared nothing: the demo tools are absent', async () => {
    const { client } = await connect({});
    const catalog = JSON.stringify((await client.callTool({ name: 'list_tools', arguments: {} })).structuredContent);
    expect(catalog).toContain('"echo"');
    expect(catalog).not.toContain('trigger-sampling-request');
    expect(catalog).not.toContain('trigger-elicitation-request');
  }, 30_000);
});
