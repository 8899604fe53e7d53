/**
 * Prompt steps at the tool edge: the providers of this request (llm-clients.ts), the plan
 * checks of their fields, and the usage fields of the output. The kind itself is
 * execution/kinds/prompt-step.ts.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { Settings } from '../config.js';
import type { DependencyGraph } from '../engine/graph.js';
import { isPromptStep, type PlanIssue, type PlanStep } from '../engine/plan.js';
import { promptKindSteps, promptSpecOf, type PromptStepUsage } from '../execution/kinds/prompt-step.js';
import type { KindStep } from '../execution/kinds/step-kind.js';
import { DEFAULT_LLM_LIMITS, type LlmLimits } from '../llm/limits.js';
import type { LlmProviders } from '../llm/providers.js';
import { compileOutputSchema } from '../llm/structured-output.js';
import type { ServerDeps } from '../server/deps.js';
import { llmProvidersFor } from './llm-clients.js';

export const UsageOutputSchema = z.object({
  provider: z.enum(['gemini', 'sampling']).nullable(),
  model: z.string().nullable(),
  input_tokens: z.number().int().nullable(),
  output_tokens: z.number().int().nullable(),
});

export function llmLimitsOf(settings: Settings): LlmLimits {
  return { ...DEFAULT_LLM_LIMITS, ...settings.llm };
}

export function providersFor(server: McpServer | undefined, deps: Pick<ServerDeps, 'env' | 'config'>): LlmProviders {
  return llmProvidersFor(server, deps.env, llmLimitsOf(deps.config.settings));
}

/** Output schemas that are not JSON Schemas: the plan is not run. */
export function promptPlanIssues(steps: readonly PlanStep[]): PlanIssue[] {
  const issues: PlanIssue[] = [];
  steps.forEach((step, index) => {
    if (!isPromptStep(step) || step.output_schema === undefined) return;
    const compiled = compileOutputSchema(step.output_schema);
    if (!compiled.ok) issues.push({ path: `steps[${index}].output_schema`, code: 'invalid_output_schema', message: compiled.message });
  });
  return issues;
}

/** The plan's prompt steps as kind steps, by plan position, with their usage. */
export function promptStepsOf(
  steps: readonly PlanStep[],
  graph: DependencyGraph,
  options: { server: McpServer | undefined; deps: Pick<ServerDeps, 'env' | 'config'> },
): { steps: Map<number, KindStep>; usage: Map<string, PromptStepUsage> } {
  const positions: number[] = [];
  const specs = steps.flatMap((step, index) => {
    if (!isPromptStep(step)) return [];
    positions.push(index);
    return [promptSpecOf(step, graph.dependsOn.get(step.id) ?? [])];
  });
  if (specs.length === 0) return { steps: new Map(), usage: new Map() };
  const titles = new Map(steps.map((s) => [s.id, s.title]));
  const built = promptKindSteps(specs, { providers: providersFor(options.server, options.deps), titles });
  return { steps: new Map(built.steps.map((step, i) => [positions[i]!, step])), usage: built.usage };
}

export function promptUsageOutput(usage: ReadonlyMap<string, PromptStepUsage>, step: { id: string; model?: string | undefined }): PromptStepUsage {
  return usage.get(step.id) ?? { provider: null, model: step.model ?? null, input_tokens: null, output_tokens: null };
}

export function totalUsage(usage: ReadonlyMap<string, PromptStepUsage>): { input_tokens: number; output_tokens: number } {
  let input = 0;
  let output = 0;
  for (const u of usage.values()) {
    input += u.input_tokens ?? 0;
    output += u.output_tokens ?? 0;
  }
  return { input_tokens: input, output_tokens: output };
}
