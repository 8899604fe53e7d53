/**
 * resolveKnownTools asks the pool once per distinct (server, tool), in the order they first
 * come, and gives each step its resolution (undefined for a step without a tool): generated
 * step lists, interleaved and repeated, against one resolveIfReady per step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DownstreamPool } from '../../src/downstream/pool.js';
import { resolveKnownTools } from '../../src/execution/run-steps.js';

function fakePool(asked: string[]): DownstreamPool {
  return {
    resolveIfReady: async (server: string | undefined, tool: string) => {
      asked.push(`${server}|${tool}`);
      if (tool === 'missing') return undefined;
      return { code: 'unknown_tool', message: `${server ?? '-'}/${tool}` };
    },
  } as unknown as DownstreamPool;
}

describe('resolveKnownTools', () => {
  it('gives every step the resolution of its (server, tool), asking each distinct one once, first come first (property)', async () => {
    const stepArb = fc.record({
      server: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
      tool: fc.option(fc.constantFrom('t', 'u', 'missing', 'a__t'), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 2, maxLength: 40 }), async (specs) => {
        const steps = specs.map(({ server, tool }) => {
          const step: { server?: string; tool?: string } = {};
          if (server !== undefined) step.server = server;
          if (tool !== undefined) step.tool = tool;
          return step;
        });
        const asked: string[] = [];
        const known = await resolveKnownTools(fakePool(asked), steps);
        const alone: string[] = [];
        const expected = await Promise.all(steps.map((step) => (step.tool === undefined ? undefined : fakePool(alone).resolveIfReady(step.server, step.tool))));
        expect(known).toEqual(expected);
        expect(asked).toEqual([...new Set(alone)]);
        // Steps of one (server, tool) share one resolution object.
        steps.forEach((step, i) => {
          const j = steps.findIndex((other) => other.tool !== undefined && other.server === step.server && other.tool === step.tool);
          if (step.tool !== undefined) expect(known[i]).toBe(known[j]);
        });
      }),
      { numRuns: 200 },
    );
  });
});
