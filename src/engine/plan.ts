/**
 * A plan: steps with ids, tools, arguments and dependencies. Validation reports every
 * problem at once, each with its JSON path; a plan with any problem runs nothing. Pure.
 *
 * Graph edges = `depends_on` ∪ the step ids referenced in `arguments` (`{{a.b}}`).
 */

import * as z from 'zod';
import { closeNames } from './close-names.js';
import { findCycles } from './cycles.js';
import { estimatedMsSchema, retriesSchema, timeoutMsSchema } from './input-bounds.js';
import { strictObject } from './strict-object.js';
import type { DependencyGraph } from './graph.js';
import { checkStepKind, PromptFieldsShape } from './prompt-step.js';
import { holdsTemplate, invalidReferenceProblem, joinPath, scanReferences } from './references.js';
import { unnameableIdOf, unnameableIds, unnameableReferenceMessage } from './unnameable-ids.js';

export const PlanStepSchema = strictObject({
  id: z.string().min(1),
  server: z.string().optional(),
  /** A tool call; a step has either `tool` or `prompt` (engine/prompt-step.ts). */
  tool: z.string().min(1).optional(),
  arguments: z.record(z.string(), z.unknown()).optional(),
  depends_on: z.array(z.string()).optional(),
  timeout_ms: timeoutMsSchema().optional(),
  retries: retriesSchema().optional(),
  estimated_ms: estimatedMsSchema().optional(),
  priority: z.number().optional(),
  /** Call a downstream tool whose taskSupport is "optional" as an MCP task ("required" ones always are). */
  as_task: z.boolean().optional(),
  /** Progress from the server restarts the step's timeout, up to max_total_timeout_ms in all. */
  reset_timeout_on_progress: z.boolean().optional(),
  max_total_timeout_ms: timeoutMsSchema().optional(),
  /** What the step is for, in words: documentation, and what infer_dependencies reads. */
  title: z.string().optional(),
  description: z.string().optional(),
  ...PromptFieldsShape,
}).superRefine((step, context) => checkStepKind(step, context, { toolOnly: ['server', 'arguments'] }));
export type PlanStep = z.infer<typeof PlanStepSchema>;
export type ToolPlanStep = PlanStep & { tool: string; prompt?: undefined };
export type PromptPlanStep = PlanStep & { prompt: string; tool?: undefined };

export function isPromptStep(step: PlanStep): step is PromptPlanStep {
  return step.prompt !== undefined && step.tool === undefined;
}

/** Where a step's `{{references}}` are written: a tool call's arguments, a prompt step's prompt and system. */
function templatedFields(step: PlanStep): { base: string; value: unknown } | undefined {
  if (isPromptStep(step)) return { base: '', value: step.system === undefined ? { prompt: step.prompt } : { prompt: step.prompt, system: step.system } };
  return step.arguments === undefined ? undefined : { base: 'arguments', value: step.arguments };
}

export const PLAN_ISSUE_CODES = [
  'duplicate_id',
  'unknown_dependency',
  'unknown_reference',
  'self_dependency',
  'cycle',
  'invalid_reference',
  'unknown_server',
  'unknown_tool',
  'ambiguous_tool',
  'unknown_output',
  'invalid_output_schema',
] as const;
export type PlanIssueCode = (typeof PLAN_ISSUE_CODES)[number];

export interface PlanIssue {
  /** JSON path like `steps[2].depends_on[0]`. */
  path: string;
  code: PlanIssueCode;
  message: string;
}

export interface ValidatePlanOptions {
  /** Checks that a step's server and tool exist; returns an issue when they do not. */
  checkTool?: (step: ToolPlanStep, index: number) => PlanIssue | undefined;
}

export type PlanValidation = { ok: true; graph: DependencyGraph } | { ok: false; issues: PlanIssue[] };

export function validatePlan(steps: readonly PlanStep[], options: ValidatePlanOptions = {}): PlanValidation {
  const issues: PlanIssue[] = [];
  const firstIndex = new Map<string, number>();
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!;
    const first = firstIndex.get(step.id);
    if (first === undefined) firstIndex.set(step.id, index);
    else {
      issues.push({
        path: `steps[${index}].id`,
        code: 'duplicate_id',
        message: `Expected a unique step id, got "${step.id}", which is already the id of steps[${first}]`,
      });
    }
  }

  /** Ids a reference cannot name ("fetch data"): a reference meant for one is told why (unnameable-ids.ts). */
  const unnameable = unnameableIds(firstIndex);

  const ids: string[] = [];
  const dependsOn = new Map<string, string[]>();
  /** By step index (first steps of an id only): where each dependency was written first, in dependsOn order. */
  const dependencySources: DependencySource[][] = [];
  /** Whether every dependency so far is a step listed earlier: then there can be no cycle. */
  let onlyEarlier = true;
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!;
    const isFirst = firstIndex.get(step.id) === index;
    const deps = new StepDependencies();
    const dependsOnList = step.depends_on;
    if (dependsOnList) {
      for (let j = 0; j < dependsOnList.length; j++) {
        const id = dependsOnList[j]!;
        if (deps.has(id)) continue;
        const at = id === step.id ? undefined : firstIndex.get(id);
        if (at === undefined) issues.push(dependencyIssue(step.id, index, id, j, undefined, firstIndex));
        else {
          deps.add(id, j);
          if (at > index) onlyEarlier = false;
        }
      }
    }
    // Most arguments hold no `{{`: skip the scan (and its allocations) for them.
    const templated = templatedFields(step);
    if (templated !== undefined && holdsTemplate(templated.value)) {
      const { references, invalid } = scanReferences(templated.value);
      for (const reference of references) {
        const id = reference.stepId;
        if (deps.has(id)) continue;
        const at = id === step.id ? undefined : firstIndex.get(id);
        const location = joinPath(templated.base, reference.location);
        if (at === undefined) {
          const meant = unnameable && unnameableIdOf(reference.raw, unnameable);
          if (meant) issues.push({ path: sourcePath(index, location), code: 'unknown_reference', message: unnameableReferenceMessage(reference.raw, meant.id, meant.index) });
          else issues.push(dependencyIssue(step.id, index, id, location, reference.raw, firstIndex));
        }
        else {
          deps.add(id, location);
          if (at > index) onlyEarlier = false;
        }
      }
      const fieldsPath = joinPath(`steps[${index}]`, templated.base);
      for (const bad of invalid) {
        const problem = invalidReferenceProblem(fieldsPath, bad);
        const meant = unnameable && unnameableIdOf(bad.raw, unnameable);
        if (meant) problem.message = unnameableReferenceMessage(bad.raw, meant.id, meant.index);
        issues.push({ ...problem, code: 'invalid_reference' });
      }
    }
    const toolIssue = isPromptStep(step) ? undefined : options.checkTool?.(step as ToolPlanStep, index);
    if (toolIssue) issues.push(toolIssue);
    if (isFirst) {
      ids.push(step.id);
      dependsOn.set(step.id, deps.ids);
      dependencySources[index] = deps.sources;
    }
  }

  const graph: DependencyGraph = { ids, dependsOn };
  // Dependencies that all point at earlier steps form no cycle (the usual plan).
  for (const cycle of onlyEarlier ? [] : findCycles(graph)) {
    const to = cycle[1]!;
    const index = firstIndex.get(to)!;
    const source = dependencySources[index]?.[dependsOn.get(to)!.indexOf(cycle[0]!)];
    issues.push({
      path: sourcePath(index, source),
      code: 'cycle',
      message: `Expected no dependency cycle, got ${cycle.join(' -> ')}`,
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, graph };
}

/** Where a dependency was written: an index into depends_on, or a reference's location in the step (`arguments.q`, `prompt`). */
type DependencySource = number | string;

/**
 * One step's distinct known dependencies in the order first written, with their sources.
 * Usually a handful, looked up in the array; a Set is built only for long lists.
 */
class StepDependencies {
  readonly ids: string[] = [];
  readonly sources: DependencySource[] = [];
  private set: Set<string> | undefined;

  has(id: string): boolean {
    if (this.set === undefined && this.ids.length > 16) this.set = new Set(this.ids);
    return this.set ? this.set.has(id) : this.ids.includes(id);
  }

  add(id: string, source: DependencySource): void {
    this.ids.push(id);
    this.sources.push(source);
    this.set?.add(id);
  }
}

/** The issue for a dependency on the step itself or on an unknown id; `raw` is the reference as written. */
function dependencyIssue(
  stepId: string,
  index: number,
  id: string,
  source: DependencySource,
  raw: string | undefined,
  firstIndex: ReadonlyMap<string, number>,
): PlanIssue {
  const path = sourcePath(index, source);
  if (id === stepId) {
    return {
      path,
      code: 'self_dependency',
      message:
        raw === undefined
          ? `Expected the id of another step, got "${id}", the step's own id`
          : `Expected a reference to another step, got ${raw}, which refers to step "${id}" itself`,
    };
  }
  return {
    path,
    code: raw === undefined ? 'unknown_dependency' : 'unknown_reference',
    message:
      raw === undefined
        ? `Expected the id of a step in this plan, got "${id}"${suggest(id, firstIndex)}`
        : `Expected ${raw} to refer to a step in this plan, got unknown step id "${id}"${suggest(id, firstIndex)}`,
  };
}

function sourcePath(index: number, source: DependencySource | undefined): string {
  if (source === undefined) return `steps[${index}]`;
  return typeof source === 'number' ? `steps[${index}].depends_on[${source}]` : joinPath(`steps[${index}]`, source);
}

/** "; did you mean …?" with the close ids only; else what exists, briefly (the first ten ids). */
function suggest(id: string, known: ReadonlyMap<string, number>): string {
  const ids = [...known.keys()];
  const close = closeNames(id, ids);
  if (close.length > 0) return `; did you mean ${close.map((k) => `"${k}"`).join(' or ')}?`;
  const shown = ids.slice(0, 10).map((k) => `"${k}"`).join(', ');
  return `; step ids are ${shown}${ids.length > 10 ? ` and ${ids.length - 10} more` : ''}`;
}

/** One line per issue: `- steps[2].depends_on[0] (unknown_dependency): Expected ...`. */
export function formatPlanIssues(issues: PlanIssue[]): string {
  return issues.map((issue) => `- ${issue.path} (${issue.code}): ${issue.message}`).join('\n');
}
