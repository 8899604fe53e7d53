/**
 * Types of dependency analysis: the input steps (zod, parsed once at the tool boundary),
 * the analyzed edges and the result. Pure.
 */
import * as z from 'zod';
import { PromptFieldsShape } from '../engine/prompt-step.js';
import { strictObject } from '../engine/strict-object.js';

export const AnalysisStepSchema = strictObject({
  id: z.string().min(1).describe('Unique step id'),
  title: z.string().optional().describe('Short natural-language title, e.g. "Research Paris"'),
  description: z.string().optional().describe('What the step does, in natural language'),
  step_type: z
    .string()
    .optional()
    .describe('"research" steps gather data; "processing" steps wait for the research before them'),
  server: z.string().optional().describe('Downstream server of a tool-call step'),
  tool: z.string().optional().describe('Tool of a tool-call step'),
  arguments: z.record(z.string(), z.unknown()).optional().describe('Tool arguments; "{{step}}" references imply dependencies'),
  depends_on: z.array(z.string()).optional().describe('Ids this step must wait for (certain edges)'),
  needs: z.array(z.string()).optional().describe('Data keys this step reads'),
  provides: z.array(z.string()).optional().describe('Data keys this step produces'),
  estimated_ms: z.number().nonnegative().optional().describe('Expected duration, for the estimate'),
  // run_plan's own step fields, so a plan can be analyzed as it is written; they do not
  // change the analysis.
  timeout_ms: z.number().optional().describe('run_plan field; not used by the analysis'),
  retries: z.number().optional().describe('run_plan field; not used by the analysis'),
  priority: z.number().optional().describe('run_plan field; not used by the analysis'),
  // A run_plan prompt step's fields (engine/prompt-step.ts), so a plan of prompt steps can be analyzed as written.
  ...PromptFieldsShape,
  as_task: z.boolean().optional().describe('run_plan field; not used by the analysis'),
  reset_timeout_on_progress: z.boolean().optional().describe('run_plan field; not used by the analysis'),
  max_total_timeout_ms: z.number().optional().describe('run_plan field; not used by the analysis'),
});
export type AnalysisStep = z.infer<typeof AnalysisStepSchema>;

export const AnalysisStrategySchema = z.enum(['auto', 'llm', 'heuristic']);
export type AnalysisStrategy = z.infer<typeof AnalysisStrategySchema>;

export const AnalyzeInputSchema = strictObject({
  steps: z.array(AnalysisStepSchema).min(1),
  strategy: AnalysisStrategySchema.optional(),
});
export type AnalyzeInput = z.infer<typeof AnalyzeInputSchema>;

/**
 * explicit / reference / data: facts of the input. heuristic: the text's or the tools' own
 * evidence of dependence. default: plan order kept for want of evidence of independence.
 * llm: the model's answer.
 */
export const EdgeSourceSchema = z.enum(['explicit', 'reference', 'data', 'heuristic', 'default', 'llm']);
export type EdgeSource = z.infer<typeof EdgeSourceSchema>;

/** `from` must finish before `to` starts. */
export const AnalyzedEdgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  source: EdgeSourceSchema,
  reason: z.string(),
});
export type AnalyzedEdge = z.infer<typeof AnalyzedEdgeSchema>;

/** Sources that are facts of the input; no analyzer may remove them. */
export const CERTAIN_SOURCES: ReadonlySet<EdgeSource> = new Set(['explicit', 'reference', 'data']);

/**
 * Steps with evidence that they are independent of each other, and the evidence. A pair in
 * one entry is still ordered when an edge orders it (evidence of dependence wins); every pair
 * the result leaves unordered is in some entry.
 */
export const IndependenceEntrySchema = z.object({
  steps: z.array(z.string()),
  reason: z.string(),
});
export type IndependenceEntry = z.infer<typeof IndependenceEntrySchema>;

export const AnalysisResultSchema = z.object({
  edges: z.array(AnalyzedEdgeSchema),
  independence: z.array(IndependenceEntrySchema),
  stages: z.array(z.array(z.string())),
  critical_path: z.object({ steps: z.array(z.string()), ms: z.number() }),
  estimate: z.object({ sequential_ms: z.number(), parallel_ms: z.number(), speedup: z.number() }),
  max_parallelism: z.number(),
  method: z.enum(['llm', 'sampling', 'heuristic']),
  fallbacks: z.array(z.string()),
  warnings: z.array(z.string()),
  mermaid: z.string(),
});
export type AnalysisResult = z.infer<typeof AnalysisResultSchema>;

/** A model that answers one JSON document per request (Gemini, or the client's model via sampling). */
export interface LlmClient {
  /** 'gemini' | 'sampling' */
  readonly name: string;
  completeJson(
    system: string,
    user: string,
    schema: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<unknown>;
}

/** Tool metadata from the downstream catalog (annotations such as readOnlyHint). */
export interface ToolInfoLookup {
  (server: string | undefined, tool: string): { annotations?: Record<string, unknown> } | undefined;
}

export interface AnalyzeOptions {
  strategy?: AnalysisStrategy;
  gemini?: LlmClient;
  sampling?: LlmClient;
  toolInfo?: ToolInfoLookup;
  /** Per LLM call, default 20 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}
