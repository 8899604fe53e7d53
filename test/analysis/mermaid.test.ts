/**
 * mermaidFlowchart escapes only the labels that hold a quote or a line break: for any steps
 * and edges it must write what it wrote before (test/helpers/previous-mermaid.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mermaidFlowchart } from '../../src/analysis/render.js';
import type { AnalysisStep, AnalyzedEdge } from '../../src/analysis/schema.js';
import { previousMermaidFlowchart } from '../helpers/previous-mermaid.js';

const text = fc.oneof(fc.constantFrom('Research "Paris"', 'a\r\nb', 'line\n\nbreak', '"', '\r', 'plain', ''), fc.string({ unit: fc.constantFrom('a', '"', '\n', '\r', ' ', '#', 'é'), maxLength: 8 }));
const step: fc.Arbitrary<AnalysisStep> = fc.record(
  { id: fc.constantFrom('a', 'b', 'c', 'd', '"q"', 'x\ny'), title: text, description: text, server: text, tool: text },
  { requiredKeys: ['id'] },
);
const edge: fc.Arbitrary<AnalyzedEdge> = fc.record({
  from: fc.constantFrom('a', 'b', 'c', 'zz'),
  to: fc.constantFrom('a', 'b', 'd'),
  source: fc.constantFrom('explicit', 'reference', 'data', 'heuristic', 'default', 'llm'),
  reason: fc.constant('r'),
});

describe('mermaidFlowchart', () => {
  it('writes what it wrote before, for any labels, ids and edges (property)', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 6 }), fc.array(edge, { maxLength: 6 }), (steps, edges) => {
        expect(mermaidFlowchart(steps, edges)).toBe(previousMermaidFlowchart(steps, edges));
      }),
      { numRuns: 2000 },
    );
  });
});
