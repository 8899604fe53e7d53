/**
 * The start-up warm-up (downstream/start-up-warm.ts): while the first downstream server of
 * the process boots, the SDK's result schemas and the Client's ajv run over samples, so its
 * answers (initialize, tools/list, output schemas) find that code compiled (issue 13, first
 * call after spawn). Each sample is one the schemas accept; the steps run one per turn of
 * the event loop, once per process, and finish while the server is still starting.
 */
import { resolve } from 'node:path';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { warmUpProgress, warmUpSteps } from '../../src/downstream/start-up-warm.js';
import { silentLogger } from '../../src/log.js';

const SLOW_START_SERVER = resolve('test/fixtures/servers/slow-start-server.mjs');

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

const slow: ServerConfig = {
  name: 'slow',
  transport: 'stdio',
  command: process.execPath,
  args: [SLOW_START_SERVER],
  env: { START_DELAY_MS: '1500' },
  headers: {},
  disabled: false,
};

const turn = () => new Promise<void>((done) => setImmediate(done));

describe('start-up warm-up', () => {
  it('has samples the SDK\'s schemas and ajv accept', () => {
    expect(warmUpSteps(new AjvJsonSchemaValidator()).map((step) => step())).toEqual([true, true, true, true]);
  });

  it('runs once, a step per turn, while the first server is still starting; the call is answered as before', async () => {
    expect(warmUpProgress()).toEqual({ started: false, done: 0, of: 0 });
    const pool = new DownstreamPool([slow], { log: silentLogger, onStderrLine: () => {} });
    pools.push(pool);
    const resolved = pool.resolveTool('slow', 'slow_echo');
    let serverStarted = false;
    void resolved.then(() => (serverStarted = true));
    const seen: number[] = [];
    while (warmUpProgress().done < warmUpProgress().of || !warmUpProgress().started) {
      seen.push(warmUpProgress().done);
      await turn();
    }
    expect(serverStarted).toBe(false);
    // Each step in a turn of its own: every count from 0 to the last was seen between turns.
    expect([...new Set(seen)]).toEqual(Array.from({ length: warmUpProgress().of }, (_, i) => i));
    const tool = await resolved;
    if ('code' in tool) throw new Error(`Expected the tool to resolve, got ${tool.message}`);
    expect(await pool.callTool(tool, { message: 'hi' })).toMatchObject({ ok: true, result: { content: [{ type: 'text', text: 'hi' }] } });
    expect(warmUpProgress()).toMatchObject({ started: true, done: 4, of: 4 });
  });
});
