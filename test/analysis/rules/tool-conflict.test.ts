import { describe, expect, it } from 'vitest';
import { dependence } from './evidence.js';

describe('rule tool-conflict', () => {
  it('orders a read after a write of the same resource, and writes on one server', () => {
    const found = dependence([
      { id: 'w', server: 'fs', tool: 'write_file', arguments: { path: '/d/a.txt', content: 'x' } },
      { id: 'r', server: 'fs', tool: 'read_file', arguments: { path: '/d/a.txt' } },
      { id: 'm1', server: 'memory', tool: 'create_entities', arguments: { entities: [] } },
      { id: 'm2', server: 'memory', tool: 'delete_entities', arguments: { entityNames: [] } },
    ]);
    expect(found).toEqual([
      'w->r: write (write-like name "write_file") then read (read-like name "read_file") of the same resource "/d/a.txt"',
      'm1->m2: write (write-like name "create_entities") then write (write-like name "delete_entities") on the same server "memory"',
    ]);
  });

  it('trusts annotations over the tool name', () => {
    const found = dependence(
      [
        { id: 'a', server: 's', tool: 'create_report', arguments: { name: 'k' } },
        { id: 'b', server: 's', tool: 'create_report', arguments: { name: 'k' } },
      ],
      () => ({ annotations: { readOnlyHint: true } }),
    );
    expect(found).toEqual([]);
  });
});
