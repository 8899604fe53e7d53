import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDependencies, type AnalysisStep, type LlmClient } from '../../src/analysis/analyze.js';
import { certainEdges } from '../../src/analysis/certain-edges.js';
import { findCycle, graphFromEdges } from '../../src/engine/graph.js';

const WORDS = ['Research', 'Compare', 'Summarize', 'Draft', 'the', 'article', 'Paris', 'results above', 'step 2', 'Publish', 'data', 'write_file', 'read_file', 'all'];

/** Random plans whose certain edges point backward in plan order (so they are acyclic). */
const planArb = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record(
        {
          title: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }).map((w) => w.join(' ')),
          step_type: fc.constantFrom('research', 'processing'),
          tool: fc.constantFrom('write_file', 'read_file', 'create_entities', 'echo'),
          server: fc.constantFrom('fs', 'memory'),
          arguments: fc.record({ path: fc.constantFrom('/a', '/b', '/a/x', `{{s${Math.max(0, i - 1)}}}`) }),
          depends_on: fc.subarray(Array.from({ length: i }, (_, j) => `s${j}`)),
          needs: fc.subarray(['k1', 'k2']),
          provides: i === 0 ? fc.constant(['k1']) : fc.subarray(['k2']),
        },
        { requiredKeys: [] },
      ),
    ),
  ).map((records) => records.map((r, i): AnalysisStep => {
    const step = { id: `s${i}`, ...r } as AnalysisStep;
    // Keep `{{s0}}` out of s0 itself, and data keys acyclic: only s0 provides k1; k2 providers must come first.
    if (i === 0) delete step.arguments;
    if (step.needs?.includes('k2')) step.needs = step.needs.filter((k) => k !== 'k2');
    return step;
  })),
);

/** An LLM that answers random edges between any ids, unknown ones and self-edges included. */
const answerArb = fc.array(fc.record({ from: fc.constantFrom('s0', 's1', 's2', 's3', 'zz'), to: fc.constantFrom('s0', 's1', 's2', 's3', 'zz'), reason: fc.constant('r') }), {
  maxLength: 8,
});

function fixedLlm(answer: unknown): LlmClient {
  return { name: 'gemini', completeJson: async () => answer };
}

describe('analyzeDependencies (property)', () => {
  it('returns an acyclic result containing every certain edge, whatever the analyzer', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, answerArb, fc.constantFrom('heuristic', 'auto'), async (steps, answer, strategy) => {
        const certain = certainEdges(steps).edges;
        const result = await analyzeDependencies(steps, { strategy: strategy as 'heuristic' | 'auto', gemini: fixedLlm({ edges: answer }) });
        const ids = steps.map((s) => s.id);
        expect(findCycle(graphFromEdges(ids, result.edges))).toBeUndefined();
        for (const c of certain) expect(result.edges).toContainEqual(c);
        expect(result.stages.flat().sort()).toEqual([...ids].sort());
      }),
      { numRuns: 300 },
    );
  });
});
