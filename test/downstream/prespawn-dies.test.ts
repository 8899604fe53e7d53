/**
 * The front door's prespawn (downstream/child-spawn.ts): a stdio server spawned before the rest
 * of parallel-mcp has loaded, and taken later by the first start of the same launch. A process
 * that died before it was taken fails that start with the message a start without the prespawn
 * gives: "it exited with code N during start-up (...)" and its last stderr lines, redacted.
 * Before, its recorded exit was replayed in the tick its transport started, so the handshake was
 * refused as "Not connected" before its stderr was read (seen in a full run of
 * test/e2e/start-up-early-spawn.e2e.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { launchOf, prespawn, prespawnedCount, releasePrespawned } from '../../src/downstream/child-spawn.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { silentLogger } from '../../src/log.js';

const SECRET = 'sk-prespawn-dies-51c2';
/** Writes its secret to stderr and exits 3, before any handshake. */
const DIES = `process.stderr.write('fatal: token ${SECRET} rejected\\n'); process.exit(3);`;

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  await releasePrespawned();
});

function pool(servers: ServerConfig[]): DownstreamPool {
  const made = new DownstreamPool(servers, { log: silentLogger, onStderrLine: () => {}, restartDelaysMs: [0] });
  pools.push(made);
  return made;
}

const dies = (): ServerConfig => ({
  name: 'dies',
  transport: 'stdio',
  command: process.execPath,
  args: ['-e', DIES],
  env: { TOKEN: SECRET },
  headers: {},
  disabled: false,
});

describe('a prespawned server that died before it was taken', () => {
  it('fails its first start with the same redacted message as a start without the prespawn', async () => {
    const child = prespawn(launchOf(dies()));
    expect(prespawnedCount()).toBe(1);
    // Let it die first: the transport then takes a process that is already gone.
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    const fromPrespawn = await pool([dies()]).resolveTool('dies', 'anything');
    expect(prespawnedCount()).toBe(0);
    const fromLazy = await pool([dies()]).resolveTool('dies', 'anything');

    expect(fromPrespawn).toEqual(fromLazy);
    expect(fromPrespawn).toMatchObject({ code: 'server_unavailable' });
    const message = 'message' in fromPrespawn ? fromPrespawn.message : '';
    expect(message).toContain('exited with code 3 during start-up');
    expect(message).toContain('fatal: token *** rejected');
    expect(message).not.toContain(SECRET);
  });
});
