/**
 * The summary line names the wall time spent waiting for servers to start and gives the
 * speedup over the rest: a first batch, whose calls wait for their server, no longer reads
 * "speedup 0.05x" for calls that did run at once.
 */
import { describe, expect, it } from 'vitest';
import type { CallResult, CallSummary } from '../../src/tools/call-tools-parallel.js';
import { callToolsResponse } from '../../src/tools/call-tools-response.js';
import { renderPlanResult } from '../../src/tools/run-plan-response.js';
import type { RunPlanOutput } from '../../src/tools/run-plan.js';
import { startWaitMs } from '../../src/tools/start-wait.js';

const limits = { maxResultBytes: 1 << 20, maxResponseBytes: 1 << 22 };

describe('startWaitMs', () => {
  it('is 0 when no call waited', () => {
    expect(startWaitMs([{ started_ms: 0, duration_ms: 10 }, { started_ms: 5, duration_ms: 10 }])).toBe(0);
  });

  it('counts the waits once where they overlap, and not where a call was already running', () => {
    // Two calls wait for one server from 0 to 300; a third, on a live server, runs 0..100; a fourth waits 280..400.
    const timings = [
      { started_ms: 300, duration_ms: 20, wait_ms: 300 },
      { started_ms: 300, duration_ms: 25, wait_ms: 300 },
      { started_ms: 0, duration_ms: 100 },
      { started_ms: 400, duration_ms: 10, wait_ms: 120 },
    ];
    // Waiting and nothing running: 100..300 and 325..400.
    expect(startWaitMs(timings)).toBe(200 + 75);
  });
});

function batch(): { results: CallResult[]; summary: CallSummary } {
  // As a first batch reports: both calls waited 500 ms for their server, then ran at once for 20 ms.
  const results: CallResult[] = [0, 1].map((index) => ({
    index,
    server: 'srv',
    tool: 'echo',
    attempts: 1,
    started_ms: 500,
    duration_ms: 20,
    wait_ms: 500,
    ok: true,
    result: { content: [{ type: 'text', text: 'hi' }] },
  }));
  return { results, summary: { total: 2, succeeded: 2, failed: 0, cancelled: 0, wall_ms: 520, sum_ms: 40, speedup: 0.08 } };
}

describe('the summary line with a start wait', () => {
  it('call_tools_parallel: names the wait and gives the speedup over the rest of the wall time', () => {
    const { results, summary } = batch();
    const line = callToolsResponse(results, summary, limits).content[0]!.text.split('\n')[0];
    expect(line).toBe('2/2 calls succeeded in 520 ms, 500 ms of it waiting for servers to start (sequential 40 ms, speedup 2.00x over the other 20 ms)');
  });

  it('call_tools_parallel: unchanged when no call waited', () => {
    const { results, summary } = batch();
    for (const r of results) delete r.wait_ms;
    const line = callToolsResponse(results, summary, limits).content[0]!.text.split('\n')[0];
    expect(line).toBe('2/2 calls succeeded in 520 ms (sequential 40 ms, speedup 0.08x)');
  });

  it('run_plan: names the wait and gives the speedup over the rest of the makespan', () => {
    const steps = ['a', 'b'].map((id) => ({ id, server: 'srv', tool: 'echo', status: 'ok', attempts: 1, started_ms: 500, duration_ms: 20, wait_ms: 500 }));
    const summary = {
      total: 2,
      succeeded: 2,
      failed: 0,
      skipped: 0,
      cancelled: 0,
      makespan_ms: 520,
      sum_ms: 40,
      speedup: 0.08,
      efficiency: 1,
      lower_bound_ms: 520,
      critical_path: { steps: ['a'], ms: 520 },
    } as unknown as RunPlanOutput['summary'];
    const text = renderPlanResult({ steps: steps as unknown as RunPlanOutput['steps'], summary }, '', [undefined, undefined]);
    expect(text.split('\n')[0]).toBe(
      '2/2 steps succeeded in 520 ms, 500 ms of it waiting for servers to start (sequential 40 ms, speedup 2.00x over the other 20 ms, efficiency 100% of the lower bound 520 ms)',
    );
  });
});
