import { describe, expect, it } from 'vitest';
import { analyzeDependencies } from '../../src/analysis/analyze.js';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';

const pairs = (steps: AnalysisStep[]) => heuristicEdges(steps).edges.map((e) => `${e.from}->${e.to} ${e.source}`);

describe('heuristicEdges: dependence by default, independence on evidence', () => {
  it('keeps steps with no evidence of independence in plan order, each edge saying so', () => {
    const result = heuristicEdges([
      { id: 'a', title: 'Move the mouse to the top left corner' },
      { id: 'b', title: 'Scan the endpoint 192.168.1.1 for threats' },
      { id: 'c', title: 'Encrypt the card numbers with AES' },
    ]);
    expect(result.edges).toEqual([
      { from: 'a', to: 'b', source: 'default', reason: 'no evidence that "b" is independent of "a": kept in plan order' },
      { from: 'b', to: 'c', source: 'default', reason: 'no evidence that "c" is independent of "b": kept in plan order' },
    ]);
    expect(result.independence).toEqual([]);
  });

  it('returns no edges and one independence entry for template siblings', () => {
    const result = heuristicEdges([
      { id: 'paris', title: 'Research Paris' },
      { id: 'london', title: 'Research London' },
    ]);
    expect(result).toMatchObject({
      edges: [],
      independence: [{ steps: ['paris', 'london'], reason: 'the same template "Research {…}" with different subjects (Paris, London)' }],
      warnings: [],
    });
  });

  it('lets evidence of dependence beat evidence of independence', () => {
    // Siblings of one template, but the second names the first.
    expect(pairs([
      { id: 'fr', title: 'Translate the notes into French' },
      { id: 'de', title: 'Translate the notes into German, starting from fr' },
    ])).toEqual(['fr->de heuristic']);
  });

  it('orders a step after an independent group by default: the group stays parallel, the next step waits for all', () => {
    expect(pairs([
      { id: 'a', title: 'Research Paris' },
      { id: 'b', title: 'Research London' },
      { id: 'c', title: 'Book a table for two' },
    ])).toEqual(['a->c default', 'b->c default']);
  });

  it('emits only the orderings not already implied', () => {
    // d follows c by default, and c already follows a and b.
    expect(pairs([
      { id: 'a', title: 'Research Paris' },
      { id: 'b', title: 'Research London' },
      { id: 'c', title: 'Book a table for two' },
      { id: 'd', title: 'Walk the dog' },
    ])).toEqual(['a->c default', 'b->c default', 'c->d default']);
  });

  it('points every edge forward in the order of the certain edges', () => {
    const result = heuristicEdges([
      { id: 'late', title: 'Walk the dog', depends_on: ['early'] },
      { id: 'early', title: 'Feed the cat' },
    ]);
    expect(result.order).toEqual(['early', 'late']);
    expect(result.edges).toEqual([]);
  });

  it('falls back to plan order, with a warning, for a plan beyond the analysed size', async () => {
    const steps = Array.from({ length: 30_001 }, (_, i) => ({ id: `s${i}`, tool: 'echo', arguments: { m: i } }));
    const result = heuristicEdges(steps);
    expect(result.warnings).toEqual(['30001 steps are more than the 30000 the heuristic analyses; kept in plan order']);
    expect(result.edges).toHaveLength(30_000);
    expect(result.fallback).toBe('30001 steps are more than the 30000 the heuristic analyses; kept in plan order');
  });

  it('keeps invalid steps in plan order and says why, rather than analysing them without their certain edges', () => {
    const result = heuristicEdges([
      { id: 'a', title: 'Research Paris' },
      { id: 'b', title: 'Research London', depends_on: ['missing'] },
    ]);
    expect(result.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['a->b']);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^the steps are invalid \(Invalid steps for dependency analysis:\n- steps\[1\]\.depends_on\[0\]: expected one of the step ids, got "missing"\); kept in plan order$/);
  });
});

describe('analyzeDependencies on the heuristic', () => {
  it('says in fallbacks and warnings when the result is the plain sequential chain', async () => {
    const result = await analyzeDependencies(
      [
        { id: 'a', title: 'Move the mouse to the top left corner' },
        { id: 'b', title: 'Scan the endpoint 192.168.1.1 for threats' },
      ],
      { strategy: 'heuristic' },
    );
    expect(result.fallbacks).toEqual(['heuristic: no evidence of independence between any two steps: the result is the plain sequential chain in plan order']);
    expect(result.warnings).toEqual([
      'no evidence of independence between any two steps: the result is the plain sequential chain in plan order (give depends_on, {{references}}, needs/provides, or say what can run in parallel)',
    ]);
  });

  it('says in fallbacks, warnings and each edge why when the rules could not run (a tool lookup that throws)', async () => {
    const toolInfo = () => {
      throw new Error('catalog unavailable');
    };
    const result = await analyzeDependencies(
      [
        { id: 'a', tool: 'read_file', arguments: { path: '/a' } },
        { id: 'b', tool: 'read_file', arguments: { path: '/b' } },
      ],
      { strategy: 'heuristic', toolInfo },
    );
    const why = 'heuristic rules failed (catalog unavailable); using the sequential chain';
    expect(result.fallbacks).toEqual([`heuristic: ${why}`]);
    expect(result.warnings).toEqual([why]);
    expect(result.edges).toEqual([{ from: 'a', to: 'b', source: 'default', reason: `sequential fallback: ${why}` }]);
  });

  it('does not call a chain of the author\'s own depends_on a fallback', async () => {
    const result = await analyzeDependencies([{ id: 'a', title: 'x' }, { id: 'b', title: 'y', depends_on: ['a'] }], { strategy: 'heuristic' });
    expect(result.fallbacks).toEqual([]);
  });

  it('keeps the ten parallel research steps of the ten-city plan', async () => {
    const { default: plan } = await import('../fixtures/plans/ten-cities.json', { with: { type: 'json' } });
    const result = await analyzeDependencies(plan.steps, { strategy: 'heuristic' });
    expect(result.stages[0]).toEqual(['paris', 'london', 'tokyo', 'new-york', 'rome', 'barcelona', 'sydney', 'dubai', 'singapore', 'istanbul']);
    expect(result.max_parallelism).toBe(10);
  });
});
