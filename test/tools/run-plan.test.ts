/**
 * run_plan through the real server, pool and SDK client, with real McpServers downstream
 * over InMemoryTransport.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Downstream, buildToolServer, toolServer } from '../downstream/in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';
import { runPlan as runPlanFunction } from '../../src/tools/run-plan.js';

interface StepOut {
  id: string;
  status: string;
  attempts: number;
  started_ms?: number;
  duration_ms?: number;
  result?: { content?: Array<{ text?: string }>; structuredContent?: Record<string, unknown> };
  error?: { code: string; message: string };
  reason?: string;
}
interface PlanOut {
  steps: StepOut[];
  summary: Record<string, unknown> & { not_retried?: Array<{ id: string; reason: string }>; inferred_edges?: Array<{ from: string; to: string; source: string; reason: string }> };
}

const running: InMemoryParallelMcp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function runPlan(args: Record<string, unknown>, options: { fresh?: boolean } = {}) {
  const instance = await startInMemory({ alpha: toolServer(), beta: toolServer() });
  running.push(instance);
  // Servers that are up, as after the first request; `fresh`: none started yet.
  if (!options.fresh) await instance.pool.startAll();
  const response = await instance.client.callTool({ name: 'run_plan', arguments: args });
  return { response, out: response.structuredContent as unknown as PlanOut, text: (response.content as Array<{ text: string }>)[0]!.text };
}

const text = (step: StepOut | undefined) => (step?.result?.content ?? []).map((c) => c.text ?? '').join('');

describe('run_plan', () => {
  it('keeps a reference to a failed step as its error object under failure_mode continue', async () => {
    const { out } = await runPlan({
      failure_mode: 'continue',
      steps: [
        { id: 'a', server: 'alpha', tool: 'fails' },
        { id: 'b', server: 'alpha', tool: 'echo', arguments: { message: 'a ended with {{a.error.code}}' } },
      ],
    });
    expect(out.steps.map((s) => s.status)).toEqual(['failed', 'ok']);
    expect(text(out.steps[1])).toBe('Echo: a ended with tool_error');
  });

  it('retries a retryable failure with its own retries, and reports the attempts', async () => {
    const { out } = await runPlan({
      steps: [
        { id: 'slow', server: 'alpha', tool: 'slow', arguments: { ms: 300 }, timeout_ms: 30, retries: 2 },
        { id: 'bad', server: 'alpha', tool: 'add', arguments: { a: 1, b: 2, tags: [3] }, retries: 2 },
      ],
    });
    expect(out.steps.map((s) => [s.id, s.status, s.attempts, s.error?.code])).toEqual([
      ['slow', 'failed', 3, 'timeout'],
      ['bad', 'failed', 1, 'invalid_arguments'],
    ]);
  });

  it('returns full results only for the requested outputs', async () => {
    const { out } = await runPlan({
      outputs: ['sum'],
      steps: [
        { id: 'x', server: 'alpha', tool: 'add', arguments: { a: 1, b: 2 } },
        { id: 'sum', server: 'beta', tool: 'add', arguments: { a: '{{x.sum}}', b: 10 } },
      ],
    });
    expect(out.steps[0]).not.toHaveProperty('result');
    expect(out.steps[1]!.result!.structuredContent).toEqual({ sum: 13 });
  });

  it('applies a preset, and explicit fields override it', async () => {
    const { out } = await runPlan({ preset: 'cost', max_concurrency: 3, steps: [{ id: 'a', server: 'alpha', tool: 'echo', arguments: { message: 'hi' } }] });
    expect(out.summary).toMatchObject({ preset: 'cost', failure_mode: 'fail_fast', max_concurrency: 3, retries: 0 });
  });

  it("runs without a preset as balanced (one retry of a retryable failure), with the config's concurrency", async () => {
    const steps = [{ id: 'slow', server: 'alpha', tool: 'slow_read', arguments: { ms: 300 }, timeout_ms: 30 }];
    const { out } = await runPlan({ steps });
    expect(out.summary).toMatchObject({ preset: 'balanced', failure_mode: 'partial_completion', retries: 1, max_concurrency: 16 });
    expect(out.steps[0]).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'timeout' } });
    expect(out.summary.not_retried).toBeUndefined();
    const { out: speed } = await runPlan({ preset: 'speed', steps });
    expect(speed.summary).toMatchObject({ preset: 'speed', retries: 0, max_concurrency: 32 });
    expect(speed.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('does not repeat a timed-out tool that is neither read-only nor idempotent by default, and says so; explicit retries do', async () => {
    const steps = [{ id: 'write', server: 'alpha', tool: 'slow', arguments: { ms: 300 }, timeout_ms: 30 }];
    const { out } = await runPlan({ steps });
    expect(out.steps[0]).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'timeout' } });
    expect(out.summary.not_retried).toEqual([
      {
        id: 'write',
        reason: 'timeout not retried: alpha.slow is not annotated readOnlyHint or idempotentHint, so it may have run; set "retries" on the step to retry it anyway',
      },
    ]);
    const { out: reliability } = await runPlan({ preset: 'reliability', steps });
    expect(reliability.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
    const { out: explicit } = await runPlan({ steps: [{ ...steps[0]!, retries: 1 }] });
    expect(explicit.steps[0]).toMatchObject({ status: 'failed', attempts: 2 });
    expect(explicit.summary.not_retried).toBeUndefined();
    const { out: planWide } = await runPlan({ retries: 1, steps });
    expect(planWide.steps[0]).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('stops the whole plan at its timeout_ms and reports every step', async () => {
    const { out } = await runPlan({
      timeout_ms: 80,
      steps: [
        { id: 'a', server: 'alpha', tool: 'slow', arguments: { ms: 20 } },
        { id: 'b', server: 'alpha', tool: 'hang', depends_on: ['a'] },
        { id: 'c', server: 'alpha', tool: 'echo', arguments: { message: 'late' }, depends_on: ['b'] },
      ],
    });
    expect(out.steps.map((s) => s.status)).toEqual(['ok', 'cancelled', 'skipped']);
    expect(out.steps[1]!.error!.code).toBe('timeout');
  });

  it('rejects outputs that name no step', async () => {
    const { response, text: message } = await runPlan({ outputs: ['ghost'], steps: [{ id: 'a', server: 'alpha', tool: 'echo', arguments: { message: 'x' } }] });
    expect(response.isError).toBe(true);
    expect(message).toContain('outputs[0] (unknown_output)');
    expect(message).toContain('ghost');
  });

  it('infers dependencies when asked (a read after a write of the same key), keeps declared ones, and schedules by them', async () => {
    const notes = new Downstream((server) => {
      const store = new Map<string, string>();
      server.registerTool('save_note', { inputSchema: { key: z.string(), text: z.string() }, annotations: { readOnlyHint: false } }, async ({ key, text }) => {
        await new Promise((r) => setTimeout(r, 30));
        store.set(key, text);
        return { content: [{ type: 'text', text: 'saved' }] };
      });
      server.registerTool('read_note', { inputSchema: { key: z.string() }, annotations: { readOnlyHint: true } }, async ({ key }) => ({
        content: [{ type: 'text', text: store.get(key) ?? '(none)' }],
      }));
    });
    const instance = await startInMemory({ notes, alpha: toolServer() });
    running.push(instance);
    const response = await instance.client.callTool({
      name: 'run_plan',
      arguments: {
        infer_dependencies: true,
        steps: [
          { id: 'save', server: 'notes', tool: 'save_note', arguments: { key: 'k1', text: 'remember this' } },
          { id: 'read', server: 'notes', tool: 'read_note', arguments: { key: 'k1' } },
          { id: 'other', server: 'alpha', tool: 'echo', arguments: { message: 'unrelated' }, depends_on: [] },
        ],
      },
    });
    const out = response.structuredContent as unknown as PlanOut;
    expect(out.summary.analysis_method).toBe('heuristic');
    expect(out.summary.inferred_edges!.map((e) => [e.from, e.to])).toContainEqual(['save', 'read']);
    expect(out.summary.inferred_edges!.every((e) => e.to !== 'other' && e.from !== 'other')).toBe(true);
    expect(text(out.steps[1])).toBe('remember this');
    const [save, read] = out.steps;
    expect(read!.started_ms!).toBeGreaterThanOrEqual(save!.started_ms! + save!.duration_ms! - 1e-9); // 1e-9: float addition
    expect((response.content as Array<{ text: string }>)[0]!.text).toContain('Inferred dependencies (heuristic): save -> read');
  });

  it('renders a Mermaid gantt of the schedule in the text', async () => {
    const { text: rendering } = await runPlan({
      steps: [
        { id: 'a', server: 'alpha', tool: 'echo', arguments: { message: 'x' } },
        { id: 'b', server: 'alpha', tool: 'echo', arguments: { message: '{{a}}' } },
      ],
    });
    expect(rendering).toContain('```mermaid\ngantt');
    expect(rendering).toMatch(/Critical path: a -> b/);
  });
});

/** A toolServer whose first `failures` starts fail, as a server that is down at first. */
class FlakyStart extends Downstream {
  starts = 0;
  constructor(private readonly failures: number) {
    super(buildToolServer);
  }
  override transport() {
    this.starts += 1;
    if (this.starts <= this.failures) throw new Error(`start ${this.starts} refused`);
    return super.transport();
  }
}

describe('run_plan with a server that is down when the plan starts', () => {
  it('runs the plan: the step fails with server_unavailable, its dependents are skipped, other branches go on', async () => {
    const instance = await startInMemory({ flaky: new FlakyStart(100), alpha: toolServer() });
    running.push(instance);
    const response = await instance.client.callTool({
      name: 'run_plan',
      arguments: {
        retries: 0,
        steps: [
          { id: 'a', server: 'flaky', tool: 'echo', arguments: { message: 'x' } },
          { id: 'b', server: 'alpha', tool: 'echo', arguments: { message: '{{a}}' } },
          { id: 'c', server: 'alpha', tool: 'echo', arguments: { message: 'independent' } },
        ],
      },
    });
    const out = response.structuredContent as unknown as PlanOut;
    expect(out.steps.map((s) => [s.id, s.status, s.error?.code])).toEqual([
      ['a', 'failed', 'server_unavailable'],
      ['b', 'skipped', undefined],
      ['c', 'ok', undefined],
    ]);
    expect(out.steps[1]!.reason).toContain('"a"');
  });

  it('tries the server again when the step runs, and a retry reaches it once it is up', async () => {
    // Start 1 (resolving the plan) and start 2 (attempt 1) fail; attempt 2 starts it.
    const flaky = new FlakyStart(2);
    const instance = await startInMemory({ flaky, alpha: toolServer() });
    running.push(instance);
    const response = await instance.client.callTool({
      name: 'run_plan',
      arguments: { retries: 3, steps: [{ id: 'a', server: 'flaky', tool: 'echo', arguments: { message: 'back' } }] },
    });
    const out = response.structuredContent as unknown as PlanOut;
    // Whether attempt 2 or 3 gets through depends on the restart backoff; a retry must.
    expect(out.steps[0]!.status).toBe('ok');
    expect(out.steps[0]!.attempts).toBeGreaterThan(1);
    expect(text(out.steps[0])).toBe('Echo: back');
    expect(flaky.starts).toBe(3);
  });
});

describe('run_plan tool checks and server start-up', () => {
  it('validates the plan before starting any server: a plan with a cycle starts nothing', async () => {
    const alpha = toolServer();
    const instance = await startInMemory({ alpha });
    running.push(instance);
    const response = await instance.client.callTool({
      name: 'run_plan',
      arguments: { steps: [{ id: 'a', server: 'alpha', tool: 'echo', depends_on: ['b'] }, { id: 'b', server: 'alpha', tool: 'echo', depends_on: ['a'] }] },
    });
    expect(response.isError).toBe(true);
    expect((response.content as Array<{ text: string }>)[0]!.text).toContain('(cycle)');
    expect(alpha.instances).toHaveLength(0);
  });

  it('runs a plan whose tool is unknown to a server not started yet: that step fails alone with unknown_tool', async () => {
    const { response, out } = await runPlan(
      { steps: [{ id: 'good', server: 'alpha', tool: 'echo', arguments: { message: 'hi' } }, { id: 'bad', server: 'alpha', tool: 'nope' }] },
      { fresh: true },
    );
    expect(response.isError).toBeFalsy();
    expect(out.steps.map((s) => [s.id, s.status, s.error?.code])).toEqual([
      ['good', 'ok', undefined],
      ['bad', 'failed', 'unknown_tool'],
    ]);
  });
});

describe('run_plan with duplicate ids', () => {
  it('reports an unknown tool at the step that names it, whichever of the duplicates it is', async () => {
    for (const steps of [
      [{ id: 'a', server: 'alpha', tool: 'echo', arguments: { message: 'x' } }, { id: 'a', server: 'alpha', tool: 'nope' }],
      [{ id: 'a', server: 'alpha', tool: 'nope' }, { id: 'a', server: 'alpha', tool: 'echo', arguments: { message: 'x' } }],
    ]) {
      const { response, text: message } = await runPlan({ steps });
      const bad = steps.findIndex((s) => s.tool === 'nope');
      expect(response.isError).toBe(true);
      expect(message).toContain('(duplicate_id)');
      expect(message).toContain(`steps[${bad}].tool (unknown_tool)`);
      expect(message).not.toContain(`steps[${1 - bad}].tool`);
    }
  });
});

describe('run_plan input', () => {
  it('rejects a misspelled field instead of dropping it, naming the path and the field it meant', async () => {
    const { response, text: message } = await runPlan({
      failure_mod: 'fail_fast',
      steps: [
        { id: 'a', server: 'alpha', tool: 'echo', arguments: { message: 'x' } },
        { id: 'b', server: 'alpha', tool: 'echo', arguments: { message: 'y' }, dependson: ['a'] },
      ],
    });
    expect(response.isError).toBe(true);
    expect(message).toContain('unknown field "dependson" (did you mean "depends_on"?) at steps[1]');
    expect(message).toContain('unknown field "failure_mod" (did you mean "failure_mode"?)');
  });

  it('accepts a title and description on a step', async () => {
    const { out } = await runPlan({ steps: [{ id: 'a', title: 'Say hi', description: 'Greets', server: 'alpha', tool: 'echo', arguments: { message: 'hi' } }] });
    expect(out.steps[0]!.status).toBe('ok');
  });
});

describe('run_plan cancellation', () => {
  it('cancels in-flight calls downstream and returns every step with a status when the caller cancels', async () => {
    // Over MCP a cancelled request gets no response (the spec says so), so the statuses are
    // checked on runPlan itself, the function the tool calls.
    const alpha = toolServer();
    const instance = await startInMemory({ alpha });
    running.push(instance);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 80);
    const outcome = await runPlanFunction(
      instance.deps,
      {
        steps: [
          { id: 'quick', server: 'alpha', tool: 'echo', arguments: { message: 'done first' } },
          { id: 'stuck', server: 'alpha', tool: 'hang' },
          { id: 'after', server: 'alpha', tool: 'echo', arguments: { message: '{{stuck}}' } },
        ],
      },
      { signal: controller.signal },
    );
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.output.steps.map((s) => [s.id, s.status, s.error?.code])).toEqual([
      ['quick', 'ok', undefined],
      ['stuck', 'cancelled', 'cancelled'],
      ['after', 'cancelled', 'cancelled'],
    ]);
    await expect(alpha.hangAborted).resolves.toBe('hang');
  });

  it('cancels the downstream call when an MCP client cancels run_plan on a server with no grace', async () => {
    const alpha = toolServer();
    const instance = await startInMemory({ alpha }, { serverOptions: { alpha: { cancelGraceMs: 0 } } });
    running.push(instance);
    const controller = new AbortController();
    const pending = instance.client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'stuck', server: 'alpha', tool: 'hang' }] } }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    await expect(alpha.hangAborted).resolves.toBe('hang');
  });

  it('cancels the downstream call when an MCP client cancels run_plan', async () => {
    const alpha = toolServer();
    const instance = await startInMemory({ alpha });
    running.push(instance);
    const controller = new AbortController();
    const pending = instance.client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'stuck', server: 'alpha', tool: 'hang' }] } }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    await expect(alpha.hangAborted).resolves.toBe('hang');
  });
});
