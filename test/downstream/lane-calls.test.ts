/** LaneCalls (the call lane's waiting calls by id) against a Map, the structure it replaced. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LaneCalls } from '../../src/downstream/lane-calls.js';

type Op = { kind: 'open' } | { kind: 'answer'; pick: number } | { kind: 'stray'; id: string } | { kind: 'drain' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Op>({ kind: 'open' }) },
  { weight: 4, arbitrary: fc.nat().map<Op>((pick) => ({ kind: 'answer', pick })) },
  { weight: 1, arbitrary: fc.constantFrom('pm-', 'pm-0', 'pm-01', 'pm-1x', 'px-1', 'pm-99999999999999999', '1', '', 'pm-1 ').map<Op>((id) => ({ kind: 'stray', id })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'drain' }) },
);

describe('LaneCalls', () => {
  it('answers as a Map does for any mix of calls sent, answered in any order, unknown ids and draining (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.constantFrom(2, 4, 8, 128), (ops, capacity) => {
        const calls = new LaneCalls<string>('pm-', capacity);
        const model = new Map<string, string>();
        let next = 0;
        for (const step of ops) {
          if (step.kind === 'open') {
            const n = ++next;
            const id = `pm-${n}`;
            calls.set(n, id, `call ${n}`);
            model.set(id, `call ${n}`);
          } else if (step.kind === 'answer') {
            const ids = [...model.keys()];
            // Mostly an id waiting (any of them: slow calls outlive a lap of the ring), sometimes one answered before.
            const id = ids.length > 0 && step.pick % 5 !== 0 ? ids[step.pick % ids.length]! : `pm-${(step.pick % (next + 1)) + 1}`;
            // The id as it comes off the wire: another string with the same characters.
            const wire = JSON.parse(JSON.stringify(id)) as string;
            expect(calls.get(wire)).toBe(model.get(id));
            expect(calls.delete(wire)).toBe(model.delete(id));
            expect(calls.get(wire)).toBeUndefined();
          } else if (step.kind === 'stray') {
            expect(calls.get(step.id)).toBe(model.get(step.id));
          } else {
            expect(calls.drain()).toEqual([...model.values()]);
            model.clear();
          }
          expect(calls.size).toBe(model.size);
        }
        expect(calls.drain()).toEqual([...model.values()]);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a call that outlives many laps of the ring, and grows only while half of it is taken', () => {
    const calls = new LaneCalls<number>('pm-', 4);
    calls.set(1, 'pm-1', 1);
    for (let n = 2; n < 1000; n++) {
      calls.set(n, `pm-${n}`, n);
      expect(calls.delete(`pm-${n}`)).toBe(true);
    }
    expect(calls.get('pm-1')).toBe(1);
    expect((calls as unknown as { keys: unknown[] }).keys.length).toBe(4);
    for (let n = 1000; n < 1100; n++) calls.set(n, `pm-${n}`, n);
    expect((calls as unknown as { keys: unknown[] }).keys.length).toBeGreaterThanOrEqual(128);
    expect(calls.size).toBe(101);
    expect(calls.drain()).toEqual([1, ...Array.from({ length: 100 }, (_, i) => 1000 + i)]);
  });
});
