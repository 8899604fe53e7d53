/**
 * The npm first run, for real: `npm pack` this repository, `npm install` the tarball into a
 * fresh folder under the temp dir, `npx parallel-mcp init` there (which fetches the three
 * reference servers into npx's cache), then start
 * `npx parallel-mcp --config mcp.json` with the SDK's stdio client and make one
 * call_tools_parallel of a call to each reference server (run by the starter config through
 * `npx -y`). Prints the time from spawning `npx parallel-mcp` to the first successful call.
 * Needs the npm registry (or a warm npm cache). Not a section of `npm run bench`.
 *
 *   tsx bench/first-run.ts [--cold]
 *
 * --cold: HOME is a fresh folder, so npm's cache (~/.npm, where `npx -y` keeps what it
 * fetched) starts empty for the install, for parallel-mcp and for the servers it starts
 * (they get HOME through the default environment of stdio servers): everything is downloaded.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cold = process.argv.includes('--cold');
const repo = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'parallel-mcp-first-run-'));
const app = join(root, 'app');
mkdirSync(app);
const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PARALLEL_MCP_LOG: 'info' };
if (cold) {
  env.HOME = join(root, 'home');
  mkdirSync(env.HOME);
}
// Without the npm_* variables npm sets for `npx tsx` itself (npm_config_cache among them,
// which would point every npm below at the real cache): a user's shell has none.
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, env: { ...userEnv, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

let t = performance.now();
run('npm', ['pack', '--pack-destination', root], repo);
const tarball = join(root, readdirSync(root).find((f) => f.endsWith('.tgz'))!);
process.stdout.write(`npm pack: ${tarball} (${seconds(t)})\n`);
run('npm', ['init', '-y'], app);
t = performance.now();
run('npm', ['install', '--no-audit', '--no-fund', tarball], app);
process.stdout.write(`npm install <tarball> into ${app}${cold ? ` (HOME=${env.HOME}: empty npm cache)` : ''}: ${seconds(t)}\n`);
t = performance.now();
const initOutput = run('npx', ['parallel-mcp', 'init'], app);
process.stdout.write(`npx parallel-mcp init (${seconds(t)}):\n${initOutput.slice(0, initOutput.indexOf('In an MCP client'))}`);

let stderr = '';
const transport = new StdioClientTransport({ command: 'npx', args: ['parallel-mcp', '--config', 'mcp.json'], cwd: app, env, stderr: 'pipe' });
transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
const client = new Client({ name: 'first-run', version: '1.0.0' });
const start = performance.now();
try {
  await client.connect(transport);
  const connected = performance.now() - start;
  const result = await client.callTool(
    {
      name: 'call_tools_parallel',
      arguments: {
        calls: [
          { server: 'everything', tool: 'echo', arguments: { message: 'first run' } },
          { server: 'filesystem', tool: 'list_allowed_directories' },
          { server: 'memory', tool: 'read_graph' },
        ],
      },
    },
    undefined,
    { timeout: 120_000 },
  );
  const sc = result.structuredContent as { results: Array<{ server: string; tool: string; ok: boolean; error?: { message: string } }> };
  for (const r of sc.results) process.stdout.write(`  ${r.server}.${r.tool}: ${r.ok ? 'ok' : `FAILED ${r.error?.message}`}\n`);
  const ok = sc.results.every((r) => r.ok);
  process.stdout.write(
    `npx parallel-mcp --config mcp.json: initialize answered after ${(connected / 1000).toFixed(1)} s; ` +
      `first call_tools_parallel (3 calls, one per server) ${ok ? 'succeeded' : 'FAILED'} after ${seconds(start)}\n`,
  );
  if (!ok) process.exitCode = 1;
} catch (error) {
  process.stdout.write(`failed after ${seconds(start)}: ${(error as Error).message}\n${stderr}`);
  process.exitCode = 1;
} finally {
  await client.close();
}
