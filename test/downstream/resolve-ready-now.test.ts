/**
 * pool.resolveReadyNow (the one-call path's resolution without a turn of the microtask queue)
 * answers exactly what resolveIfReady answers whenever it answers at all, and leaves to it
 * everything it cannot tell at once: each case asks both on the same real pool (real
 * McpServers over InMemoryTransport) and compares.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { silentLogger } from '../../src/log.js';
import { serverConfig, toolServer } from './in-memory-servers.js';

let pool: DownstreamPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function makePool(): DownstreamPool {
  return new DownstreamPool(
    [serverConfig('alpha'), serverConfig('beta'), serverConfig('limited', { deny: ['echo'] }), serverConfig('globbed', { allow: ['*d*', 'e*'], deny: ['e?ho', 'ec*'] }), serverConfig('off', { disabled: true }), serverConfig('later')],
    { log: silentLogger, transportFactory: () => toolServer().transport() },
  );
}

const cases: Array<[string | undefined, string]> = [
  ['alpha', 'echo'],
  [undefined, 'alpha__echo'],
  [undefined, 'beta__add'],
  ['alpha', 'alpha__echo'],
  ['alpha', 'nope'],
  ['gamma', 'echo'],
  [undefined, 'echo'],
  [undefined, 'nope'],
  ['limited', 'echo'],
  ['limited', 'add'],
  ['globbed', 'echo'],
  ['globbed', 'add'],
  [undefined, 'globbed__add'],
  [undefined, 'globbed__echo'],
  ['off', 'echo'],
  ['later', 'echo'],
];

describe('resolveReadyNow', () => {
  it('answers what resolveIfReady answers, or nothing', async () => {
    pool = makePool();
    await Promise.all(['alpha', 'beta', 'limited', 'globbed'].map((name) => pool!.resolveTool(name, 'echo')));
    const answered: string[] = [];
    for (const [server, tool] of cases) {
      const now = pool.resolveReadyNow(server, tool);
      const later = await pool.resolveIfReady(server, tool);
      if (now !== undefined) {
        expect(now).toEqual(later);
        answered.push(`${server ?? ''}/${tool}`);
      }
    }
    // Named and prefixed tools of ready servers; never an error, a bare name or a server not ready.
    expect(answered).toEqual(['alpha/echo', '/alpha__echo', '/beta__add', 'limited/add', 'globbed/add', '/globbed__add']);
  });

  it('answers nothing for a pool that is shut down', async () => {
    pool = makePool();
    await pool.resolveTool('alpha', 'echo');
    expect(pool.resolveReadyNow('alpha', 'echo')).toBeDefined();
    await pool.close();
    expect(pool.resolveReadyNow('alpha', 'echo')).toBeUndefined();
    const later = await pool.resolveIfReady('alpha', 'echo');
    expect(later !== undefined && 'definition' in later).toBe(false);
  });
});
