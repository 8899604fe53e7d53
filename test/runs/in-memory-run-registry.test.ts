import { describe, expect, it } from 'vitest';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import { RunLimitError, type RunReport } from '../../src/runs/run-types.js';

const spec = { tool: 'run_plan' as const, steps: [{ id: 'a', tool: 'echo' }] };
const report: RunReport = { text: 'done', structured: { steps: [], summary: {} }, isError: false };

function deferred() {
  let resolve!: (report: RunReport) => void;
  const promise = new Promise<RunReport>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('InMemoryRunRegistry', () => {
  it('whenEnded resolves when the run ends, and endOf then gives what its view gives for the answer', async () => {
    let now = 1_000;
    const runs = new InMemoryRunRegistry({ ttlMs: 50, max: 10, now: () => now });
    const pending = deferred();
    const id = runs.start({ mode: 'foreground' }, spec, () => pending.promise);
    expect(runs.endOf(id)).toBeUndefined();
    let ended = false;
    const whenEnded = runs.whenEnded(id).then(() => (ended = true));
    await Promise.resolve();
    expect(ended).toBe(false);
    runs.cancel(id, 'stop');
    pending.resolve(report);
    await whenEnded;
    const end = runs.endOf(id)!;
    const view = runs.get(id)!;
    expect(end).toEqual({ run_id: view.run_id, status: view.status, status_message: view.status_message, report: view.report });
    expect(end).toMatchObject({ status: 'cancelled', status_message: 'stop', report });
    await runs.whenEnded(id);
    await runs.whenEnded('no such run');
    // Swept as get sweeps: past its ttl an ended run is not kept.
    now += 50;
    expect(runs.endOf(id)).toBeUndefined();
    expect(runs.get(id)).toBeUndefined();
  });

  it('onEnded calls back inside the end, with the report ready, in the order added; at once for an ended or unknown run; a throwing one stops nothing', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const pending = deferred();
    const id = runs.start({ mode: 'foreground' }, spec, () => pending.promise);
    const seen: string[] = [];
    runs.onEnded(id, () => seen.push(`first ${runs.endOf(id)?.status}`));
    runs.onEnded(id, () => {
      throw new Error('a listener fault');
    });
    const whenEnded = runs.whenEnded(id).then(() => seen.push('whenEnded'));
    runs.onEnded(id, () => seen.push(`last ${runs.endOf(id)?.report === report}`));
    await Promise.resolve();
    expect(seen).toEqual([]);
    pending.resolve(report);
    // The callbacks run inside the end: the last one added still comes before the continuation
    // of whenEnded, whose promise was resolved in the end before it.
    await whenEnded;
    expect(seen).toEqual(['first completed', 'last true', 'whenEnded']);
    runs.onEnded(id, () => seen.push('ended already'));
    runs.onEnded('no such run', () => seen.push('unknown'));
    expect(seen.slice(3)).toEqual(['ended already', 'unknown']);
    expect(runs.get(id)?.status).toBe('completed');
  });

  it('shows a running step\'s news on the step and as the run\'s progress_message, until the step finishes', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const pending = deferred();
    let emit!: Parameters<Parameters<typeof runs.start>[2]>[0]['onEvent'];
    const id = runs.start({ mode: 'background' }, { tool: 'call_tools_parallel', steps: [{ id: '0', tool: 'research' }] }, (context) => {
      emit = context.onEvent;
      return pending.promise;
    });
    emit({ type: 'progress', id: '0', message: 'ignored while pending' });
    expect(runs.get(id)?.progress_message).toBeUndefined();
    emit({ type: 'started', id: '0', attempt: 1, at_ms: 0 });
    emit({ type: 'progress', id: '0', message: 'working — Gathering sources...' });
    expect(runs.get(id)?.progress_message).toBe('call 0 research: working — Gathering sources...');
    expect(runs.get(id)?.steps[0]).toMatchObject({ status: 'running', status_message: 'working — Gathering sources...' });
    emit({ type: 'finished', record: { id: '0', status: 'ok', attempts: 1, result: { content: [] } } });
    expect(runs.get(id)?.progress_message).toBeUndefined();
    expect(runs.get(id)?.steps[0]?.status_message).toBeUndefined();
    pending.resolve(report);
    await runs.settled(id);
  });

  it('modeOf answers what the view says, through setMode, and undefined for no such run', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const id = runs.reserve({ mode: 'task' });
    expect(runs.modeOf(id)).toBe('task');
    expect(runs.modeOf(id)).toBe(runs.get(id)?.mode);
    const other = runs.reserve({ mode: 'foreground' });
    runs.setMode(other, 'background');
    expect([runs.modeOf(other), runs.get(other)?.mode]).toEqual(['background', 'background']);
    expect(runs.modeOf('no-such-run')).toBeUndefined();
  });

  it('keeps a finished run for ttlMs after it ends, then forgets it', async () => {
    let now = 1_000;
    const runs = new InMemoryRunRegistry({ ttlMs: 500, max: 10, now: () => now });
    const id = runs.start({ mode: 'background' }, spec, async () => report);
    await runs.settled(id);
    now += 499;
    expect(runs.get(id)?.status).toBe('completed');
    now += 1;
    expect(runs.get(id)).toBeUndefined();
    expect(runs.list()).toEqual([]);
  });

  it('never expires a working run, however old', () => {
    let now = 0;
    const runs = new InMemoryRunRegistry({ ttlMs: 10, max: 10, now: () => now });
    const id = runs.start({ mode: 'background' }, spec, () => new Promise<RunReport>(() => undefined));
    now += 1_000_000;
    expect(runs.get(id)?.status).toBe('working');
  });

  it('drops the oldest finished run when the cap is reached, and refuses a new run when every kept run works', async () => {
    let now = 0;
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 2, now: () => now });
    const first = runs.start({ mode: 'background' }, spec, async () => report);
    await runs.settled(first);
    now += 1;
    const pending = deferred();
    const second = runs.start({ mode: 'background' }, spec, () => pending.promise);
    const third = runs.start({ mode: 'background' }, spec, () => new Promise<RunReport>(() => undefined));
    expect(runs.get(first)).toBeUndefined();
    expect(runs.get(second)?.status).toBe('working');
    expect(runs.get(third)?.status).toBe('working');
    expect(() => runs.start({ mode: 'background' }, spec, async () => report)).toThrow(RunLimitError);
    expect(() => runs.reserve({ mode: 'task' })).toThrow(/parallelMcp\.runs\.max is 2/);
    pending.resolve(report);
    await runs.settled(second);
    const fourth = runs.start({ mode: 'background' }, spec, async () => report);
    expect(runs.get(second)).toBeUndefined();
    expect(runs.get(fourth)).toBeDefined();
  });

  it('answers settled() and wait() with undefined, as get() does, for a run dropped between its end and their answer', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 1 });
    const first = runs.reserve({ mode: 'background' });
    runs.begin(first, spec, () => new Promise<RunReport>(() => undefined));
    const settled = runs.settled(first);
    const waited = runs.wait(first, 60_000);
    runs.fail(first, 'stopped');
    // In the same turn, before either continues: the cap drops the ended run for a new one.
    const second = runs.reserve({ mode: 'background' });
    expect(runs.get(first)).toBeUndefined();
    expect(await settled).toBeUndefined();
    expect(await waited).toBeUndefined();
    // A run still kept is answered as before.
    const kept = runs.settled(second);
    runs.fail(second, 'stopped too');
    expect((await kept)?.status).toBe('failed');
  });

  it('drops the run that ended first when the cap is reached, not the one created first, and expires runs in the order they ended', async () => {
    let now = 0;
    const runs = new InMemoryRunRegistry({ ttlMs: 1000, max: 2, now: () => now });
    const older = deferred();
    const newer = deferred();
    const createdFirst = runs.start({ mode: 'background' }, spec, () => older.promise);
    const createdSecond = runs.start({ mode: 'background' }, spec, () => newer.promise);
    now = 10;
    newer.resolve(report);
    await runs.settled(createdSecond);
    now = 20;
    older.resolve(report);
    await runs.settled(createdFirst);
    const third = runs.start({ mode: 'background' }, spec, () => new Promise<RunReport>(() => undefined));
    expect([runs.get(createdFirst)?.status, runs.get(createdSecond), runs.get(third)?.status]).toEqual(['completed', undefined, 'working']);
    now = 1019;
    expect(runs.get(createdFirst)?.status).toBe('completed');
    now = 1020;
    expect(runs.get(createdFirst)).toBeUndefined();
    expect(runs.get(third)?.status).toBe('working');
  });

  it('wait answers when the run ends, before the wait passes', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const pending = deferred();
    const id = runs.start({ mode: 'background' }, spec, () => pending.promise);
    const waited = runs.wait(id, 50_000);
    setTimeout(() => pending.resolve(report), 20);
    const view = await waited;
    expect(view?.status).toBe('completed');
    expect(view?.report).toEqual(report);
  });

  it('wait answers the working run when the wait passes first', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const id = runs.start({ mode: 'background' }, spec, () => new Promise<RunReport>(() => undefined));
    expect((await runs.wait(id, 10))?.status).toBe('working');
  });

  it('cancel aborts the work and the run stays cancelled when its report comes', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const id = runs.start({ mode: 'background' }, spec, ({ signal }) =>
      new Promise<RunReport>((resolve) => signal.addEventListener('abort', () => resolve(report))),
    );
    expect(runs.cancel(id, 'stop')?.status).toBe('cancelled');
    const view = await runs.settled(id);
    expect(view?.status).toBe('cancelled');
    expect(view?.report).toEqual(report);
  });

  it('follows each step from the scheduler events and keeps every ok result for resume, showing only the outputs', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const result = { content: [{ type: 'text', text: 'A' }] };
    const id = runs.start(
      { mode: 'background' },
      { tool: 'run_plan', steps: [{ id: 'a', tool: 't' }, { id: 'b', tool: 't' }], outputs: ['b'], input: { steps: [] } },
      async ({ onEvent }) => {
        onEvent({ type: 'started', id: 'a', attempt: 1, at_ms: 0 });
        onEvent({ type: 'finished', record: { id: 'a', status: 'ok', attempts: 1, result } });
        onEvent({ type: 'finished', record: { id: 'b', status: 'failed', attempts: 1, error: { code: 'tool_error', message: 'no' } } });
        return report;
      },
    );
    const view = await runs.settled(id);
    expect(view?.progress).toEqual({ done: 2, total: 2 });
    expect(view?.steps).toEqual([
      { id: 'a', tool: 't', status: 'ok', attempts: 1 },
      { id: 'b', tool: 't', status: 'failed', attempts: 1, error: { code: 'tool_error', message: 'no' } },
    ]);
    expect(runs.memory(id)?.results.get('a')).toEqual(result);
    expect(runs.memory(id)?.stepStatus.get('b')).toBe('failed');
  });

  it('a run whose work throws is failed, with the message', async () => {
    const runs = new InMemoryRunRegistry({ ttlMs: 60_000, max: 10 });
    const id = runs.start({ mode: 'background' }, spec, async () => {
      throw new Error('boom');
    });
    const view = await runs.settled(id);
    expect(view?.status).toBe('failed');
    expect(view?.status_message).toBe('The run failed: boom');
  });

  it('over thousands of runs, evicts and expires the oldest ended runs first, in the order they ended', async () => {
    let now = 0;
    const runs = new InMemoryRunRegistry({ ttlMs: 100, max: 8, now: () => now });
    const ids: string[] = [];
    // Runs end in an order of their own (not the order they started), some while others work.
    for (let i = 0; i < 3000; i++) {
      now += 1;
      const pending = deferred();
      const id = runs.start({ mode: 'foreground' }, spec, () => pending.promise);
      ids.push(id);
      pending.resolve(report);
      await runs.whenEnded(id);
      // At most max kept, and exactly the latest ones (each ended right after it started).
      if (i % 97 === 0 || i > 2990) expect(runs.list().map((view) => view.run_id)).toEqual(ids.slice(-8).reverse());
    }
    expect(runs.get(ids[2991]!)).toBeUndefined();
    // Expiry in the order they ended: 100 ms after its end, each goes.
    now += 100 - 7;
    expect(runs.list().map((view) => view.run_id)).toEqual(ids.slice(-7).reverse());
    now += 3;
    expect(runs.list().map((view) => view.run_id)).toEqual(ids.slice(-4).reverse());
    now += 10;
    expect(runs.list()).toEqual([]);
    // A working run is never evicted nor expired, whatever ended around it.
    const working = runs.start({ mode: 'foreground' }, spec, () => new Promise(() => undefined));
    for (let i = 0; i < 1100; i++) {
      const pending = deferred();
      const id = runs.start({ mode: 'foreground' }, spec, () => pending.promise);
      pending.resolve(report);
      await runs.whenEnded(id);
    }
    now += 1000;
    expect(runs.list().map((view) => view.run_id)).toEqual([working]);
  });
});
