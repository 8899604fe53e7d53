/**
 * `parallel-mcp init` through the built CLI: the starter mcp.json it writes, its refusal to
 * overwrite, and that the file is a valid config running the reference servers at the
 * version this repository tests against. (The starter config run for real, from a packed
 * tarball installed in a temp folder: `npx tsx bench/first-run.ts`.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { REFERENCE_SERVERS_VERSION, starterConfig } from '../src/init.js';
import { CLI_PATH, REPO_ROOT } from './helpers/cli-client.js';

/** `init` runs with --no-fetch (no network in tests); bench/first-run.ts runs the fetch for real. */
function cli(args: string[], cwd: string) {
  const withoutFetch = args[0] === 'init' ? [...args, '--no-fetch'] : args;
  return spawnSync(process.execPath, [CLI_PATH, ...withoutFetch], { cwd, encoding: 'utf8', timeout: 15_000 });
}

describe('parallel-mcp init', () => {
  it('writes ./mcp.json with the three reference servers run through npx -y, and says how to run it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallel-mcp-init-'));
    const result = cli(['init'], dir);
    expect(result.status).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'mcp.json'), 'utf8')) as unknown;
    expect(written).toEqual(starterConfig());
    expect(written).toEqual({
      mcpServers: {
        everything: { command: 'npx', args: ['-y', `@modelcontextprotocol/server-everything@${REFERENCE_SERVERS_VERSION}`, 'stdio'] },
        memory: {
          command: 'npx',
          args: ['-y', `@modelcontextprotocol/server-memory@${REFERENCE_SERVERS_VERSION}`],
          env: { MEMORY_FILE_PATH: '${workspaceFolder}/memory.jsonl' },
          maxConcurrency: 1,
        },
        filesystem: { command: 'npx', args: ['-y', `@modelcontextprotocol/server-filesystem@${REFERENCE_SERVERS_VERSION}`, '.'] },
      },
      parallelMcp: { maxConcurrency: 16, timeoutMs: 60000 },
    });
    expect(result.stdout).toContain(`npx parallel-mcp --config "${join(dir, 'mcp.json')}"`);
    const entry = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as unknown;
    expect(entry).toEqual({ mcpServers: { parallel: { command: process.execPath, args: [CLI_PATH, '--config', join(dir, 'mcp.json')] } } });
  });

  it('writes into a folder given as PATH, and to a file path as named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallel-mcp-init-'));
    mkdirSync(join(dir, 'sub'));
    expect(cli(['init', 'sub'], dir).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'sub', 'mcp.json'), 'utf8'))).toEqual(starterConfig());
    expect(cli(['init', 'other.json'], dir).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'other.json'), 'utf8'))).toEqual(starterConfig());
  });

  it('never overwrites an existing file unless --force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallel-mcp-init-'));
    writeFileSync(join(dir, 'mcp.json'), '{"mcpServers":{"mine":{"command":"x"}}}');
    const refused = cli(['init'], dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`parallel-mcp: init: expected a path to write a new mcp.json to, got ${join(dir, 'mcp.json')}: it exists (pass --force to overwrite it)\n`);
    expect(readFileSync(join(dir, 'mcp.json'), 'utf8')).toBe('{"mcpServers":{"mine":{"command":"x"}}}');
    expect(cli(['init', '--force'], dir).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'mcp.json'), 'utf8'))).toEqual(starterConfig());
  });

  it('rejects other arguments with the usage', () => {
    const result = cli(['serve'], REPO_ROOT);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('expected no arguments besides options, or "init [PATH]", got "serve"');
  });

  it('rejects an --http option without --http', () => {
    const result = cli(['--config', join(REPO_ROOT, 'mcp.json'), '--max-sessions', '5'], REPO_ROOT);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('parallel-mcp: --max-sessions: expected together with --http [HOST:]PORT, got it without\n');
  });

  it('points to init when ./mcp.json is missing and no --config was given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallel-mcp-init-'));
    const result = cli([], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('or run "npx parallel-mcp init" to write a starter one');
  });

  it('pins the reference servers to the version of the devDependencies the tests run', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    for (const name of ['everything', 'memory', 'filesystem']) {
      expect(pkg.devDependencies[`@modelcontextprotocol/server-${name}`]?.replace(/^[\^~]/, '')).toBe(REFERENCE_SERVERS_VERSION);
    }
    const config = parseConfig(starterConfig(), { path: '/tmp/x/mcp.json', env: {} });
    expect(config.servers.map((s) => [s.name, s.transport, s.command, s.disabled])).toEqual([
      ['everything', 'stdio', 'npx', false],
      ['memory', 'stdio', 'npx', false],
      ['filesystem', 'stdio', 'npx', false],
    ]);
    expect(config.servers[1]!.env).toEqual({ MEMORY_FILE_PATH: '/tmp/x/memory.jsonl' });
  });

  it('ships LICENSE (MIT) and README in the package, with dist and prompts', () => {
    const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    const files = (JSON.parse(result.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/cli.js', 'dist/init.js', 'prompts/dependency-analysis.md']));
    expect(files.filter((f) => !/^(dist|prompts)\//.test(f)).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 parallel-mcp contributors\n/);
  });
});
