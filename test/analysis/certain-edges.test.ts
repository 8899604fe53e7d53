import { describe, expect, it } from 'vitest';
import { analyzeDependencies } from '../../src/analysis/analyze.js';
import { certainEdges, referencedIds } from '../../src/analysis/certain-edges.js';
import { validatePlan } from '../../src/engine/plan.js';

describe('certainEdges', () => {
  it('returns explicit, reference and data edges with warnings for unknown references and unprovided needs', () => {
    const result = certainEdges([
      { id: 'user', tool: 'get_user', provides: ['profile'] },
      { id: 'orders', tool: 'get_orders', arguments: { id: '{{user.id}}', note: 'see {{nobody}}' } },
      { id: 'mail', tool: 'send', depends_on: ['orders'], needs: ['profile', 'ticket'] },
    ]);
    expect(result).toEqual({
      edges: [
        { from: 'user', to: 'orders', source: 'reference', reason: '"orders" uses {{user}} in its arguments' },
        { from: 'orders', to: 'mail', source: 'explicit', reason: '"mail" lists "orders" in depends_on' },
        { from: 'user', to: 'mail', source: 'data', reason: '"mail" needs "profile", which "user" provides' },
      ],
      warnings: [
        'steps[1].arguments: "{{nobody...}}" names no step; left as text',
        'steps[2].needs: no step provides "ticket"; treated as an external input',
      ],
      order: ['user', 'orders', 'mail'],
    });
  });

  it('returns reference edges from a prompt step\'s prompt and system, and their problems at those paths', () => {
    const result = certainEdges([
      { id: 'paris', prompt: 'Research Paris' },
      { id: 'london', prompt: 'Research London' },
      { id: 'compare', prompt: 'Compare {{paris}} with {{london}}', system: 'You rank cities.' },
      { id: 'report', prompt: 'Write the report', system: 'Use the ranking {{compare.ranking}}' },
    ]);
    expect(result.edges).toEqual([
      { from: 'paris', to: 'compare', source: 'reference', reason: '"compare" uses {{paris}} in its prompt' },
      { from: 'london', to: 'compare', source: 'reference', reason: '"compare" uses {{london}} in its prompt' },
      { from: 'compare', to: 'report', source: 'reference', reason: '"report" uses {{compare}} in its system' },
    ]);
    expect(() => certainEdges([{ id: 'a', prompt: 'x' }, { id: 'b', prompt: 'y', system: '{{ a .x }}' }])).toThrow(/steps\[1\]\.system/);
  });

  it("leaves another tool's template that names no step as text, with a warning, and still rejects a malformed reference to a step", () => {
    // n8n's expressions and a Make.com module reference whose head is no step id of the plan.
    const result = certainEdges([
      { id: 'Read Sheet', tool: 'n8n-nodes-base.googleSheets', arguments: { operation: 'read' } },
      { id: 'Filter', tool: 'n8n-nodes-base.filter', arguments: { conditions: "={{ $('Read Sheet').item.json.status === 'new' }}", n: '{{2.choices[].text}}' } },
    ]);
    expect(result.edges).toEqual([]);
    expect(result.warnings).toEqual([
      `steps[1].arguments.conditions: Expected ".key", "[index]" or ["key"] at position 2 of "$('Read Sheet').item.json.status === 'new'", got "'Read Sheet').item.json.status === 'new'" (in "{{ $('Read Sheet').item.json.status === 'new' }}"); it names no step, so it is left as text`,
      'steps[1].arguments.n: Expected ".key", "[index]" or ["key"] at position 9 of "2.choices[].text", got "[].text" (in "{{2.choices[].text}}"); it names no step, so it is left as text',
    ]);
    expect(() => certainEdges([{ id: 'a', tool: 't' }, { id: 'b', tool: 't', arguments: { v: '{{ a .x }}' } }])).toThrow(/steps\[1\]\.arguments\.v: Expected/);
    expect(() => certainEdges([{ id: 'a', tool: 't' }, { id: 'b', tool: 't', arguments: { v: '{{a.x' } }])).toThrow(/Expected "}}"/);
  });

  it('finds references in nested arguments, once each', () => {
    expect(referencedIds({ a: ['{{x.items[0].title}}', { b: '{{ y }} and {{x}}' }], n: 3 })).toEqual(['x', 'y']);
  });

  it('throws one invalid_plan error listing duplicates, unknown ids and self references', () => {
    expect(() =>
      certainEdges([
        { id: 'a', depends_on: ['a'] },
        { id: 'a' },
        { id: 'b', arguments: { v: '{{b}}' } },
      ]),
    ).toThrow(
      'Invalid steps for dependency analysis:\n' +
        '- steps[1].id: expected a unique id, got duplicate "a"\n' +
        '- steps[0].depends_on[0]: expected another step\'s id, got "a" (the step itself)\n' +
        '- steps[2].arguments: expected references to other steps, got "{{b}}" (the step itself)',
    );
  });
});

describe('certainEdges cycles', () => {
  it('names the depends_on entry that writes the cycle\'s first edge', () => {
    expect(() => certainEdges([{ id: 'a', depends_on: ['b'] }, { id: 'b', depends_on: ['x', 'a'] }, { id: 'x' }])).toThrow(
      'Invalid steps for dependency analysis:\n- steps[1].depends_on[1]: expected acyclic dependencies, got the cycle a -> b -> a',
    );
  });

  it('names the arguments path of a reference on the cycle', () => {
    expect(() =>
      certainEdges([
        { id: 'a', tool: 't', depends_on: ['c'] },
        { id: 'b', tool: 't', arguments: { query: { terms: ['plain', 'from {{a.items[0]}}'] } } },
        { id: 'c', tool: 't', depends_on: ['b'] },
      ]),
    ).toThrow('- steps[1].arguments.query.terms[1]: expected acyclic dependencies, got the cycle a -> b -> c -> a');
  });

  it('names the needs entry of a data edge on the cycle', () => {
    expect(() =>
      certainEdges([
        { id: 'a', provides: ['draft'], depends_on: ['b'] },
        { id: 'b', needs: ['style', 'draft'] },
      ]),
    ).toThrow('- steps[1].needs[1]: expected acyclic dependencies, got the cycle a -> b -> a');
  });
});

describe('analyzeDependencies output', () => {
  it('returns a Mermaid flowchart with certain edges solid and inferred edges dashed', async () => {
    const result = await analyzeDependencies(
      [
        { id: 'a', title: 'Research "Paris"' },
        { id: 'b', tool: 'echo', arguments: { m: '{{a}}' } },
        { id: 'c', title: 'Summarize' },
      ],
      { strategy: 'heuristic' },
    );
    expect(result.mermaid).toBe(
      [
        'flowchart TD',
        '  s1["a: Research #quot;Paris#quot;"]',
        '  s2["b: echo"]',
        '  s3["c: Summarize"]',
        '  s1 -->|reference| s2',
        '  s2 -.->|heuristic| s3',
      ].join('\n'),
    );
    expect(result.estimate).toEqual({ sequential_ms: 3, parallel_ms: 3, speedup: 1 });
  });
});

describe('certainEdges and run_plan read {{references}} with one grammar', () => {
  const escaped = [
    { id: 'a', tool: 'echo', arguments: { m: 'x' } },
    { id: 'b', tool: 'echo', arguments: { m: '\\{{a}}' } },
  ];
  const spaced = [
    { id: 'a', tool: 'echo', arguments: { m: 'x' } },
    { id: 'b', tool: 'echo', arguments: { m: '{{ a .x }}' } },
  ];

  it('returns no edge for an escaped "\\{{a}}", as run_plan has none', () => {
    expect(certainEdges(escaped).edges).toEqual([]);
    const plan = validatePlan(escaped);
    expect(plan.ok && plan.graph.dependsOn.get('b')).toEqual([]);
  });

  it('rejects "{{ a .x }}" with run_plan\'s message and path, instead of reading an edge', () => {
    const plan = validatePlan(spaced);
    expect(plan.ok).toBe(false);
    const issue = plan.ok ? undefined : plan.issues[0]!;
    expect(issue?.code).toBe('invalid_reference');
    expect(() => certainEdges(spaced)).toThrow(`- ${issue?.path}: ${issue?.message}`);
    expect(issue?.path).toBe('steps[1].arguments.m');
  });

  it('lets analyze_dependencies accept the escaped plan with no inferred edge from the literal', async () => {
    const result = await analyzeDependencies(escaped, { strategy: 'heuristic' });
    expect(result.edges.filter((e) => e.source === 'reference')).toEqual([]);
  });
});
