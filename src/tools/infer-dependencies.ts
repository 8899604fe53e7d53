/**
 * run_plan's `infer_dependencies`: analyze_dependencies over the plan, keeping every
 * explicit and referenced edge and adding inferred ones only for steps that declare none.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { DependencyGraph, Edge } from '../engine/graph.js';
import type { PlanStep } from '../engine/plan.js';
import type { ServerDeps } from '../server/deps.js';
import { loadAnalysis } from './lazy-analysis.js';
import { llmClientsFor } from './llm-clients.js';
import { llmLimitsOf } from './prompt-steps.js';

export interface InferredEdge extends Edge {
  source: string;
  reason: string;
}

export async function inferPlanDependencies(
  deps: ServerDeps,
  steps: readonly PlanStep[],
  graph: DependencyGraph,
  server: McpServer | undefined,
  signal?: AbortSignal,
): Promise<{ edges: InferredEdge[]; method: string }> {
  const { analyzeEdges, llmTimeoutMs } = await loadAnalysis();
  const declared = new Set(steps.filter((s) => (graph.dependsOn.get(s.id) ?? []).length > 0).map((s) => s.id));
  // The edges and method only: the summary (stages, critical path, Mermaid) would be thrown away.
  const analysis = await analyzeEdges(
    steps.map((step) => ({
      id: step.id,
      tool: step.tool,
      ...(step.title === undefined ? {} : { title: step.title }),
      // A prompt step is described by its prompt when it has no description of its own.
      ...((step.description ?? step.prompt) === undefined ? {} : { description: step.description ?? step.prompt }),
      ...(step.server === undefined ? {} : { server: step.server }),
      ...(step.arguments === undefined ? {} : { arguments: step.arguments }),
      ...(step.depends_on === undefined ? {} : { depends_on: step.depends_on }),
      ...(step.estimated_ms === undefined ? {} : { estimated_ms: step.estimated_ms }),
    })),
    {
      strategy: 'auto',
      ...llmClientsFor(server, deps.env, llmLimitsOf(deps.config.settings)),
      toolInfo: (serverName, tool) => deps.pool.toolInfo(serverName, tool),
      timeoutMs: llmTimeoutMs(deps.env),
      ...(signal ? { signal } : {}),
    },
  );
  const edges = analysis.edges
    .filter((edge) => !declared.has(edge.to) && edge.source !== 'explicit' && edge.source !== 'reference')
    .map(({ from, to, source, reason }) => ({ from, to, source, reason }));
  return { edges, method: analysis.method };
}
