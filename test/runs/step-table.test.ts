/**
 * StepTable (runs/step-table.ts) against the registry's previous bookkeeping, kept here as the
 * reference: one mutable view per step in a Map, changed event by event, and a Map of results.
 * Generated specs (positional and named ids, duplicates, missing server or tool, outputs) and
 * generated event sequences (started, progress, finished, in any order, unknown ids, repeats):
 * after every event both give the same views as JSON (key order included), statuses and results.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SchedulerEvent, StepRecord } from '../../src/engine/scheduler.js';
import type { ToolResult } from '../../src/engine/outcome.js';
import type { LiveStepStatus, RunStepSpec, RunStepView } from '../../src/runs/run-types.js';
import { StepTable } from '../../src/runs/step-table.js';

/** The registry's step bookkeeping before StepTable (in-memory-run-registry.ts at cbed701). */
class ReferenceSteps {
  readonly steps = new Map<string, RunStepView>();
  results?: Map<string, ToolResult>;
  constructor(
    specs: readonly RunStepSpec[],
    readonly outputs: ReadonlySet<string> | undefined,
  ) {
    for (const step of specs) {
      let view: RunStepView;
      if (step.server !== undefined && step.tool !== undefined) {
        view = { id: step.id, server: step.server, tool: step.tool, status: 'pending' };
      } else {
        view = { id: step.id } as RunStepView;
        if (step.server !== undefined) view.server = step.server;
        if (step.tool !== undefined) view.tool = step.tool;
        view.status = 'pending';
      }
      this.steps.set(step.id, view);
    }
  }

  /** Whether the event changed the run (the registry then notifies). */
  onEvent(event: SchedulerEvent): boolean {
    if (event.type === 'started') {
      const step = this.steps.get(event.id);
      if (step && step.status === 'pending') {
        step.status = 'running';
        step.attempts = event.attempt;
        return true;
      } else if (step) {
        step.attempts = event.attempt;
      }
      return false;
    }
    if (event.type === 'progress') {
      const step = this.steps.get(event.id);
      if (!step || step.status !== 'running') return false;
      step.status_message = event.message;
      return true;
    }
    if (event.type !== 'finished') return false;
    const record = event.record;
    const step = this.steps.get(record.id);
    if (!step) return false;
    if (step.status !== 'pending' && step.status !== 'running') return false;
    if (step.status_message !== undefined) delete step.status_message;
    step.status = record.status;
    step.attempts = record.attempts;
    if (record.duration_ms !== undefined) step.duration_ms = Math.round(record.duration_ms * 10) / 10;
    if (record.error !== undefined) step.error = record.error;
    if (record.reason !== undefined) step.reason = record.reason;
    if (record.status === 'ok' && record.result !== undefined) {
      (this.results ??= new Map()).set(record.id, record.result);
      if (!this.outputs || this.outputs.has(record.id)) step.result = record.result;
    }
    return true;
  }

  views(): RunStepView[] {
    return [...this.steps.values()].map((step) => ({ ...step }));
  }
}

/** StepTable driven as the registry drives it. */
function tableEvent(table: StepTable, event: SchedulerEvent): boolean {
  if (event.type === 'started') {
    const k = table.positionOf(event.id);
    return k >= 0 && table.started(k, event.attempt);
  }
  if (event.type === 'progress') {
    const k = table.positionOf(event.id);
    return k >= 0 && table.news(k, event.message);
  }
  if (event.type !== 'finished') return false;
  const k = table.positionOf(event.record.id);
  return k >= 0 && table.finished(k, event.record);
}

const idOf = (positional: boolean) => (positional ? fc.constant(undefined) : fc.constantFrom('a', 'b', 'c', 'fetch', '0', '1', '01', ' 1'));
const specArb = fc.boolean().chain((positional) =>
  fc
    // Up to 24 steps: small tables (plain arrays, up to 16) and large ones (typed arrays).
    .array(fc.record({ id: idOf(positional), server: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }), tool: fc.option(fc.constantFrom('t1', 't2'), { nil: undefined }) }), { minLength: 0, maxLength: 24 })
    .map((steps) =>
      steps.map((step, index): RunStepSpec => {
        const spec: RunStepSpec = { id: step.id ?? String(index) };
        if (step.server !== undefined) spec.server = step.server;
        if (step.tool !== undefined) spec.tool = step.tool;
        return spec;
      }),
    ),
);
const eventIdArb = fc.constantFrom('0', '1', '2', '3', '7', '16', '17', '20', '01', 'a', 'b', 'c', 'fetch', 'zz', '1e0', '');
const resultArb: fc.Arbitrary<ToolResult> = fc.constantFrom({ content: [{ type: 'text', text: 'A' }] }, { content: [], structuredContent: { x: 1 } });
const recordArb = (id: string): fc.Arbitrary<StepRecord> =>
  fc
    .record({
      status: fc.constantFrom('ok', 'failed', 'skipped', 'cancelled' as const),
      attempts: fc.integer({ min: 0, max: 4 }),
      duration: fc.option(fc.oneof(fc.double({ min: 0, max: 5000, noNaN: true }), fc.constant(Number.NaN)), { nil: undefined }),
      result: fc.option(resultArb, { nil: undefined }),
      error: fc.option(fc.constant({ code: 'tool_error', message: 'no' }), { nil: undefined }),
      reason: fc.option(fc.constant('not started: stop'), { nil: undefined }),
    })
    .map(({ status, attempts, duration, result, error, reason }) => {
      const record: StepRecord = { id, status, attempts };
      if (duration !== undefined) {
        record.started_ms = 1;
        record.ended_ms = 1 + duration;
        record.duration_ms = duration;
      }
      if (result !== undefined) record.result = result;
      if (error !== undefined) record.error = error;
      if (reason !== undefined) record.reason = reason;
      return record;
    });
const eventArb: fc.Arbitrary<SchedulerEvent> = eventIdArb.chain((id) =>
  fc.oneof(
    fc.integer({ min: 1, max: 3 }).map((attempt): SchedulerEvent => ({ type: 'started', id, attempt, at_ms: 0 })),
    fc.constantFrom('working — 1', 'working — 2').map((message): SchedulerEvent => ({ type: 'progress', id, message })),
    recordArb(id).map((record): SchedulerEvent => ({ type: 'finished', record })),
  ),
);

describe('StepTable', () => {
  it('gives the views, statuses and results the per-step objects gave, after every event', () => {
    fc.assert(
      fc.property(specArb, fc.option(fc.subarray(['0', '1', 'a', 'fetch']), { nil: undefined }), fc.array(eventArb, { maxLength: 30 }), (specs, outputs, events) => {
        const outputSet = outputs ? new Set(outputs) : undefined;
        const reference = new ReferenceSteps(specs, outputSet);
        const table = new StepTable(specs, outputSet);
        expect(table.size).toBe(reference.steps.size);
        expect(JSON.stringify(table.views())).toBe(JSON.stringify(reference.views()));
        for (const event of events) {
          expect(tableEvent(table, event)).toBe(reference.onEvent(event));
          expect(JSON.stringify(table.views())).toBe(JSON.stringify(reference.views()));
        }
        const statuses = new Map<string, LiveStepStatus>([...reference.steps].map(([id, step]) => [id, step.status]));
        expect([...table.statuses()]).toEqual([...statuses]);
        const results = reference.results ?? new Map();
        expect(new Map([...table.results()].sort())).toEqual(new Map([...results].sort()));
        for (const [id, step] of reference.steps) expect(table.specAt(table.positionOf(id)).tool).toBe(step.tool);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps ids "0".."n-1" as positions: other spellings of a number are no step', () => {
    const table = new StepTable([{ id: '0', tool: 't' }, { id: '1', tool: 't' }, { id: '2', server: 's', tool: 't' }], undefined);
    expect(['0', '1', '2', '3', '01', '1.0', ' 1', '1e0', '', '-0'].map((id) => table.positionOf(id))).toEqual([0, 1, 2, -1, -1, -1, -1, -1, -1, -1]);
    expect(table.views()).toEqual([
      { id: '0', tool: 't', status: 'pending' },
      { id: '1', tool: 't', status: 'pending' },
      { id: '2', server: 's', tool: 't', status: 'pending' },
    ]);
  });

  it('takes ids as positions only when step k is "k": repeated, skipped or zero-padded numbers are ids like any other', () => {
    for (const ids of [['0', '0'], ['0', '1', '1'], ['0', '2'], ['0', '01'], ['1', '0'], ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']]) {
      const specs = ids.map((id) => ({ id, tool: 't' }));
      const table = new StepTable(specs, undefined);
      expect(JSON.stringify(table.views())).toBe(JSON.stringify(new ReferenceSteps(specs, undefined).views()));
    }
  });
});
