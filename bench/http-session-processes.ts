/**
 * Downstream processes of `parallel-mcp --http` per session (parallelMcp.http.downstream),
 * only against 127.0.0.1. Not a section of `npm run bench`. For each mode: `sessions` SDK
 * clients that declare elicitation (so per-session mode gives each its own connections),
 * each makes one call_tools_parallel of server-everything's echo and leaves its session
 * open (no DELETE, as most clients); then the CLI's child processes and their RSS (/proc,
 * Linux); then again after `idleMs` + 1 s with parallelMcp.http.downstreamIdleMs = idleMs.
 *
 *   tsx bench/http-session-processes.ts [--cli dist/cli.js] [sessions=4] [idleMs=1000]
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const argv = process.argv.slice(2);
const cliAt = argv.indexOf('--cli');
const cli = cliAt >= 0 ? argv.splice(cliAt, 2)[1]! : 'dist/cli.js';
const [sessionCount = 4, idleMs = 1000] = argv.map(Number);
const everything = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

function children(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
}
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function measure(http: Record<string, unknown>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'parallel-mcp-session-processes-'));
  writeFileSync(join(dir, 'mcp.json'), JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [everything, 'stdio'] } }, parallelMcp: { http } }));
  const child = spawn(process.execPath, [cli, '--config', join(dir, 'mcp.json'), '--http', '127.0.0.1:0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PARALLEL_MCP_LOG: 'info', PARALLEL_MCP_STATE_DIR: 'none' },
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /serving Streamable HTTP at (\S+?);/.exec(text);
      if (match) resolveUrl(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before serving: ${text}`)));
  });
  const clients: Client[] = [];
  for (let i = 0; i < sessionCount; i++) {
    const client = new Client({ name: `s${i}`, version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    await client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'hi' } }] } });
    clients.push(client);
  }
  const pids = children(child.pid!);
  const line = `${pids.length} processes, ${pids.reduce((sum, pid) => sum + rssMiB(pid), 0).toFixed(0)} MiB RSS together`;
  await new Promise((r) => setTimeout(r, (http.downstreamIdleMs as number | undefined ?? 0) + 1000));
  const later = children(child.pid!).length;
  await Promise.all(clients.map((c) => c.close()));
  child.kill('SIGTERM');
  return `${line}; ${later} after ${((http.downstreamIdleMs as number | undefined ?? 0) + 1000) / 1000} s`;
}

console.log(`${sessionCount} sessions, one echo call each, sessions left open:`);
console.log(`  shared:                           ${await measure({ downstream: 'shared' })}`);
console.log(`  per-session:                      ${await measure({ downstream: 'per-session' })}`);
console.log(`  per-session, downstreamIdleMs ${idleMs}: ${await measure({ downstream: 'per-session', downstreamIdleMs: idleMs })}`);
