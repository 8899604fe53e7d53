/**
 * What the bin loads before its first answer (issue 13, first call after spawn): the front
 * door answers initialize, and the servers a first call names are spawned, once the entry has
 * read the config; everything loaded until then is on the first call's path. The entry reads
 * a common mcp.json without zod (config/plain-checks.ts) and without the SDK: a module hook
 * logs every file loaded, and none of them holds zod's or the SDK's code when initialize is
 * answered (the client sends no `initialized`, so the door does not hand over meanwhile).
 * A config only zod can judge is still read (with zod) and answered the same way.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, referenceServer, writeTempConfig } from '../helpers/cli-client.js';

const REGISTER = join(REPO_ROOT, 'test/fixtures/module-log/register.mjs');
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const BUNDLE = join(REPO_ROOT, pkg.bin['parallel-mcp']!);

const ends: Array<() => void> = [];
afterEach(() => {
  for (const end of ends.splice(0)) end();
});

/** Starts the bin with `config`, sends initialize only, and resolves with its answer and the files loaded by then. */
async function initializeOnly(config: unknown): Promise<{ answer: { id?: number; result?: { serverInfo?: { name?: string } } }; files: string[] }> {
  const { path, dir } = writeTempConfig(() => config);
  const log = join(dir, 'modules.log');
  writeFileSync(log, '');
  const child = spawn(process.execPath, ['--import', REGISTER, BUNDLE, '--config', path], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', PARALLEL_MCP_STATE_DIR: 'none', MODULE_LOG: log },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  ends.push(() => {
    child.stdin.end();
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
  child.stderr.resume();
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline !== -1) resolve(out.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`Expected an initialize answer, got an exit with code ${code}`)));
    const params = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'entry-e2e', version: '1.0.0' } };
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params })}\n`);
  });
  const files = readFileSync(log, 'utf8').split('\n').filter((url) => url.startsWith('file:'));
  return { answer: JSON.parse(line) as { id?: number; result?: { serverInfo?: { name?: string } } }, files };
}

/** The sources in each file of the bundle, by file name (scripts/bundle-cli.mjs writes it). */
const BUNDLE_INPUTS = JSON.parse(readFileSync(join(REPO_ROOT, 'dist/bundle-inputs.json'), 'utf8')) as Record<string, string[]>;

/** Which of the loaded `files` hold code of the package in `packageDir`. */
function holding(files: string[], packageDir: string): string[] {
  return files.filter((url) => {
    if (url.includes(`/node_modules/${packageDir}/`)) return true;
    const inputs = BUNDLE_INPUTS[basename(fileURLToPath(url))];
    return url.includes('/dist/bundle/') && (inputs ?? []).some((input) => input.includes(`node_modules/${packageDir}/`));
  });
}

describe('the entry, before the first answer', () => {
  it('reads a common mcp.json and answers initialize with neither zod nor the SDK loaded', async () => {
    const { answer, files } = await initializeOnly({
      mcpServers: {
        everything: { command: process.execPath, args: [referenceServer('everything'), 'stdio'], env: { A: 'b' }, maxConcurrency: 4 },
        web: { type: 'http', url: 'http://127.0.0.1:1/mcp', headers: { Authorization: 'Bearer x' } },
      },
      parallelMcp: { maxConcurrency: 16, timeoutMs: 60_000, runs: { max: 10 } },
    });
    expect(answer.id).toBe(1);
    expect(answer.result?.serverInfo?.name).toBe('parallel-mcp');
    expect(files.some((url) => url.endsWith('/dist/bundle/parallel-mcp.js'))).toBe(true);
    expect(files.every((url) => !url.includes('/dist/bundle/') || BUNDLE_INPUTS[basename(fileURLToPath(url))] !== undefined)).toBe(true);
    expect(holding(files, 'zod')).toEqual([]);
    expect(holding(files, '@modelcontextprotocol/sdk')).toEqual([]);
  });

  it('reads a config only zod can judge with zod, and answers the same', async () => {
    const { answer, files } = await initializeOnly({
      mcpServers: { everything: { command: process.execPath, args: [referenceServer('everything'), 'stdio'] } },
      parallelMcp: { http: { maxSessions: 2 } },
    });
    expect(answer.result?.serverInfo?.name).toBe('parallel-mcp');
    expect(holding(files, 'zod')).not.toEqual([]);
  });
});
