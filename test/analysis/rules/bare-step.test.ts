import { describe, expect, it } from 'vitest';
import { heuristicEdges } from '../../../src/analysis/heuristic.js';

describe('rule bare-step', () => {
  it('keeps a step with nothing to analyze between its neighbours, with a warning', () => {
    const result = heuristicEdges([{ id: 'a', title: 'Fetch A' }, { id: 'b' }, { id: 'c', title: 'Fetch C' }]);
    expect(result.edges.filter((e) => e.source === 'heuristic').map((e) => `${e.from}->${e.to}`)).toEqual(['a->b', 'b->c']);
    expect(result.warnings).toEqual(['step "b" has no title, description, tool or step_type; kept in plan order']);
  });
});
