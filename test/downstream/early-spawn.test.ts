/**
 * DownstreamPool.spawnAll (ServerConnection.spawnEarly, used by --eager): a stdio server's
 * process is spawned without its handshake; the first start sends initialize on that same
 * process. A process that died meanwhile, or could not be spawned, fails that start with the
 * message a start without the early spawn gives, its secrets redacted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { silentLogger } from '../../src/log.js';

const START_LOG_SERVER = resolve('test/fixtures/servers/start-log-server.mjs');
const SECRET = 'sk-dies-early-7b1e0c';
/** Writes its secret to stderr and exits 4, before any handshake. */
const DIES = `process.stderr.write('fatal: token ${SECRET} rejected\\n'); process.exit(4);`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallel-mcp-early-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function pool(servers: ServerConfig[]): DownstreamPool {
  const made = new DownstreamPool(servers, { log: silentLogger, onStderrLine: () => {}, restartDelaysMs: [0] });
  pools.push(made);
  return made;
}

const stdio = (name: string, args: string[], env: Record<string, string> = {}): ServerConfig => ({
  name,
  transport: 'stdio',
  command: process.execPath,
  args,
  env,
  headers: {},
  disabled: false,
});

const events = (log: string) =>
  existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { event: string; pid: number }) : [];

async function until(ready: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`Expected the condition within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('spawnAll', () => {
  it('spawns the process without a handshake; the first call initializes that same process', async () => {
    const log = join(dir, 'one.jsonl');
    const servers = pool([stdio('logged', [START_LOG_SERVER], { START_LOG: log })]);
    servers.spawnAll();
    await until(() => events(log).length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(events(log).map((e) => e.event)).toEqual(['spawned']);

    const resolved = await servers.resolveTool('logged', 'echo');
    if (!('definition' in resolved)) throw new Error(`Expected echo to resolve, got ${resolved.message}`);
    const outcome = await servers.callTool(resolved, { message: 'hi' });
    expect(outcome).toMatchObject({ ok: true, result: { content: [{ type: 'text', text: 'hi' }] } });
    const seen = events(log);
    expect(seen.map((e) => e.event)).toEqual(['spawned', 'initialized']);
    expect(new Set(seen.map((e) => e.pid)).size).toBe(1);
  });

  it('fails the first start of a process that died before its handshake with the same redacted message as without the early spawn', async () => {
    const early = pool([stdio('dies', ['-e', DIES], { TOKEN: SECRET })]);
    early.spawnAll();
    // Let it die first: the handshake then starts on a process that is already gone.
    await new Promise((r) => setTimeout(r, 1500));
    const fromEarly = await early.resolveTool('dies', 'anything');
    const fromLazy = await pool([stdio('dies', ['-e', DIES], { TOKEN: SECRET })]).resolveTool('dies', 'anything');

    expect(fromEarly).toEqual(fromLazy);
    expect(fromEarly).toMatchObject({ code: 'server_unavailable' });
    const message = 'message' in fromEarly ? fromEarly.message : '';
    expect(message).toContain('exited with code 4 during start-up');
    expect(message).toContain('fatal: token *** rejected');
    expect(message).not.toContain(SECRET);
  });

  it('fails the first start of a command that cannot be spawned as a lazy start does', async () => {
    const missing = (): ServerConfig => ({ ...stdio('missing', []), command: join(dir, 'no-such-command') });
    const early = pool([missing()]);
    early.spawnAll();
    await new Promise((r) => setTimeout(r, 200));
    const fromEarly = await early.resolveTool('missing', 'anything');
    const fromLazy = await pool([missing()]).resolveTool('missing', 'anything');
    expect(fromEarly).toEqual(fromLazy);
    expect('message' in fromEarly ? fromEarly.message : '').toContain('command not found (ENOENT)');
  });

  it('ends a process spawned early that never got its handshake when the pool closes', async () => {
    const log = join(dir, 'closed.jsonl');
    const servers = pool([stdio('logged', [START_LOG_SERVER], { START_LOG: log })]);
    servers.spawnAll();
    await until(() => events(log).length > 0);
    const pid = events(log)[0]!.pid;
    await servers.close();
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await until(() => !alive(), 5000);
    expect(alive()).toBe(false);
  });
});
