import { describe, expect, it } from 'vitest';
import { PlanStepSchema, validatePlan, type PlanStep } from '../../src/engine/plan.js';

describe('validatePlan with prompt steps', () => {
  it('takes dependencies from references in prompt and system, and reports bad ones at steps[i].prompt / .system', () => {
    const steps: PlanStep[] = [
      { id: 'a', tool: 't' },
      { id: 'b', prompt: 'Use {{a.x}} and {{ghost}}', system: 'Be {{b}} and {{a.', depends_on: ['a'] },
      { id: 'c', prompt: 'Summarize {{b}}' },
    ];
    expect(validatePlan(steps)).toEqual({
      ok: false,
      issues: [
        { path: 'steps[1].prompt', code: 'unknown_reference', message: 'Expected {{ghost}} to refer to a step in this plan, got unknown step id "ghost"; step ids are "a", "b", "c"' },
        { path: 'steps[1].system', code: 'self_dependency', message: 'Expected a reference to another step, got {{b}}, which refers to step "b" itself' },
        { path: 'steps[1].system', code: 'invalid_reference', message: 'Expected "}}" to close the reference starting at position 13, got the end of the string (in "{{a.")' },
      ],
    });
    const ok = validatePlan([steps[0]!, { id: 'b', prompt: 'Use {{a.x}}', system: 'about {{a}}' }, steps[2]!]);
    expect(ok).toEqual({ ok: true, graph: { ids: ['a', 'b', 'c'], dependsOn: new Map([['a', []], ['b', ['a']], ['c', ['b']]]) } });
  });

  it('never asks checkTool about a prompt step', () => {
    const asked: string[] = [];
    validatePlan([{ id: 'a', tool: 't' }, { id: 'b', prompt: 'p' }], { checkTool: (step) => void asked.push(step.id) });
    expect(asked).toEqual(['a']);
  });
});

describe('PlanStepSchema', () => {
  const issues = (step: unknown) => {
    const parsed = PlanStepSchema.safeParse(step);
    return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
  };

  it('accepts a tool step and a prompt step with all its fields', () => {
    expect(issues({ id: 'a', tool: 't', arguments: { x: 1 } })).toEqual([]);
    expect(
      issues({ id: 'b', prompt: 'p', system: 's', provider: 'gemini', model: 'm', output_schema: { type: 'object' }, max_tokens: 9, temperature: 0.5, context: 'dependencies', title: 'T', retries: 1, timeout_ms: 10 }),
    ).toEqual([]);
  });

  it('names the field when a step is both kinds, neither, or mixes their fields', () => {
    expect(issues({ id: 'a', tool: 't', prompt: 'p' })).toEqual([['prompt', 'Expected either "tool" (a tool call) or "prompt" (a model step), got both']]);
    expect(issues({ id: 'a' })).toEqual([['', 'Expected "tool" (a tool call) or "prompt" (a model step), got neither']]);
    expect(issues({ id: 'a', prompt: 'p', server: 's', arguments: {} })).toEqual([
      ['server', 'Expected "server" only on a tool call, got it on a prompt step'],
      ['arguments', 'Expected "arguments" only on a tool call, got it on a prompt step'],
    ]);
    expect(issues({ id: 'a', tool: 't', output_schema: {}, context: 'dependencies' })).toEqual([
      ['output_schema', 'Expected "output_schema" only on a prompt step, got it on a tool call ("tool": "t")'],
      ['context', 'Expected "context" only on a prompt step, got it on a tool call ("tool": "t")'],
    ]);
  });
});
