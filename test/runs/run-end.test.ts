/**
 * A foreground run's answer is built from RunRegistry.endOf, which copies no step: before,
 * the request and the task store each awaited `settled`, whose view copies every step (10,000
 * objects for a batch of 10,000) and is then held as long as the run is kept.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import type { RunReport } from '../../src/runs/run-types.js';
import { toolServer } from '../downstream/in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';

const running: InMemoryParallelMcp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

const report: RunReport = { text: 'done', structured: { results: [] }, isError: false };
const steps = [{ id: '0', tool: 'echo' }, { id: '1', server: 'alpha', tool: 'echo' }];

describe('RunRegistry.endOf', () => {
  it('after whenEnded, answers what the ended view says of the run (completed, failed, cancelled), and undefined for no run', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const completed = runs.start({ mode: 'foreground' }, { tool: 'call_tools_parallel', steps }, async () => report);
    const failed = runs.start({ mode: 'foreground' }, { tool: 'run_plan', steps }, async () => {
      throw new Error('no plan');
    });
    let finish!: (report: RunReport) => void;
    const cancelled = runs.start({ mode: 'foreground' }, { tool: 'run_plan', steps }, () => new Promise((resolve) => (finish = resolve)));
    runs.cancel(cancelled, 'the client cancelled the request');
    finish(report);
    for (const id of [completed, failed, cancelled]) {
      await runs.whenEnded(id);
      const end = runs.endOf(id);
      const view = (await runs.settled(id))!;
      const expected: Record<string, unknown> = { run_id: view.run_id, status: view.status, report: view.report };
      if (view.status_message !== undefined) expected.status_message = view.status_message;
      expect(end).toEqual(expected);
    }
    expect(runs.endOf(failed)?.status).toBe('failed');
    expect(runs.endOf(cancelled)?.status).toBe('cancelled');
    expect(runs.endOf('no-such-run')).toBeUndefined();
  });

  it('isOf says whether a kept run is of a session, as the session of its view does', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const mine = runs.start({ mode: 'foreground', session: 's1' }, { tool: 'run_plan', steps }, async () => report);
    const none = runs.start({ mode: 'foreground' }, { tool: 'run_plan', steps }, async () => report);
    expect([runs.isOf(mine, 's1'), runs.isOf(mine, 's2'), runs.isOf(mine, undefined)]).toEqual([true, false, false]);
    expect([runs.isOf(none, undefined), runs.isOf(none, 's1'), runs.isOf('no-such-run', undefined)]).toEqual([true, false, false]);
  });

  it('a foreground call, lean or through the SDK, is answered without building the run view', async () => {
    for (const lean of [true, false]) {
      const instance = await startInMemory({ alpha: toolServer() }, { lean });
      running.push(instance);
      const settled = vi.spyOn(instance.deps.runs!, 'settled');
      const get = vi.spyOn(instance.deps.runs!, 'get');
      const wait = vi.spyOn(instance.deps.runs!, 'wait');
      const result = await instance.client.callTool({
        name: 'call_tools_parallel',
        arguments: { calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'a' } }, { server: 'alpha', tool: 'echo', arguments: { message: 'b' } }] },
      });
      const structured = result.structuredContent as { run_id: string; status: string; results: Array<{ ok: boolean }> };
      expect(structured.status).toBe('completed');
      expect(structured.results.map((r) => r.ok)).toEqual([true, true]);
      expect(settled).not.toHaveBeenCalled();
      expect(get).not.toHaveBeenCalled();
      expect(wait).not.toHaveBeenCalled();
      // get_run still shows every step, built when it is asked for.
      const run = await instance.client.callTool({ name: 'get_run', arguments: { run_id: structured.run_id } });
      expect((run.structuredContent as { steps: unknown[] }).steps).toHaveLength(2);
    }
  });
});
