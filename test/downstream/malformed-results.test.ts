import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool, MAX_ARGUMENT_DEPTH, type ResolvedTool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { silentLogger } from '../../src/log.js';
import { callToolsParallel } from '../../src/tools/call-tools-parallel.js';

const MALFORMED = resolve('test/fixtures/servers/malformed-server.mjs');

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function deps() {
  const config = parseConfig({ mcpServers: { bad: { command: process.execPath, args: [MALFORMED] } } }, { path: 'test.json', env: {} });
  const pool = new DownstreamPool(config.servers, { log: silentLogger, onStderrLine: () => undefined });
  pools.push(pool);
  return { pool, config, log: silentLogger, env: {}, durations: new DurationStats() };
}

async function resolved(pool: DownstreamPool, tool: string): Promise<ResolvedTool> {
  const found = await pool.resolveTool('bad', tool);
  if ('code' in found) throw new Error(JSON.stringify(found));
  return found;
}

function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let inner = root;
  for (let i = 1; i < depth; i++) {
    const next: Record<string, unknown> = {};
    inner.a = next;
    inner = next;
  }
  return root;
}

describe('malformed downstream results', () => {
  it('names a result whose content is not an array invalid_result, in one line with its path', async () => {
    const { pool } = deps();
    expect(await pool.callTool(await resolved(pool, 'bad_content'), {})).toEqual({
      ok: false,
      error: { code: 'invalid_result', message: 'bad.bad_content returned a malformed result: result.content: Invalid input: expected array, received string' },
    });
  });

  it('names the first problem of a content block of no known shape', async () => {
    const { pool } = deps();
    expect(await pool.callTool(await resolved(pool, 'bad_block'), {})).toEqual({
      ok: false,
      error: { code: 'invalid_result', message: 'bad.bad_block returned a malformed result: result.content[0].text: Invalid input: expected string, received undefined' },
    });
  });

  it('never retries invalid_result: with retries 2 the tool runs once', async () => {
    const d = deps();
    const { results } = await callToolsParallel(d, { calls: [{ server: 'bad', tool: 'bad_content' }], retries: 2 }, {});
    expect(results[0]).toMatchObject({ ok: false, attempts: 1, error: { code: 'invalid_result' } });
    const counted = await d.pool.callTool(await resolved(d.pool, 'calls'), {});
    expect(counted).toEqual({ ok: true, result: { content: [{ type: 'text', text: '2' }] } });
  });

  it('refuses arguments nested 5,000 deep as invalid_arguments before sending, not as a transport error', async () => {
    const d = deps();
    const { results } = await callToolsParallel(d, { calls: [{ server: 'bad', tool: 'calls', arguments: nested(5000) }, { server: 'bad', tool: 'calls', arguments: nested(MAX_ARGUMENT_DEPTH) }] }, {});
    expect(results[0]!.error).toEqual({
      code: 'invalid_arguments',
      message: expect.stringMatching(/^arguments for bad\.calls nest deeper than 1000 levels \(at arguments\.a\.a\.a.*\.\.\.\); expected at most 1000$/),
    });
    expect(results[1]).toMatchObject({ ok: true });
  });
});
