import { describe, expect, it } from 'vitest';
import { newRunId } from '../../src/runs/run-id.js';

describe('newRunId', () => {
  it('makes version 4 UUIDs as crypto.randomUUID does: the format, and no id twice over many refills of its pool', () => {
    const seen = new Set<string>();
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const id = newRunId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
      counts[Number.parseInt(id[0]!, 16)]! += 1;
    }
    expect(seen.size).toBe(20_000);
    // The random digits are spread over all 16 values (1,250 each expected; a fixed digit fails).
    for (const count of counts) expect(count).toBeGreaterThan(1000);
  });
});
