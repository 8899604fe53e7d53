/**
 * A plan: steps with ids, tools, arguments and dependencies. Validation reports every
 * problem at once, each with its JSON path; a plan with any problem runs nothing. Pure.
 *
 * Graph edges = `depends_on` ∪ the step ids referenced in `arguments` (`{{a.b}}`).
 */

import * as z from 'zod';
import { findCycles } from './cycles.js';
import type { DependencyGraph } from './graph.js';
import { joinPath, scanReferences } from './references.js';

export const PlanStepSchema = z.object({
  id: z.string().min(1),
  server: z.string().optional(),
  tool: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).optional(),
  depends_on: z.array(z.string()).optional(),
  timeout_ms: z.number().int().positive().optional(),
  retries: z.number().int().min(0).max(10).optional(),
  estimated_ms: z.number().nonnegative().optional(),
  priority: z.number().optional(),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

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
  checkTool?: (step: PlanStep, index: number) => PlanIssue | undefined;
}

export type PlanValidation = { ok: true; graph: DependencyGraph } | { ok: false; issues: PlanIssue[] };

export function validatePlan(steps: readonly PlanStep[], options: ValidatePlanOptions = {}): PlanValidation {
  const issues: PlanIssue[] = [];
  const firstIndex = new Map<string, number>();
  steps.forEach((step, index) => {
    const first = firstIndex.get(step.id);
    if (first === undefined) firstIndex.set(step.id, index);
    else {
      issues.push({
        path: `steps[${index}].id`,
        code: 'duplicate_id',
        message: `Expected a unique step id, got "${step.id}", which is already the id of steps[${first}]`,
      });
    }
  });

  const ids: string[] = [];
  const dependsOn = new Map<string, string[]>();
  /** step id -> dependency id -> where that dependency was written first (a depends_on index or a JSON path). */
  const dependencySources = new Map<string, Map<string, number | string>>();
  steps.forEach((step, index) => {
    const isFirst = firstIndex.get(step.id) === index;
    const deps = new Map<string, number | string>();
    // source: index into depends_on, or the JSON path of a reference inside arguments
    const addDependency = (id: string, source: number | string, raw?: string): void => {
      if (deps.has(id)) return;
      if (id !== step.id && firstIndex.has(id)) {
        deps.set(id, source);
        return;
      }
      const path = typeof source === 'number' ? `steps[${index}].depends_on[${source}]` : source;
      if (id === step.id) {
        issues.push({
          path,
          code: 'self_dependency',
          message:
            raw === undefined
              ? `Expected the id of another step, got "${id}", the step's own id`
              : `Expected a reference to another step, got ${raw}, which refers to step "${id}" itself`,
        });
      } else {
        issues.push({
          path,
          code: raw === undefined ? 'unknown_dependency' : 'unknown_reference',
          message:
            raw === undefined
              ? `Expected the id of a step in this plan, got "${id}"${suggest(id, firstIndex)}`
              : `Expected ${raw} to refer to a step in this plan, got unknown step id "${id}"${suggest(id, firstIndex)}`,
        });
      }
    };
    const dependsOnList = step.depends_on;
    if (dependsOnList) for (let j = 0; j < dependsOnList.length; j++) addDependency(dependsOnList[j]!, j);
    if (step.arguments !== undefined) {
      const argumentsPath = `steps[${index}].arguments`;
      const { references, invalid } = scanReferences(step.arguments);
      for (const reference of references) {
        addDependency(reference.stepId, joinPath(argumentsPath, reference.location), reference.raw);
      }
      for (const bad of invalid) {
        issues.push({ path: joinPath(argumentsPath, bad.location), code: 'invalid_reference', message: `${bad.message} (in ${JSON.stringify(bad.raw)})` });
      }
    }
    const toolIssue = options.checkTool?.(step, index);
    if (toolIssue) issues.push(toolIssue);
    if (isFirst) {
      ids.push(step.id);
      dependsOn.set(step.id, [...deps.keys()]);
      dependencySources.set(step.id, deps);
    }
  });

  const graph: DependencyGraph = { ids, dependsOn };
  for (const cycle of findCycles(graph)) {
    issues.push({
      path: sourcePath(firstIndex.get(cycle[1]!)!, dependencySources.get(cycle[1]!)?.get(cycle[0]!)),
      code: 'cycle',
      message: `Expected no dependency cycle, got ${cycle.join(' -> ')}`,
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, graph };
}

function sourcePath(index: number, source: number | string | undefined): string {
  if (source === undefined) return `steps[${index}]`;
  return typeof source === 'number' ? `steps[${index}].depends_on[${source}]` : source;
}

function suggest(id: string, known: ReadonlyMap<string, number>): string {
  const lower = id.toLowerCase();
  if (known.size <= 50) {
    const close = [...known.keys()].filter((k) => k.toLowerCase() === lower || editDistanceAtMost(k, id, 2));
    if (close.length > 0) return `; did you mean ${close.slice(0, 3).map((k) => `"${k}"`).join(' or ')}?`;
    return `; step ids are ${[...known.keys()].map((k) => `"${k}"`).join(', ')}`;
  }
  return '';
}

function editDistanceAtMost(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]! <= limit;
}

/** One line per issue: `- steps[2].depends_on[0] (unknown_dependency): Expected ...`. */
export function formatPlanIssues(issues: PlanIssue[]): string {
  return issues.map((issue) => `- ${issue.path} (${issue.code}): ${issue.message}`).join('\n');
}
