/**
 * Step ids the `{{step.path}}` grammar cannot name ("fetch data", "v1.2"): depends_on with
 * them works; a reference written for one is an error naming that step and the JSON path.
 */
import { describe, expect, it } from 'vitest';
import { validatePlan, type PlanStep } from '../../src/engine/plan.js';
import { isNameableStepId } from '../../src/engine/references.js';

describe('step ids a reference cannot name', () => {
  it('keeps depends_on with such ids working', () => {
    const steps: PlanStep[] = [
      { id: 'fetch data', tool: 't' },
      { id: 'v1.2', tool: 't' },
      { id: 'report', tool: 't', depends_on: ['fetch data', 'v1.2'], arguments: { q: 'plain' } },
    ];
    expect(validatePlan(steps)).toEqual({
      ok: true,
      graph: { ids: ['fetch data', 'v1.2', 'report'], dependsOn: new Map([['fetch data', []], ['v1.2', []], ['report', ['fetch data', 'v1.2']]]) },
    });
  });

  it('names the step and the JSON path when a reference was written for such an id', () => {
    const steps: PlanStep[] = [
      { id: 'fetch data', tool: 't' },
      { id: 'v1.2', tool: 't' },
      { id: 'report', tool: 't', arguments: { a: '{{fetch data.items}}', nested: { b: ['see {{v1.2}}'] } } },
    ];
    const result = validatePlan(steps);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.path, i.code])).toEqual([
      ['steps[2].arguments.nested.b[0]', 'unknown_reference'],
      ['steps[2].arguments.a', 'invalid_reference'],
    ]);
    const [v12, fetch] = result.issues;
    expect(fetch!.message).toContain('Expected {{fetch data.items}} to refer to a step in this plan, but the id of steps[0], "fetch data", holds a space');
    expect(fetch!.message).toContain('depends_on takes any id');
    expect(v12!.message).toContain('Expected {{v1.2}} to refer to a step in this plan, but the id of steps[1], "v1.2", holds "."');
  });

  it('leaves other unknown references as they were', () => {
    const result = validatePlan([{ id: 'fetch data', tool: 't' }, { id: 'b', tool: 't', arguments: { q: '{{fetchdata}}' } }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]!.message).toMatch(/^Expected \{\{fetchdata\}\} to refer to a step in this plan, got unknown step id "fetchdata"/);
  });

  it('knows which ids a reference can name', () => {
    expect(['a', 'research-paris', 'step_1', '0', 'résumé'].every(isNameableStepId)).toBe(true);
    expect(['fetch data', 'v1.2', 'a[0]', "it's", 'x{y}', ' a'].some(isNameableStepId)).toBe(false);
  });
});
