/**
 * The dependency analysis (src/analysis/, its rules and indexes, the model path), loaded at
 * its first use: `initialize`, `tools/list` and the calls that need no analysis do not pay
 * for loading it. Its input and output schemas (analysis/schema.ts) stay static: tools/list
 * needs them.
 */
import type { analyzeDependencies, analyzeEdges, renderAnalysis } from '../analysis/analyze.js';
import type { llmTimeoutMs } from '../analysis/llm.js';

export interface AnalysisModule {
  analyzeDependencies: typeof analyzeDependencies;
  analyzeEdges: typeof analyzeEdges;
  renderAnalysis: typeof renderAnalysis;
  llmTimeoutMs: typeof llmTimeoutMs;
}

let loading: Promise<AnalysisModule> | undefined;

export function loadAnalysis(): Promise<AnalysisModule> {
  loading ??= Promise.all([import('../analysis/analyze.js'), import('../analysis/llm.js')]).then(([analyze, llm]) => ({
    analyzeDependencies: analyze.analyzeDependencies,
    analyzeEdges: analyze.analyzeEdges,
    renderAnalysis: analyze.renderAnalysis,
    llmTimeoutMs: llm.llmTimeoutMs,
  }));
  return loading;
}
