import { describe, expect, it } from 'vitest';
import { edgePairs, independence } from './evidence.js';

describe('rule tool-facts', () => {
  it('makes read-only tool calls with all inputs in their arguments independent', () => {
    const steps = [
      { id: 'a', server: 'fs', tool: 'read_file', arguments: { path: '/a' } },
      { id: 'b', server: 'fs', tool: 'read_file', arguments: { path: '/b' } },
      { id: 'env', server: 'everything', tool: 'get-env', arguments: {} },
    ];
    expect(edgePairs(steps)).toEqual([]);
    expect(independence(steps)).toEqual(['a,b,env: tool calls that only read, with all their inputs in their arguments']);
  });

  it('makes writes on different resources independent, and keeps a bare "join" in plan order', () => {
    const writes = [
      { id: 'w1', server: 'fs', tool: 'write_file', arguments: { path: '/a', content: 'x' } },
      { id: 'w2', server: 'fs', tool: 'write_file', arguments: { path: '/b', content: 'y' } },
    ];
    expect(edgePairs(writes)).toEqual(['w1->w2']); // two writes on one server stay ordered (tool-conflict)
    const mixed = [
      { id: 'w', server: 'fs', tool: 'write_file', arguments: { path: '/a', content: 'x' } },
      { id: 'r', server: 'fs', tool: 'read_file', arguments: { path: '/b' } },
      { id: 'join', tool: 'join', arguments: {} },
    ];
    expect(independence(mixed)).toContain('w,r: tool calls on different resources (/a, /b) with all their inputs in their arguments');
    expect(edgePairs(mixed)).toEqual(['w->join', 'r->join']);
  });
});
