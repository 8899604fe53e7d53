/**
 * End to end, as a text-only client sees it (the Vercel AI SDK hands the model only the
 * text content): the built CLI over stdio, the real SDK client, the real filesystem server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceServer, startCli, writeTempConfig, type CliSession } from '../helpers/cli-client.js';

const sessions: CliSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close().catch(() => {})));
});

function textOnly(response: Record<string, unknown>): string {
  const blocks = (response.content ?? []) as Array<{ type: string; text?: string }>;
  expect(blocks.every((b) => b.type === 'text')).toBe(true);
  return blocks.map((b) => b.text ?? '').join('\n');
}

async function startWithFile(): Promise<{ session: CliSession; file: string; body: string }> {
  const { path, dir } = writeTempConfig((folder) => ({
    mcpServers: { fs: { command: process.execPath, args: [referenceServer('filesystem'), folder] } },
  }));
  const body = Array.from({ length: 500 }, (_, i) => `line ${String(i).padStart(4, '0')} ${'abcdefghij'.repeat(4)}`).join('\n');
  const file = join(dir, 'big.txt');
  writeFileSync(file, body);
  const session = await startCli({ args: ['--config', path] });
  sessions.push(session);
  return { session, file, body };
}

describe('the text content carries the results in full', () => {
  it('call_tools_parallel: a 25 kB file read reaches a text-only client whole', async () => {
    const { session, file, body } = await startWithFile();
    expect(body.length).toBe(25_499);
    const response = await session.client.callTool({
      name: 'call_tools_parallel',
      arguments: { calls: [{ server: 'fs', tool: 'read_text_file', arguments: { path: file } }, { server: 'fs', tool: 'nope' }] },
    });
    const text = textOnly(response);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^1\/2 calls succeeded, 1 failed in /);
    expect(lines[2]).toMatch(/^\[0\] ok fs\/read_text_file \(\d+ ms\)$/);
    expect(text).toContain(`\n${body}\n`);
    expect(text).toMatch(/\[1\] FAILED fs\/nope: unknown_tool: /);
  });

  it('run_plan: the results of the outputs steps in full, the others by status only', async () => {
    const { session, file, body } = await startWithFile();
    const response = await session.client.callTool({
      name: 'run_plan',
      arguments: {
        steps: [
          { id: 'read', server: 'fs', tool: 'read_text_file', arguments: { path: file } },
          { id: 'again', server: 'fs', tool: 'read_text_file', arguments: { path: file } },
        ],
        outputs: ['read'],
      },
    });
    const text = textOnly(response);
    expect(text).toContain(`- read [ok] fs/read_text_file (`);
    expect(text.split(body).length - 1).toBe(1);
    expect(text).toMatch(/- again \[ok\] fs\/read_text_file \([^)]*\): result not returned \(not in outputs\)/);
  });

  it('list_tools: full descriptions, and the input schemas when asked for', async () => {
    const { session } = await startWithFile();
    const plain = textOnly(await session.client.callTool({ name: 'list_tools', arguments: {} }));
    const withSchemas = textOnly(await session.client.callTool({ name: 'list_tools', arguments: { include_schemas: true } }));
    const { structuredContent } = await session.client.callTool({ name: 'list_tools', arguments: { include_schemas: true } });
    const tools = (structuredContent as { servers: Array<{ tools: Array<{ name: string; description?: string; inputSchema?: unknown }> }> }).servers[0]!.tools;
    const longest = tools.reduce((a, b) => ((a.description ?? '').length >= (b.description ?? '').length ? a : b));
    expect((longest.description ?? '').length).toBeGreaterThan(120);
    const lastLine = (longest.description ?? '').trim().split('\n').at(-1)!;
    expect(plain).toContain(lastLine);
    expect(plain).not.toContain('inputSchema');
    const readFile = tools.find((t) => t.name === 'read_text_file')!;
    expect(withSchemas).toContain(`inputSchema: ${JSON.stringify(readFile.inputSchema)}`);
    expect(JSON.stringify(readFile.inputSchema)).toContain('"path"');
  });
});
