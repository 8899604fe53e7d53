import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { criticalPath, graphFromEdges } from '../../src/engine/graph.js';
import type { FailureMode, ScheduledStep } from '../../src/engine/scheduler.js';
import { runToEnd, scriptedExecutor, type Attempt, type Script } from './fake-executor.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const planArbitrary = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    deps: fc.array(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
    durations: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: n, maxLength: n }),
    fails: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    failureRate: fc.constantFrom(0, 0, 0.25),
    k: fc.integer({ min: 1, max: 4 }),
    mode: fc.constantFrom<FailureMode>('partial_completion', 'fail_fast', 'continue'),
  }),
);

type Plan = typeof planArbitrary extends fc.Arbitrary<infer T> ? T : never;

function build(plan: Plan): { steps: ScheduledStep[]; scripts: Record<string, Script>; durations: Map<string, number> } {
  const n = plan.durations.length;
  const steps: ScheduledStep[] = [];
  const scripts: Record<string, Script> = {};
  const durations = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = `s${i}`;
    // edges only from earlier steps: a DAG; a sparse third of the possible edges
    const dependsOn = plan.deps[i]!.slice(0, i).flatMap((edge, j) => (edge && (i + j) % 3 === 0 ? [`s${j}`] : []));
    steps.push({ id, dependsOn });
    const ms = plan.durations[i]! * 100;
    durations.set(id, ms);
    const fails = plan.failureRate > 0 && plan.fails[i]! && i % 4 === 0;
    scripts[id] = fails ? { ms, error: { code: 'tool_error', message: 'no' } } : { ms };
  }
  return { steps, scripts, durations };
}

/** Attempts in flight at time t (intervals are [start, end)). */
function runningAt(attempts: readonly Attempt[], t: number): number {
  return attempts.filter((a) => a.start <= t && t < (a.end ?? Infinity)).length;
}

describe('runSchedule properties', () => {
  it('returns exactly one final record per step, in plan order, whatever fails', async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, async (plan) => {
        vi.setSystemTime(0);
        const { steps, scripts } = build(plan);
        const { execute } = scriptedExecutor(scripts);
        const result = await runToEnd({ steps, execute, maxConcurrency: plan.k, failureMode: plan.mode });
        expect(result.records.map((r) => r.id)).toEqual(steps.map((s) => s.id));
        for (const record of result.records) expect(['ok', 'failed', 'skipped', 'cancelled']).toContain(record.status);
      }),
      { numRuns: 150 },
    );
  });

  it('never starts a step before all its dependencies ended (successfully, except under continue)', async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, async (plan) => {
        vi.setSystemTime(0);
        const { steps, scripts } = build(plan);
        const { execute, attempts } = scriptedExecutor(scripts);
        const result = await runToEnd({ steps, execute, maxConcurrency: plan.k, failureMode: plan.mode });
        const byId = new Map(result.records.map((r) => [r.id, r]));
        for (const attempt of attempts) {
          for (const dep of steps.find((s) => s.id === attempt.id)!.dependsOn) {
            const record = byId.get(dep)!;
            if (plan.mode === 'continue') expect(['ok', 'failed']).toContain(record.status);
            else expect(record.status).toBe('ok');
            expect(record.ended_ms).toBeLessThanOrEqual(attempt.start);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never leaves a slot idle while a step is ready (greedy)', async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, async (plan) => {
        fc.pre(plan.mode !== 'fail_fast');
        vi.setSystemTime(0);
        const { steps, scripts } = build(plan);
        const { execute, attempts } = scriptedExecutor(scripts);
        const result = await runToEnd({ steps, execute, maxConcurrency: plan.k, failureMode: plan.mode });
        const byId = new Map(result.records.map((r) => [r.id, r]));
        const ends = attempts.map((a) => a.end!);
        for (const attempt of attempts) {
          const readyAt = Math.max(0, ...steps.find((s) => s.id === attempt.id)!.dependsOn.map((d) => byId.get(d)!.ended_ms!));
          if (attempt.start === readyAt) continue;
          for (const t of [readyAt, ...ends.filter((e) => e > readyAt && e < attempt.start)]) {
            expect(runningAt(attempts, t)).toBe(plan.k);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("keeps the makespan within Graham's bound sum/k + (1 - 1/k) * critical path", async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, async (plan) => {
        vi.setSystemTime(0);
        const { steps, scripts, durations } = build({ ...plan, failureRate: 0 });
        const { execute } = scriptedExecutor(scripts);
        const result = await runToEnd({ steps, execute, maxConcurrency: plan.k });
        const graph = graphFromEdges(steps.map((s) => s.id), steps.flatMap((s) => s.dependsOn.map((from) => ({ from, to: s.id }))));
        const sum = [...durations.values()].reduce((a, b) => a + b, 0);
        const cp = criticalPath(graph, (id) => durations.get(id)!).ms;
        expect(result.records.every((r) => r.status === 'ok')).toBe(true);
        expect(result.makespan_ms).toBeLessThanOrEqual(sum / plan.k + (1 - 1 / plan.k) * cp + 1e-9);
        expect(result.makespan_ms).toBeGreaterThanOrEqual(Math.max(cp, sum / plan.k) - 1e-9);
      }),
      { numRuns: 150 },
    );
  });
});
