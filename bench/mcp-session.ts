/**
 * Spawning MCP processes for the benchmarks: the parallel-mcp CLI (built) and the reference
 * or fixture servers, each behind an SDK client over stdio. Also temp configs and peak RSS.
 */

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const everythingServerPath = join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
export const latencyServerPath = join(repoRoot, 'test/fixtures/latency-server.mjs');
export const passThroughPath = join(repoRoot, 'bench/pass-through.mjs');

export interface ServerEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export const EVERYTHING: ServerEntry = { command: process.execPath, args: [everythingServerPath, 'stdio'] };
export const LATENCY: ServerEntry = { command: process.execPath, args: [latencyServerPath] };

/** Writes an mcp.json for a benchmark under .tmp/bench/ and returns its path. */
export function writeConfig(name: string, servers: Record<string, ServerEntry>, parallelMcp?: Record<string, unknown>): string {
  const dir = join(repoRoot, '.tmp', 'bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.mcp.json`);
  writeFileSync(path, JSON.stringify({ mcpServers: servers, ...(parallelMcp ? { parallelMcp } : {}) }, null, 2));
  return path;
}

/** What users run: package.json's bin (the bundled CLI, dist/bundle/parallel-mcp.js). */
export function defaultCli(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
  return join(repoRoot, pkg.bin?.['parallel-mcp'] ?? 'dist/cli.js');
}

/** The built CLI: --cli <path> when given, else package.json's bin. Throws when it is not built. */
export function resolveCli(explicit: string | undefined): string {
  const path = explicit ?? defaultCli();
  if (!existsSync(path)) {
    throw new Error(`Expected the built CLI at ${path}, found nothing: run "npm run build" first (or pass --cli <path>)`);
  }
  return path;
}

export interface Session {
  client: Client;
  pid: number;
  /** The last lines the process wrote to stderr (for error reports). */
  stderrTail(): string;
  close(): Promise<void>;
}

export async function openSession(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Session> {
  const transport = new StdioClientTransport({
    command,
    args,
    cwd: options.cwd ?? repoRoot,
    env: { PWD: options.cwd ?? repoRoot, ...options.env },
    stderr: 'pipe',
  });
  let tail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  });
  const client = new Client({ name: 'parallel-mcp-bench', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error(`Expected a child process for ${command} ${args.join(' ')}, got no pid`);
  return { client, pid, stderrTail: () => tail, close: () => client.close() };
}

/** The CLI with learned durations off (PARALLEL_MCP_STATE_DIR=none): no run reads or writes $HOME. */
export function openCli(cli: string, config: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<Session> {
  return openSession(process.execPath, [cli, '--config', config, ...extraArgs], { env: { PARALLEL_MCP_STATE_DIR: 'none', ...env } });
}

/** Peak resident set size (VmHWM) of a live process, in MB; Linux only. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`Expected a VmHWM line in /proc/${pid}/status, found none`);
  return Number(match[1]) / 1024;
}

/** bench/pass-through.mjs in front of one server, named `name` (its tools are `name__tool`). */
export function openPassThrough(name: string, server: ServerEntry): Promise<Session> {
  return openSession(process.execPath, [passThroughPath, '--name', name, '--', server.command, ...server.args], server.env ? { env: server.env } : {});
}

/** CPU time (user + system) a live process has used, in ms, from /proc/<pid>/stat (Linux). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] and fields[12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks (100 a second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * CPU time of a live process in ms with ns resolution: the sum over its threads of the first
 * field of /proc/<pid>/task/<tid>/schedstat (time on a CPU). Falls back to utime + stime
 * (10 ms ticks) where schedstat is missing.
 */
export function cpuMsPrecise(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    return cpuMs(pid);
  }
}

/** The direct children of a live process (Linux). */
export function childPidsOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Runs `count` tasks with at most `limit` in flight. */
export async function inFlight(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

export function textOf(result: unknown): string | undefined {
  const content = (result as { content?: Array<{ type?: string; text?: string }> } | undefined)?.content;
  return content?.find((block) => block.type === 'text')?.text;
}

export interface ParallelCallResult {
  index: number;
  server: string;
  tool: string;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
  started_ms: number;
  duration_ms: number;
}

/** call_tools_parallel of `count` echo calls with messages m0..m(count-1). */
export async function parallelEcho(
  session: Session,
  count: number,
  maxConcurrency: number,
): Promise<{ results: ParallelCallResult[]; summary: Record<string, unknown>; isError: boolean }> {
  const calls = Array.from({ length: count }, (_, i) => ({ server: 'everything', tool: 'echo', arguments: { message: `m${i}` } }));
  const response = await session.client.callTool(
    { name: 'call_tools_parallel', arguments: { calls, max_concurrency: maxConcurrency } },
    undefined,
    { timeout: 300_000 },
  );
  const structured = response.structuredContent as { results?: ParallelCallResult[]; summary?: Record<string, unknown> } | undefined;
  if (!structured?.results) {
    throw new Error(`Expected structuredContent.results from call_tools_parallel, got ${JSON.stringify(response).slice(0, 400)}`);
  }
  return { results: structured.results, summary: structured.summary ?? {}, isError: response.isError === true };
}

/** True when every echo came back ok, once, in input order, with its own message. */
export function echoesInOrder(results: readonly ParallelCallResult[], count: number): boolean {
  return (
    results.length === count &&
    results.every((r, i) => r.index === i && r.ok && r.server === 'everything' && textOf(r.result) === `Echo: m${i}`)
  );
}
