/**
 * analyze_dependencies — which steps of a plan depend on which, before running it:
 * certain edges and the heuristic's evidence, then Gemini / the client's model via sampling; stages,
 * critical path, estimate and a Mermaid flowchart, with a readable preview.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { AnalysisResultSchema, AnalyzeInputSchema, type ToolInfoLookup } from '../analysis/schema.js';
import { strictObject } from '../engine/strict-object.js';
import { ParallelMcpError } from '../errors.js';
import type { Logger } from '../log.js';
import type { LlmLimits } from '../llm/limits.js';
import { fastAnalysisResult } from './analysis-output.js';
import { fastAnalyzeInput } from './analyze-input.js';
import { withFastPath } from './fast-path-schema.js';
import { loadAnalysis } from './lazy-analysis.js';
import { llmClientsFor } from './llm-clients.js';

/** The registered schemas: the analysis' own, each behind a hand check (same JSON Schema in tools/list, same answers). */
export const AnalyzeToolInputSchema = withFastPath(strictObject(AnalyzeInputSchema.shape), fastAnalyzeInput);
export const AnalyzeToolOutputSchema = withFastPath(z.object(AnalysisResultSchema.shape), fastAnalysisResult);

export interface AnalyzeToolDeps {
  env: Record<string, string | undefined>;
  /** parallelMcp.llm: the model providers' cap and rate limit, shared with prompt steps. */
  llmLimits?: LlmLimits;
  toolInfo?: ToolInfoLookup;
  log: Logger;
}

const DESCRIPTION = [
  'Work out which steps of a plan depend on which, and which can run at the same time, without running anything.',
  'Steps may be natural language ("Research Paris", "Compare the cities"), tool calls (server, tool, arguments), or a mix.',
  'Certain edges come first and are never removed: depends_on, {{step}} references in arguments, needs/provides data keys.',
  'Then strategy "auto" asks Gemini (GEMINI_API_KEY) or, without a key, the client\'s own model via MCP sampling;',
  'any failure falls back to deterministic heuristics, and `fallbacks` says why. "heuristic" skips the model.',
  'Dependence by default: two steps stay in plan order unless there is evidence they are independent (one template',
  'with different subjects, "in parallel"/"meanwhile", read-only tool calls with literal arguments, research siblings,',
  'a step naming its inputs); evidence of dependence ("then", "it", "the drafted article", "step 2") always wins,',
  'and a model may only remove plan-order defaults. Returns edges with source and reason, `independence` groups',
  'with the evidence for every unordered pair, stages, critical path, a time estimate from estimated_ms, and a Mermaid flowchart.',
].join(' ');

export function registerAnalyzeDependenciesTool(server: McpServer, deps: AnalyzeToolDeps): void {
  server.registerTool(
    'analyze_dependencies',
    {
      title: 'Analyze plan dependencies',
      description: DESCRIPTION,
      inputSchema: AnalyzeToolInputSchema,
      outputSchema: AnalyzeToolOutputSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (input, extra) => {
      try {
        const { analyzeDependencies, llmTimeoutMs, renderAnalysis } = await loadAnalysis();
        const strategy = input.strategy ?? 'auto';
        const clients = llmClientsFor(server, deps.env, deps.llmLimits);
        const result = await analyzeDependencies(input.steps, {
          strategy,
          ...clients,
          ...(deps.toolInfo ? { toolInfo: deps.toolInfo } : {}),
          timeoutMs: llmTimeoutMs(deps.env),
          signal: extra.signal,
        });
        // No model configured under `auto` is a normal setup, not a failure worth a warning.
        const noModelExpected = strategy === 'auto' && !clients.gemini && !clients.sampling;
        for (const fallback of result.fallbacks) {
          if (noModelExpected) deps.log.debug(`analyze_dependencies fell back: ${fallback}`);
          else deps.log.warn(`analyze_dependencies fell back: ${fallback}`);
        }
        return {
          structuredContent: result,
          content: [{ type: 'text' as const, text: renderAnalysis(result, input.steps) }],
        };
      } catch (error) {
        if (!(error instanceof ParallelMcpError)) throw error;
        // An invalid plan is the caller's mistake: say so plainly, as a tool error.
        return { isError: true, content: [{ type: 'text' as const, text: error.message }] };
      }
    },
  );
}
