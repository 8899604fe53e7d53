/**
 * run_plan through the real server, pool and SDK client, with real McpServers downstream
 * over InMemoryTransport.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Downstream, toolServer } from '../downstream/in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';

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
  summary: Record<string, unknown> & { inferred_edges?: Array<{ from: string; to: string; source: string; reason: string }> };
}

const running: InMemoryParallelMcp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function runPlan(args: Record<string, unknown>) {
  const instance = await startInMemory({ alpha: toolServer(), beta: toolServer() });
  running.push(instance);
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
    expect(out.summary).toMatchObject({ failure_mode: 'fail_fast', max_concurrency: 3 });
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
    expect(message).toContain('outputs[0]');
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
