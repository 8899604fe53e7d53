/**
 * Memory of `parallel-mcp --http` under abandoned sessions and large request bodies, only
 * against 127.0.0.1. Not a section of `npm run bench`: it measures the limits of issue 9
 * item 4 (session cap, body limit). RSS is VmRSS of the CLI process from /proc (Linux).
 *
 *   tsx bench/http-memory.ts [--cli dist/cli.js] [sessions=500] [bodies=8] [bodyMiB=15]
 *
 * 1. `sessions` initialize requests, each opening a session that is never closed (no DELETE).
 * 2. `bodies` POSTs at once, each `bodyMiB` MiB of valid JSON, to one session.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const cliAt = argv.indexOf('--cli');
const cli = cliAt >= 0 ? argv.splice(cliAt, 2)[1]! : 'dist/cli.js';
const [sessionCount = 500, bodyCount = 8, bodyMiB = 15] = argv.map(Number);

const dir = mkdtempSync(join(tmpdir(), 'parallel-mcp-http-memory-'));
writeFileSync(join(dir, 'mcp.json'), JSON.stringify({ mcpServers: {} }));
const child = spawn(process.execPath, [cli, '--config', join(dir, 'mcp.json'), '--http', '127.0.0.1:0'], {
  stdio: ['ignore', 'ignore', 'pipe'],
  env: { ...process.env, PARALLEL_MCP_LOG: 'info' },
});
const url = await new Promise<string>((resolve, reject) => {
  let text = '';
  child.stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    const match = /serving Streamable HTTP at (\S+?);/.exec(text);
    if (match) resolve(match[1]!);
  });
  child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before serving: ${text}`)));
});

function rssMiB(): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'http-memory', version: '1' } },
});

try {
  await new Promise((r) => setTimeout(r, 300));
  const idle = rssMiB();
  const statuses = new Map<number, number>();
  let sessionId: string | undefined;
  for (let i = 0; i < sessionCount; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, sessionCount - i) }, () => fetch(url, { method: 'POST', headers, body: initialize })),
    );
    for (const res of batch) {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      sessionId ??= res.headers.get('mcp-session-id') ?? undefined;
      await res.arrayBuffer();
    }
  }
  const afterSessions = rssMiB();
  const shown = [...statuses].map(([status, n]) => `${n} x ${status}`).join(', ');
  process.stdout.write(`RSS idle ${idle.toFixed(1)} MiB; after ${sessionCount} initialize requests (${shown}): ${afterSessions.toFixed(1)} MiB\n`);

  const big = `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_tools","arguments":{"pad":"${'x'.repeat(bodyMiB * 1024 * 1024)}"}}}`;
  let peak = afterSessions;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 5);
  const bodyStatuses = await Promise.all(
    Array.from({ length: bodyCount }, async () => {
      try {
        const res = await fetch(url, { method: 'POST', headers: { ...headers, 'mcp-session-id': sessionId ?? '', 'mcp-protocol-version': '2025-11-25' }, body: big });
        await res.arrayBuffer();
        return String(res.status);
      } catch (error) {
        return `error (${(error as Error).cause ? String((error as { cause: Error }).cause.message) : (error as Error).message})`;
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 200));
  clearInterval(sampler);
  const after = rssMiB();
  process.stdout.write(
    `${bodyCount} bodies of ${bodyMiB} MiB at once -> ${bodyStatuses.join(', ')}; RSS peak ${peak.toFixed(1)} MiB, after ${after.toFixed(1)} MiB\n`,
  );
} finally {
  child.kill('SIGTERM');
}
