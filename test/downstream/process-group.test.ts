/**
 * Each stdio server runs in a process group of its own, and the group is ended with it:
 * on a crash of the leader (members left behind), on a restart, on pool.close().
 * Linux only (reads /proc).
 */
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { DownstreamPool, type ResolvedTool } from '../../src/downstream/pool.js';
import { silentLogger } from '../../src/log.js';
import { ObservedStdioTransport } from '../../src/downstream/stdio-transport.js';
import { isRunning, liveGroupMembers, procStat, waitFor } from '../helpers/cli-client.js';

const CRASHING = resolve('test/fixtures/servers/crashing-server.mjs');
const STUBBORN = resolve('test/fixtures/servers/stubborn-server.mjs');

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
}, 20_000);

function shServer(name: string, script: string): ServerConfig {
  return { name, transport: 'stdio', command: 'sh', args: ['-c', script], env: {}, headers: {}, disabled: false };
}

async function resolved(pool: DownstreamPool, server: string, tool: string): Promise<ResolvedTool> {
  const result = await pool.resolveTool(server, tool);
  if ('code' in result) throw new Error(`expected a resolved tool, got ${JSON.stringify(result)}`);
  return result;
}

describe.skipIf(process.platform !== 'linux')('stdio server process groups', () => {
  it('ends the members left in the group when the leader crashes, and restarts the server', async () => {
    const stderr: string[] = [];
    const pool = new DownstreamPool([shServer('crashy', `sleep 300 & echo "background $!" >&2; exec "${process.execPath}" "${CRASHING}"`)], {
      log: silentLogger,
      onStderrLine: (_server, line) => stderr.push(line),
    });
    pools.push(pool);
    const whoami = await resolved(pool, 'crashy', 'whoami');
    const first = await pool.callTool(whoami, {});
    const leader = Number((first as { result: { content: Array<{ text: string }> } }).result.content[0]!.text);
    const background = Number(/^background (\d+)$/.exec(await waitFor(() => stderr.find((l) => l.startsWith('background '))))![1]);
    expect({ leader: procStat(leader)?.pgid, background: procStat(background)?.pgid }).toEqual({ leader, background: leader });

    expect(await pool.callTool(await resolved(pool, 'crashy', 'crash'), { code: 3 })).toMatchObject({ ok: false, error: { code: 'transport_error' } });
    // sleep ends on SIGTERM: the group is empty after the gentle phase (stdin) and SIGTERM.
    await waitFor(() => !isRunning(background) && liveGroupMembers(leader).length === 0, 8000);

    const restarted = await pool.callTool(whoami, {});
    expect(restarted.ok).toBe(true);
  }, 20_000);

  it('ends a wrapper and its grandchild that ignore SIGTERM and stdin on pool.close()', async () => {
    const pool = new DownstreamPool([shServer('stubborn', `trap "" TERM; "${process.execPath}" "${STUBBORN}"; exit $?`)], { log: silentLogger, onStderrLine: () => {} });
    pools.push(pool);
    const outcome = await pool.callTool(await resolved(pool, 'stubborn', 'whoami'), {});
    const { pid, ppid } = JSON.parse((outcome as { result: { content: Array<{ text: string }> } }).result.content[0]!.text) as { pid: number; ppid: number };
    expect(procStat(pid)).toMatchObject({ ppid, pgid: ppid });
    await pool.close();
    expect({ wrapper: isRunning(ppid), server: isRunning(pid), group: liveGroupMembers(ppid) }).toEqual({ wrapper: false, server: false, group: [] });
  }, 20_000);

  it('reads how the child ended from its own exit event, with the end sequence shortened', async () => {
    const lines: string[] = [];
    const transport = new ObservedStdioTransport({
      command: process.execPath,
      args: [STUBBORN],
      env: {},
      onStderrLine: (line) => lines.push(line),
      end: { gentleMs: 50, termMs: 50, killMs: 500 },
    });
    let closed = 0;
    transport.onclose = () => void closed++;
    await transport.start();
    await waitFor(() => lines.includes('stubborn-server ready')); // its SIGTERM handler is set
    const pid = transport.pid!;
    await transport.close();
    expect({ exit: transport.exit, running: isRunning(pid), closed, lines }).toEqual({
      exit: 'was killed by SIGKILL',
      running: false,
      closed: 1,
      lines: ['stubborn-server ready', 'stubborn-server ignores the end of stdin', 'stubborn-server ignores SIGTERM'],
    });
  });
});
