/**
 * `parallel-mcp init [PATH]`: writes a starter mcp.json for a user who installed from npm.
 * It runs the three reference servers through `npx -y`, at the versions this package is
 * tested against, so a first run needs no clone and no API key. The repository's own
 * mcp.json instead runs them from node_modules.
 *
 * init also fetches the three into npx's cache (`npm exec --yes --package=SPEC`, the same
 * cache entry `npx -y SPEC` uses): with an empty cache, downloading them inside the first
 * start took longer than the 30 s start limit on this machine.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ParallelMcpError } from './errors.js';

/** The reference servers' version of package.json's devDependencies (a test keeps them equal). */
export const REFERENCE_SERVERS_VERSION = '2026.8.31';

export const REFERENCE_SERVERS = ['everything', 'memory', 'filesystem'] as const;

function packageSpec(name: (typeof REFERENCE_SERVERS)[number]): string {
  return `@modelcontextprotocol/server-${name}@${REFERENCE_SERVERS_VERSION}`;
}

export function starterConfig(): Record<string, unknown> {
  const npx = (name: (typeof REFERENCE_SERVERS)[number], ...args: string[]) => ({ command: 'npx', args: ['-y', packageSpec(name), ...args] });
  return {
    mcpServers: {
      everything: npx('everything', 'stdio'),
      memory: { ...npx('memory'), env: { MEMORY_FILE_PATH: '${workspaceFolder}/memory.jsonl' }, maxConcurrency: 1 },
      filesystem: npx('filesystem', '.'),
    },
    parallelMcp: { maxConcurrency: 16, timeoutMs: 60000 },
  };
}

/**
 * Writes the starter config to `target` (a file, or a folder to hold `mcp.json`); never
 * overwrites an existing file unless `force`. Returns the absolute path written.
 */
export async function writeStarterConfig(target: string, options: { force?: boolean } = {}): Promise<string> {
  let path = resolve(target);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) path = join(path, 'mcp.json');
  const flags = constants.O_WRONLY | constants.O_CREAT | (options.force ? constants.O_TRUNC : constants.O_EXCL);
  let file;
  try {
    file = await open(path, flags, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'it exists (pass --force to overwrite it)' : code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message;
    throw new ParallelMcpError('config_invalid', `init: expected a path to write a new mcp.json to, got ${path}: ${why}`, { cause: error });
  }
  try {
    await file.writeFile(`${JSON.stringify(starterConfig(), null, 2)}\n`);
  } finally {
    await file.close();
  }
  return path;
}

export interface FetchResult {
  spec: string;
  ms: number;
  /** undefined when fetched; else npm's last stderr lines. */
  error?: string;
}

/** Puts the reference servers into npx's cache, all at once, each within `timeoutMs`. */
export function prefetchReferenceServers(timeoutMs = 300_000): Promise<FetchResult[]> {
  return Promise.all(
    REFERENCE_SERVERS.map(
      (name) =>
        new Promise<FetchResult>((resolve) => {
          const spec = packageSpec(name);
          const started = Date.now();
          execFile('npm', ['exec', '--yes', `--package=${spec}`, '--', 'node', '-e', '0'], { timeout: timeoutMs }, (error, _stdout, stderr) => {
            const ms = Date.now() - started;
            if (!error) return resolve({ spec, ms });
            const lines = String(stderr).trim().split('\n').slice(-3).join(' | ');
            resolve({ spec, ms, error: lines || error.message });
          });
        }),
    ),
  );
}
