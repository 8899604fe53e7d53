import { describe, expect, it } from 'vitest';
import { formatPlanIssues, validatePlan, type PlanStep } from '../../src/engine/plan.js';

describe('validatePlan', () => {
  it('returns the graph with depends_on and referenced steps as edges when the plan is valid', () => {
    const steps: PlanStep[] = [
      { id: 'a', tool: 't' },
      { id: 'b', tool: 't', depends_on: ['a'] },
      { id: 'c', tool: 't', depends_on: ['a'], arguments: { x: '{{b.v}}', y: 'and {{a}}' } },
    ];
    const result = validatePlan(steps);
    expect(result).toEqual({
      ok: true,
      graph: { ids: ['a', 'b', 'c'], dependsOn: new Map([['a', []], ['b', ['a']], ['c', ['a', 'b']]]) },
    });
  });

  it('reports every problem at once with its JSON path when a plan has many', () => {
    const steps: PlanStep[] = [
      { id: 'a', tool: 't', depends_on: ['a'] },
      { id: 'a', tool: 't' },
      { id: 'b', tool: 't', depends_on: ['nope'], arguments: { q: '{{ghost.x}}', r: ['{{b}}'], s: '{{b.', t: '{{c[x]}}' } },
      { id: 'c', tool: 'missing' },
    ];
    const result = validatePlan(steps, {
      checkTool: (step, index) =>
        step.tool === 'missing'
          ? { path: `steps[${index}].tool`, code: 'unknown_tool', message: `Expected a known tool, got "${step.tool}"` }
          : undefined,
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'steps[1].id', code: 'duplicate_id', message: 'Expected a unique step id, got "a", which is already the id of steps[0]' },
        { path: 'steps[0].depends_on[0]', code: 'self_dependency', message: 'Expected the id of another step, got "a", the step\'s own id' },
        {
          path: 'steps[2].depends_on[0]',
          code: 'unknown_dependency',
          message: 'Expected the id of a step in this plan, got "nope"; step ids are "a", "b", "c"',
        },
        {
          path: 'steps[2].arguments.q',
          code: 'unknown_reference',
          message: 'Expected {{ghost.x}} to refer to a step in this plan, got unknown step id "ghost"; step ids are "a", "b", "c"',
        },
        {
          path: 'steps[2].arguments.r[0]',
          code: 'self_dependency',
          message: 'Expected a reference to another step, got {{b}}, which refers to step "b" itself',
        },
        {
          path: 'steps[2].arguments.s',
          code: 'invalid_reference',
          message: 'Expected "}}" to close the reference starting at position 0, got the end of the string (in "{{b.")',
        },
        {
          path: 'steps[2].arguments.t',
          code: 'invalid_reference',
          message: 'Expected ".key", "[index]" or ["key"] at position 1 of "c[x]", got "[x]" (in "{{c[x]}}")',
        },
        { path: 'steps[3].tool', code: 'unknown_tool', message: 'Expected a known tool, got "missing"' },
      ],
    });
  });

  it('suggests a close id when a dependency is misspelled', () => {
    const result = validatePlan([
      { id: 'fetch', tool: 't' },
      { id: 'use', tool: 't', depends_on: ['fetsh'] },
    ]);
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'steps[1].depends_on[0]', code: 'unknown_dependency', message: 'Expected the id of a step in this plan, got "fetsh"; did you mean "fetch"?' },
      ],
    });
  });

  it('names only close ids, and lists what exists when none is close', () => {
    const ids = ['a', 'b', 'c', ...Array.from({ length: 10 }, (_, i) => `s${i}`)].map((id) => ({ id, tool: 't' }));
    const result = validatePlan([...ids, { id: 'use', tool: 't', depends_on: ['x'] }]);
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: 'steps[13].depends_on[0]',
          code: 'unknown_dependency',
          message: 'Expected the id of a step in this plan, got "x"; step ids are "a", "b", "c", "s0", "s1", "s2", "s3", "s4", "s5", "s6" and 4 more',
        },
      ],
    });
  });

  it('prints each cycle as a -> b -> c -> a when the plan has two independent cycles', () => {
    const result = validatePlan([
      { id: 'a', tool: 't', depends_on: ['c'] },
      { id: 'b', tool: 't', depends_on: ['a'] },
      { id: 'c', tool: 't', arguments: { x: '{{b}}' } },
      { id: 'x', tool: 't', depends_on: ['y'] },
      { id: 'y', tool: 't', depends_on: ['x'] },
      { id: 'free', tool: 't', depends_on: ['a'] },
    ]);
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'steps[1].depends_on[0]', code: 'cycle', message: 'Expected no dependency cycle, got a -> b -> c -> a' },
        { path: 'steps[4].depends_on[0]', code: 'cycle', message: 'Expected no dependency cycle, got x -> y -> x' },
      ],
    });
  });

  it('points at the reference when a reference closes the cycle', () => {
    const result = validatePlan([
      { id: 'a', tool: 't', depends_on: ['b'] },
      { id: 'b', tool: 't', arguments: { v: 'see {{a.out}}' } },
    ]);
    expect(result).toEqual({
      ok: false,
      issues: [{ path: 'steps[1].arguments.v', code: 'cycle', message: 'Expected no dependency cycle, got a -> b -> a' }],
    });
  });

  it('validates a 10,000-step plan, with every edge from depends_on and references in its graph (timing is in npm run bench)', () => {
    const steps: PlanStep[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `s${i}`,
      tool: 't',
      ...(i === 0 ? {} : { depends_on: [`s${Math.floor(i / 2)}`] }),
      ...(i > 10 ? { arguments: { x: `{{s${i - 10}.value}}`, y: 'plain' } } : {}),
    }));
    const result = validatePlan(steps);
    if (!result.ok) throw new Error(`expected a valid plan, got ${result.issues.length} issues`);
    expect(result.graph.ids).toHaveLength(10_000);
    expect(result.graph.dependsOn.get('s0')).toEqual([]);
    expect(result.graph.dependsOn.get('s5')).toEqual(['s2']);
    expect(result.graph.dependsOn.get('s9999')).toEqual(['s4999', 's9989']);
  });
});

describe('formatPlanIssues', () => {
  it('renders one line per issue with path and code', () => {
    expect(
      formatPlanIssues([
        { path: 'steps[1].id', code: 'duplicate_id', message: 'Expected a unique step id, got "a"' },
        { path: 'steps[0].depends_on', code: 'cycle', message: 'Expected no dependency cycle, got a -> b -> a' },
      ]),
    ).toBe(
      '- steps[1].id (duplicate_id): Expected a unique step id, got "a"\n' +
        '- steps[0].depends_on (cycle): Expected no dependency cycle, got a -> b -> a',
    );
  });
});
