/** Helpers for the rule tests: what the heuristic analysis found, as short strings. */
import { heuristicEdges } from '../../../src/analysis/heuristic.js';
import type { AnalysisStep, ToolInfoLookup } from '../../../src/analysis/schema.js';

/** Evidence-of-dependence edges as "from->to: reason". */
export function dependence(steps: AnalysisStep[], toolInfo?: ToolInfoLookup): string[] {
  return heuristicEdges(steps, toolInfo)
    .edges.filter((e) => e.source === 'heuristic')
    .map((e) => `${e.from}->${e.to}: ${e.reason}`);
}

/** Independence entries as "a,b,c: reason". */
export function independence(steps: AnalysisStep[], toolInfo?: ToolInfoLookup): string[] {
  return heuristicEdges(steps, toolInfo).independence.map((e) => `${e.steps.join(',')}: ${e.reason}`);
}

/** Every ordering of the result as "from->to" (edges only; certain edges are the caller's). */
export function edgePairs(steps: AnalysisStep[], toolInfo?: ToolInfoLookup): string[] {
  return heuristicEdges(steps, toolInfo).edges.map((e) => `${e.from}->${e.to}`);
}

export const titled = (...titles: string[]): AnalysisStep[] => titles.map((title, i) => ({ id: `s${i + 1}`, title }));
