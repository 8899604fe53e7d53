/**
 * The tool conflict index (src/analysis/tool-conflict-index.ts) proposes the same candidates,
 * step after step, as its previous version (test/helpers/previous-tool-conflict-index.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ToolAccess } from '../../src/analysis/heuristic-tools.js';
import { ToolConflictIndex } from '../../src/analysis/tool-conflict-index.js';
import { ToolConflictIndex as PreviousToolConflictIndex } from '../helpers/previous-tool-conflict-index.js';

const access: fc.Arbitrary<ToolAccess> = fc.record({
  kind: fc.constantFrom('read' as const, 'write' as const),
  why: fc.constant('test'),
  resources: fc.array(fc.constantFrom('/d', '/d/a.txt', '/d/b', '/d/b/c', '/e', 'key1', '/'), { maxLength: 3 }),
  server: fc.option(fc.constantFrom('fs', 'memory'), { nil: undefined }),
});

describe('ToolConflictIndex against its previous version', () => {
  it('proposes the same candidates at every step of generated sequences of tool calls', () => {
    let proposed = 0;
    fc.assert(
      fc.property(fc.array(access, { maxLength: 30 }), (steps) => {
        const now = new ToolConflictIndex();
        const before = new PreviousToolConflictIndex();
        steps.forEach((a, k) => {
          const candidates = now.candidates(a);
          expect(candidates).toEqual(before.candidates(a));
          proposed += candidates.length;
          now.add(k, a);
          before.add(k, a);
        });
      }),
      { numRuns: 2000, seed: 12 },
    );
    expect(proposed).toBeGreaterThan(1000);
  });
});
