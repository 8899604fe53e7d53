/**
 * Spawns the built CLI (dist/cli.js) over stdio and connects the real SDK client to it.
 * Run `npm run build` first (`npm test` does).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CLI_PATH = join(REPO_ROOT, 'dist/cli.js');

export function referenceServer(name: 'everything' | 'memory' | 'filesystem'): string {
  return join(REPO_ROOT, `node_modules/@modelcontextprotocol/server-${name}/dist/index.js`);
}

export interface CliSession {
  client: Client;
  transport: StdioClientTransport;
  pid: number;
  stderr: () => string;
  close: () => Promise<void>;
}

export async function startCli(options: { args?: string[]; env?: Record<string, string>; cwd?: string } = {}): Promise<CliSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_PATH, ...(options.args ?? [])],
    cwd: options.cwd ?? REPO_ROOT,
    env: { PARALLEL_MCP_LOG: 'debug', PARALLEL_MCP_STATE_DIR: 'none', ...options.env },
    stderr: 'pipe',
  });
  let stderrText = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderrText += chunk.toString('utf8');
  });
  const client = new Client({ name: 'parallel-mcp-e2e', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    transport,
    pid: transport.pid!,
    stderr: () => stderrText,
    close: () => client.close(),
  };
}

/** Writes an mcp.json (built from the folder it will sit in) into a fresh temp folder. */
export function writeTempConfig(build: (dir: string) => unknown): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'parallel-mcp-'));
  const path = join(dir, 'mcp.json');
  writeFileSync(path, JSON.stringify(build(dir), null, 2));
  return { path, dir };
}

/** PIDs of the direct children of `pid`, read from /proc (Linux). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 is the parent pid; the command name (field 2) may hold spaces, so parse after ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Polls until `ready` holds, for at most `ms`; false when it never did (waitFor throws instead). */
export async function holdsWithin(ready: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (ready()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return ready();
}

/** The entries of a JSON-lines log a fixture server writes (none while the file does not exist). */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as T);
}

/** True when every interval overlaps every other: one instant at which all were in flight. */
export function allOverlap(intervals: ReadonlyArray<{ start: number; end: number }>): boolean {
  const latestStart = Math.max(...intervals.map((i) => i.start));
  const earliestEnd = Math.min(...intervals.map((i) => i.end));
  return latestStart < earliestEnd;
}

/** The parent pid, process group and state (R, S, Z, ...) of `pid`, read from /proc (Linux); undefined once it is gone. */
export function procStat(pid: number): { ppid: number; pgid: number; state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/**
 * The processes of group `pgid` that still run (Linux). A zombie is left out: it has ended
 * and only waits to be reaped — on this machine PID 1 does not reap orphans, so an orphan
 * killed with its group stays a zombie and `kill(-pgid, 0)` keeps answering for it.
 */
export function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && stat.pgid === pgid && stat.state !== 'Z') members.push(Number(entry));
  }
  return members;
}

/** Alive and not a zombie. */
export function isRunning(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}
