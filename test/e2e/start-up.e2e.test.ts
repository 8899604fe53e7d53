/**
 * Start-up loads only what `initialize` and a call need (issue 13): the built CLI, under a
 * module hook that logs every ES module it loads, answers initialize, tools/list and a
 * call_tools_parallel without loading the dependency analysis, the Gemini SDK or the
 * Streamable HTTP transport; each loads at its first use, and works.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, REPO_ROOT, referenceServer, writeTempConfig } from '../helpers/cli-client.js';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';

const REGISTER = join(REPO_ROOT, 'test/fixtures/module-log/register.mjs');

/** Loaded at first use only; each pattern matches a module URL. */
const LAZY = {
  analysis: /\/dist\/analysis\/(?!schema\.js)[^/]+\.js$|\/dist\/analysis\/rules\//,
  gemini: /\/node_modules\/@google\/generative-ai\//,
  http: /\/dist\/server\/http\.js$|\/node_modules\/(@hono\/node-server|hono)\/|\/sdk\/dist\/esm\/server\/streamableHttp\.js$/,
};

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close().catch(() => {})));
});

/** What users run: package.json's bin, the bundle of dist/ (scripts/bundle-cli.mjs). */
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const BUNDLE = join(REPO_ROOT, pkg.bin['parallel-mcp']!);

async function startLogged(env: Record<string, string> = {}, cli = CLI_PATH): Promise<{ client: Client; loaded: () => string[] }> {
  const { path, dir } = writeTempConfig(() => ({ mcpServers: { everything: { command: process.execPath, args: [referenceServer('everything'), 'stdio'] } } }));
  const log = join(dir, 'modules.log');
  writeFileSync(log, '');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', REGISTER, cli, '--config', path],
    cwd: REPO_ROOT,
    env: { PARALLEL_MCP_STATE_DIR: 'none', MODULE_LOG: log, ...env },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', () => {});
  const client = new Client({ name: 'start-up-e2e', version: '1.0.0' });
  await client.connect(transport);
  closers.push(() => client.close());
  return { client, loaded: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const matching = (urls: string[], pattern: RegExp) => urls.filter((url) => pattern.test(url));

async function echoBatch(client: Client) {
  const response = await client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'hi' } }] } });
  return (response.structuredContent as { results: Array<{ ok: boolean; result?: { content?: Array<{ text?: string }> } }> }).results;
}

describe('start-up', () => {
  it('ships the bundle as ASCII, so V8 holds each source text in one byte per character', () => {
    const dir = join(REPO_ROOT, 'dist/bundle');
    const files = readdirSync(dir).filter((name) => name.endsWith('.js'));
    expect(files).toContain('parallel-mcp.js');
    const wide = files.filter((name) => /[^\x00-\x7f]/.test(readFileSync(join(dir, name), 'utf8')));
    expect(wide).toEqual([]);
  });

  it('answers initialize, tools/list and call_tools_parallel without loading the analysis, Gemini or HTTP', async () => {
    const { client, loaded } = await startLogged();
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('analyze_dependencies');
    const results = await echoBatch(client);
    expect(results.map((r) => [r.ok, r.result?.content?.[0]?.text])).toEqual([[true, 'Echo: hi']]);

    const urls = loaded();
    // The hook saw the modules that did load (it cannot pass by seeing nothing).
    expect(urls).toContain(`file://${CLI_PATH}`);
    expect(matching(urls, /\/dist\/tools\/call-tools-parallel\.js$/)).toHaveLength(1);
    expect(matching(urls, /\/dist\/analysis\/schema\.js$/)).toHaveLength(1);
    expect({ analysis: matching(urls, LAZY.analysis), gemini: matching(urls, LAZY.gemini), http: matching(urls, LAZY.http) }).toEqual({ analysis: [], gemini: [], http: [] });
  });

  it('loads the analysis at the first analyze_dependencies, which answers as before', async () => {
    const { client, loaded } = await startLogged();
    await echoBatch(client);
    expect(matching(loaded(), LAZY.analysis)).toEqual([]);
    const response = await client.callTool({
      name: 'analyze_dependencies',
      arguments: { strategy: 'heuristic', steps: [{ id: 'a', title: 'Fetch the page' }, { id: 'b', title: 'Summarize it', depends_on: ['a'] }] },
    });
    expect(response.isError).toBeFalsy();
    const analysis = response.structuredContent as { edges: Array<{ from: string; to: string; source: string }>; stages: string[][] };
    expect(analysis.edges.map(({ from, to, source }) => ({ from, to, source }))).toEqual([{ from: 'a', to: 'b', source: 'explicit' }]);
    expect(analysis.stages).toEqual([['a'], ['b']]);
    expect(matching(loaded(), /\/dist\/analysis\/analyze\.js$/)).toHaveLength(1);
  });

  it('loads the Gemini SDK at the first model call, which is answered', async () => {
    const fake: FakeGemini = await startFakeGemini();
    closers.push(() => fake.close());
    fake.reply = { kind: 'text', text: 'Paris' };
    const { client, loaded } = await startLogged({ GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: fake.baseUrl });
    await echoBatch(client);
    expect(matching(loaded(), LAZY.gemini)).toEqual([]);
    const response = await client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ prompt: 'The capital of France?' }] } });
    const results = (response.structuredContent as { results: Array<{ ok: boolean; result?: { content?: Array<{ text?: string }> } }> }).results;
    expect(results.map((r) => [r.ok, r.result?.content?.[0]?.text])).toEqual([[true, 'Paris']]);
    expect(fake.requests).toHaveLength(1);
    expect(matching(loaded(), LAZY.gemini).length).toBeGreaterThan(0);
  });

  it('runs from the bundle (the bin): no module from node_modules, the analysis chunk at first use, prompts/ and package.json found', async () => {
    expect(BUNDLE).toMatch(/\/dist\/bundle\/parallel-mcp\.js$/);
    const fake: FakeGemini = await startFakeGemini();
    closers.push(() => fake.close());
    fake.reply = { kind: 'text', text: '{"edges": []}' };
    const { client, loaded } = await startLogged({ GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: fake.baseUrl }, BUNDLE);
    expect(client.getServerVersion()?.version).toBe(pkg.version);
    const results = await echoBatch(client);
    expect(results.map((r) => [r.ok, r.result?.content?.[0]?.text])).toEqual([[true, 'Echo: hi']]);
    const atStart = loaded();
    expect(atStart).toContain(`file://${BUNDLE}`);
    expect(atStart.filter((url) => !url.startsWith('node:') && !url.includes('/dist/bundle/'))).toEqual([]);
    expect(matching(atStart, /\/dist\/bundle\/analyze-[^/]+\.js$/)).toEqual([]);

    const response = await client.callTool({ name: 'analyze_dependencies', arguments: { strategy: 'llm', steps: [{ id: 'a', title: 'Fetch the page' }, { id: 'b', title: 'Summarize it' }] } });
    expect(response.isError).toBeFalsy();
    // The system instruction is prompts/dependency-analysis.md, read from the bundle's folder.
    expect(fake.requests).toHaveLength(1);
    expect(JSON.stringify(fake.requests[0]!.body.systemInstruction)).toContain('You are the dependency analyzer of parallel-mcp.');
    expect(matching(loaded(), /\/dist\/bundle\/analyze-[^/]+\.js$/)).toHaveLength(1);
  });
});
