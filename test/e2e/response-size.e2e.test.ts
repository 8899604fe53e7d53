/**
 * End to end: no message size ends the session. The built CLI over stdio, the real SDK
 * client (whose stdio ReadBuffer refuses a message over 10 MiB), a fixture server whose
 * results are as big as asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT, startCli, writeTempConfig, type CliSession } from '../helpers/cli-client.js';

const BIG_SERVER = join(REPO_ROOT, 'test/fixtures/servers/big-result-server.mjs');

interface Result {
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

const sessions: CliSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close().catch(() => {})));
});

async function start(parallelMcp?: Record<string, unknown>): Promise<CliSession> {
  const { path } = writeTempConfig(() => ({
    mcpServers: { big: { command: process.execPath, args: [BIG_SERVER] } },
    ...(parallelMcp ? { parallelMcp } : {}),
  }));
  const session = await startCli({ args: ['--config', path] });
  sessions.push(session);
  return session;
}

const text = (bytes: number, fill?: string) => ({ server: 'big', tool: 'text', arguments: { bytes, ...(fill ? { fill } : {}) } });

async function stillServes(session: CliSession): Promise<void> {
  const response = await session.client.callTool({ name: 'call_tools_parallel', arguments: { calls: [text(5)] } });
  expect((response.structuredContent as { results: Result[] }).results[0]!.ok).toBe(true);
}

describe('response size', () => {
  it('keeps three 4 MB results in one response under maxResponseBytes by failing the largest, and the session goes on', async () => {
    const session = await start();
    const response = await session.client.callTool(
      { name: 'call_tools_parallel', arguments: { calls: [text(4_000_000, 'a'), text(4_000_000, 'b'), text(3_000_000, 'c')] } },
      undefined,
      { timeout: 60_000 },
    );
    const bytes = Buffer.byteLength(JSON.stringify(response));
    expect(bytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    const out = response.structuredContent as { results: Result[]; summary: Record<string, number> };
    // Each costs twice its size (text and structured copies): the two 4 MB results are the largest
    // and go first; the 3 MB one then fits.
    expect(out.results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(['result_too_large', 'result_too_large', 'ok']);
    const message = out.results[1]!.error!.message;
    expect(message).toContain('the tool succeeded');
    expect(message).toContain('over the limit of 8.0 MiB (8388608 bytes) (parallelMcp.maxResponseBytes)');
    expect(message).toContain('fewer calls per batch');
    expect(out.summary).toMatchObject({ total: 3, succeeded: 1, failed: 2, cancelled: 0 });
    const body = (response.content as Array<{ text: string }>)[0]!.text;
    expect(body).toContain('c'.repeat(3_000_000));
    expect(body).toContain('[0] FAILED big/text: result_too_large: the tool succeeded');
    await stillServes(session);
  });

  it('fails a result over maxResultBytes alone, saying its size and the limit', async () => {
    const session = await start({ maxResultBytes: 10_000 });
    const response = await session.client.callTool({ name: 'call_tools_parallel', arguments: { calls: [text(20_000), text(5_000)] } });
    const out = response.structuredContent as { results: Result[] };
    expect(out.results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(['result_too_large', 'ok']);
    expect(out.results[0]!.error!.message).toMatch(/its result is 19\.6 KiB \(200\d\d bytes\), over the per-result limit of 9\.8 KiB \(10000 bytes\) \(parallelMcp\.maxResultBytes\)/);
  });

  it('run_plan: a returned step over the limit keeps its status, its dependents got its value, and only returned results count', async () => {
    const session = await start({ maxResultBytes: 10_000 });
    const plan = {
      steps: [
        { id: 'big', ...text(20_000, 'q') },
        { id: 'uses', server: 'big', tool: 'text', arguments: { bytes: 3, fill: '{{big}}' } },
      ],
    };
    const all = await session.client.callTool({ name: 'run_plan', arguments: plan });
    const steps = (all.structuredContent as { steps: Array<Result & { id: string; status: string }> }).steps;
    expect(steps.map((s) => [s.id, s.status, s.error?.code])).toEqual([
      ['big', 'ok', 'result_too_large'],
      ['uses', 'ok', undefined],
    ]);
    expect(steps[0]!.result).toBeUndefined();
    expect((steps[1]!.result as { content: Array<{ text: string }> }).content[0]!.text).toBe('qqq');
    const onlyUses = await session.client.callTool({ name: 'run_plan', arguments: { ...plan, outputs: ['uses'] } });
    const quiet = (onlyUses.structuredContent as { steps: Array<Result & { status: string }> }).steps;
    expect(quiet.map((s) => s.error?.code)).toEqual([undefined, undefined]);
  });

  it('answers a request over 10 MiB with a JSON-RPC error, and the session goes on', async () => {
    const session = await start();
    const huge = text(1, 'y'.repeat(11 * 1024 * 1024));
    await expect(session.client.callTool({ name: 'call_tools_parallel', arguments: { calls: [huge] } }, undefined, { timeout: 30_000 })).rejects.toMatchObject({
      code: -32600,
      message: expect.stringMatching(/request too large: \d+ bytes, limit 10485760/),
    });
    await stillServes(session);
  });
});
