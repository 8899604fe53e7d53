import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessKind } from '../../src/analysis/heuristic-tools.js';

// accessKind before its answers by tool name were remembered across analyses (the words and lists as there).
const WRITE = new Set(
  ('write create update delete remove set put post insert upsert move rename edit append save send upload ' +
    'patch add modify drop commit push deploy publish store reset clear replace apply merge execute run ' +
    'trigger start stop kill install uninstall mkdir rm mv cp copy truncate overwrite submit book pay order clone init checkout rebase tag stage')
    .split(' '),
);
const READ = new Set(('get read list search find fetch query describe show view lookup look open load retrieve check inspect count stat stats head tail browse echo ping status download scan diff compare validate').split(' '));
function previousKind(tool: string): { kind: string; why: string } {
  const bare = tool.includes('__') ? tool.slice(tool.indexOf('__') + 2) : tool;
  const ws = bare.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (ws.find((w) => WRITE.has(w)) !== undefined) return { kind: 'write', why: `write-like name "${tool}"` };
  return { kind: 'read', why: ws.find((w) => READ.has(w)) ? `read-like name "${tool}"` : `no write signal in "${tool}"` };
}

describe('accessKind remembers its answer by tool name', () => {
  const nameArb = fc.array(fc.constantFrom('get', 'Create', 'file', 'list', 'x', '__', '_', '-', 'Or', 'run', 'Status', 'srv', '9'), { minLength: 1, maxLength: 5 }).map((p) => p.join(''));

  it('gives the previous answer, the first time and from memory, as a new object each call', () => {
    fc.assert(
      fc.property(nameArb, fc.constantFrom('srv', undefined), (tool, server) => {
        const first = accessKind({ id: 'a', tool, server });
        const again = accessKind({ id: 'b', tool, server });
        expect(first).toEqual(previousKind(tool));
        expect(again).toEqual(previousKind(tool));
        expect(again).not.toBe(first);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });

  it('still answers by annotations first, and the same after its memory of names is cleared', () => {
    const info = () => ({ annotations: { readOnlyHint: true } });
    expect(accessKind({ id: 'a', tool: 'delete_file' }, info as never)).toEqual({ kind: 'read', why: 'readOnlyHint: true' });
    expect(accessKind({ id: 'a', tool: 'delete_file' })).toEqual({ kind: 'write', why: 'write-like name "delete_file"' });
    for (let i = 0; i < 10_050; i++) expect(accessKind({ id: 'a', tool: `tool_${i}_get` }).kind).toBe('read');
    expect(accessKind({ id: 'a', tool: 'delete_file' })).toEqual({ kind: 'write', why: 'write-like name "delete_file"' });
  });
});
