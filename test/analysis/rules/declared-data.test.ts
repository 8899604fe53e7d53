import { describe, expect, it } from 'vitest';
import { edgePairs } from './evidence.js';

describe('rule declared-data', () => {
  it('makes steps that declare their data and share no key independent', () => {
    const steps = [
      { id: 'a', title: 'Load customers', provides: ['customers'] },
      { id: 'b', title: 'Load orders', provides: ['orders'] },
      { id: 'c', title: 'Load the customers again', needs: ['x'] },
    ];
    expect(edgePairs(steps)).toEqual([]);
  });
});
