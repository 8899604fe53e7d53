import { describe, expect, it } from 'vitest';
import { ServerSlotTable } from '../../src/engine/server-slots.js';

describe('ServerSlotTable', () => {
  it('gives at most the cap of slots, frees one when its lease and every retain are released, and tells subscribers', () => {
    const slots = new ServerSlotTable(new Map([['memory', 1]]));
    const freed: string[] = [];
    slots.subscribe((server) => freed.push(server));
    const lease = slots.tryAcquire('memory')!;
    expect(slots.tryAcquire('memory')).toBeUndefined();
    const hold = lease.retain();
    lease.release();
    lease.release();
    expect(slots.inFlight('memory')).toBe(1);
    expect(freed).toEqual([]);
    hold();
    hold();
    expect(slots.inFlight('memory')).toBe(0);
    expect(freed).toEqual(['memory']);
    expect(slots.tryAcquire('memory')).toBeDefined();
  });

  it('always gives a slot on a server without a cap', () => {
    const slots = new ServerSlotTable(new Map());
    expect([slots.tryAcquire('any'), slots.tryAcquire('any')].every(Boolean)).toBe(true);
    expect(slots.capOf('any')).toBeUndefined();
  });

  it('serves waiting callers first come, first served, and answers undefined to one whose signal aborts', async () => {
    const slots = new ServerSlotTable(new Map([['memory', 1]]));
    const first = slots.tryAcquire('memory')!;
    const order: string[] = [];
    const controller = new AbortController();
    const a = slots.acquire('memory').then((lease) => (order.push('a'), lease));
    const gone = slots.acquire('memory', controller.signal);
    controller.abort();
    expect(await gone).toBeUndefined();
    first.release();
    (await a)!.release();
    expect(order).toEqual(['a']);
    expect(slots.inFlight('memory')).toBe(0);
  });
});
