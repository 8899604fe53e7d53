/**
 * End to end: run_plan through the built CLI over stdio against the real reference servers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startCli, type CliSession } from '../helpers/cli-client.js';

interface StepOut {
  id: string;
  status: string;
  attempts: number;
  started_ms?: number;
  duration_ms?: number;
  result?: { content?: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown> };
  error?: { code: string; message: string };
  reason?: string;
}
interface PlanOut {
  steps: StepOut[];
  summary: { total: number; succeeded: number; makespan_ms: number; sum_ms: number; critical_path: { steps: string[]; ms: number }; efficiency: number };
}

let session: CliSession;
beforeAll(async () => {
  session = await startCli({ args: ['--config', 'mcp.json'] });
});
afterAll(async () => {
  await session?.close();
});

async function runPlan(plan: Record<string, unknown>) {
  const response = await session.client.callTool({ name: 'run_plan', arguments: plan }, undefined, { timeout: 60_000 });
  return { response, out: response.structuredContent as unknown as PlanOut };
}

function text(step: StepOut | undefined): string {
  return (step?.result?.content ?? []).map((c) => c.text ?? '').join('\n');
}

function examplePlan(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'examples/plans', name), 'utf8')) as Record<string, unknown>;
}

describe('run_plan end to end', () => {
  it('passes structured data between everything steps (examples/plans/weather-report.json)', async () => {
    const { out } = await runPlan(examplePlan('weather-report.json'));
    expect(out.steps.map((s) => [s.id, s.status])).toEqual([
      ['ny', 'ok'],
      ['chicago', 'ok'],
      ['la', 'ok'],
      ['sum', 'ok'],
      ['report', 'ok'],
    ]);
    // Only the requested output carries its result.
    expect(out.steps.filter((s) => s.result !== undefined).map((s) => s.id)).toEqual(['report']);
    // 33 + 36 went into get-sum as numbers (typed whole-value references).
    expect(text(out.steps[4])).toContain('New York 33C, Cloudy; Chicago 36C, Light rain / drizzle;');
    expect(text(out.steps[4])).toContain('The sum of 33 and 36 is 69.');
  });

  it('reads a file named inside another file via a path reference (examples/plans/manifest-files.json)', async () => {
    const { out } = await runPlan(examplePlan('manifest-files.json'));
    expect(out.summary.succeeded).toBe(5);
    const summary = text(out.steps.find((s) => s.id === 'summary'));
    expect(summary).toContain('parallel-mcp example data:');
    expect(summary).toContain('Alpha: the first file named by the manifest.');
    expect(summary).toContain('Beta: the second file named by the manifest.');
    expect(summary).toContain('[FILE] manifest.json');
  });

  it('runs a diamond of slow steps on the schedule its edges allow', async () => {
    const op = { server: 'everything', tool: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 1 } };
    const { out } = await runPlan({
      steps: [
        { id: 'a', ...op },
        { id: 'b', ...op, depends_on: ['a'] },
        { id: 'c', ...op, depends_on: ['a'] },
        { id: 'd', ...op, depends_on: ['b', 'c'] },
      ],
    });
    const at = Object.fromEntries(out.steps.map((s) => [s.id, { start: s.started_ms!, end: s.started_ms! + s.duration_ms! - 1e-9 }]));
    expect(out.steps.every((s) => s.status === 'ok')).toBe(true);
    expect(at.b!.start).toBeGreaterThanOrEqual(at.a!.end);
    expect(at.c!.start).toBeGreaterThanOrEqual(at.a!.end);
    expect(Math.max(at.b!.start, at.c!.start)).toBeLessThan(Math.min(at.b!.end, at.c!.end)); // b and c overlap
    expect(at.d!.start).toBeGreaterThanOrEqual(Math.max(at.b!.end, at.c!.end));
    expect(out.summary.critical_path.steps).toHaveLength(3);
    expect(out.summary.critical_path.steps[0]).toBe('a');
    expect(out.summary.critical_path.steps[2]).toBe('d');
  });

  it('rejects a bad plan before running anything, listing every problem with its path', async () => {
    const { response } = await runPlan({
      steps: [
        { id: 'a', server: 'everything', tool: 'echo', arguments: { message: '{{c.x}}' } },
        { id: 'a', server: 'everything', tool: 'echo', arguments: { message: 'dup' } },
        { id: 'b', server: 'nowhere', tool: 'echo', depends_on: ['ghost'] },
        { id: 'c', server: 'everything', tool: 'echo', arguments: { message: 'x' }, depends_on: ['d'] },
        { id: 'd', server: 'everything', tool: 'echo', arguments: { message: 'y' }, depends_on: ['c'] },
      ],
    });
    expect(response.isError).toBe(true);
    const message = (response.content as Array<{ text: string }>)[0]!.text;
    expect(message).toContain('The plan was not run');
    expect(message).toContain('steps[1].id');
    expect(message).toContain('steps[2].depends_on[0]');
    expect(message).toContain('steps[2].server');
    expect(message).toMatch(/c -> d -> c|d -> c -> d/);
  });

  it('fails a step whose reference path does not resolve, naming the keys that exist, and skips its dependents', async () => {
    const { out } = await runPlan({
      steps: [
        { id: 'w', server: 'everything', tool: 'get-structured-content', arguments: { location: 'Chicago' } },
        { id: 'bad', server: 'everything', tool: 'echo', arguments: { message: '{{w.wind}}' } },
        { id: 'after', server: 'everything', tool: 'echo', arguments: { message: '{{bad}}' } },
        { id: 'other', server: 'everything', tool: 'echo', arguments: { message: 'independent' } },
      ],
    });
    expect(out.steps.map((s) => s.status)).toEqual(['ok', 'failed', 'skipped', 'ok']);
    expect(out.steps[1]!.error!.code).toBe('reference_error');
    expect(out.steps[1]!.error!.message).toContain('temperature');
    expect(out.steps[2]!.reason).toContain('bad');
  });
});
