/**
 * The summary line and counts of both tools: failed and cancelled are disjoint, and a
 * speedup is printed only when it measures something (two calls ran at once, one succeeded).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolServer } from '../downstream/in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';

let instance: InMemoryParallelMcp;
beforeAll(async () => {
  instance = await startInMemory({ alpha: toolServer() });
});
afterAll(async () => {
  await instance.close();
});

async function call(name: string, args: Record<string, unknown>) {
  const response = await instance.client.callTool({ name, arguments: args });
  return { text: (response.content as Array<{ text: string }>)[0]!.text, out: response.structuredContent as { summary: Record<string, unknown>; results?: Array<Record<string, unknown>> } };
}

const slow = { server: 'alpha', tool: 'slow', arguments: { ms: 60 } };

describe('call_tools_parallel summary', () => {
  it('counts a call cancelled by fail_fast as cancelled only, not also as failed', async () => {
    const { text, out } = await call('call_tools_parallel', { fail_fast: true, calls: [{ server: 'alpha', tool: 'hang' }, { server: 'alpha', tool: 'fails' }] });
    expect(out.results!.map((r) => (r.error as { code: string }).code)).toEqual(['cancelled', 'tool_error']);
    expect(out.summary).toMatchObject({ total: 2, succeeded: 0, failed: 1, cancelled: 1 });
    expect(text.split('\n')[0]).toMatch(/^0\/2 calls succeeded, 1 failed, 1 cancelled in .*speedup n\/a, nothing succeeded\)$/);
    expect(text).toContain('[0] CANCELLED alpha/hang: cancelled:');
  });

  it('prints the speedup only when two calls ran at once', async () => {
    const one = await call('call_tools_parallel', { calls: [slow] });
    expect(one.text.split('\n')[0]).toMatch(/speedup n\/a, no two calls ran at once\)$/);
    expect(typeof one.out.summary.speedup).toBe('number');
    const two = await call('call_tools_parallel', { calls: [slow, slow] });
    expect(two.text.split('\n')[0]).toMatch(/speedup \d+\.\d\dx\)$/);
  });
});

describe('run_plan summary', () => {
  it('says n/a for the speedup of a one-step run and of a run where nothing succeeded', async () => {
    const one = await call('run_plan', { steps: [{ id: 'a', ...slow }] });
    expect(one.text.split('\n')[0]).toMatch(/^1\/1 steps succeeded in .*speedup n\/a, no two steps ran at once, efficiency/);
    const failed = await call('run_plan', { retries: 0, steps: [{ id: 'a', server: 'alpha', tool: 'fails' }, { id: 'b', server: 'alpha', tool: 'fails' }] });
    expect(failed.text.split('\n')[0]).toMatch(/^0\/2 steps succeeded, 2 failed in .*speedup n\/a, nothing succeeded,/);
    const two = await call('run_plan', { steps: [{ id: 'a', ...slow }, { id: 'b', ...slow }] });
    expect(two.text.split('\n')[0]).toMatch(/speedup \d+\.\d\dx, efficiency/);
  });

  it('counts fail_fast cancellations as cancelled or skipped, never also as failed', async () => {
    const { out } = await call('run_plan', {
      failure_mode: 'fail_fast',
      retries: 0,
      steps: [{ id: 'h', server: 'alpha', tool: 'hang' }, { id: 'f', server: 'alpha', tool: 'fails' }, { id: 'after', server: 'alpha', tool: 'echo', arguments: { message: 'x' }, depends_on: ['f'] }],
    });
    const s = out.summary as { total: number; succeeded: number; failed: number; skipped: number; cancelled: number };
    expect(s).toMatchObject({ total: 3, succeeded: 0, failed: 1 });
    expect(s.succeeded + s.failed + s.skipped + s.cancelled).toBe(s.total);
  });
});
