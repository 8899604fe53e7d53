/**
 * A tool call with literal arguments follows the earlier searches on the same service: what
 * "GoogleScholar.search_google_scholar" or a server's "search_files" finds is what the
 * service's next calls take ("get_citation_format" of a result's id, "read_file" of a found
 * path), and planners write the expected value with no reference. The service is the step's
 * `server`, else the tool name's dotted namespace ("BINGMap" of "BINGMap.get_route"); a call
 * without either has no service. A search is a call whose name (after the namespace) holds
 * search, find, list, lookup or query; a search does not follow the searches before it
 * (parallel searches on one service stay siblings). Pure.
 */
import type { DependenceRule } from '../rule.js';
import type { AnalysisStep } from '../../schema.js';

const SEARCH_WORDS = new Set(['search', 'find', 'list', 'lookup', 'query']);

/** The service a tool call belongs to, if it says. */
function serviceOf(step: AnalysisStep): string | undefined {
  if (step.server !== undefined) return step.server;
  const tool = step.tool!;
  const dot = tool.lastIndexOf('.');
  return dot > 0 ? tool.slice(0, dot) : undefined;
}

/** Whether the tool's own name (after any namespace) says it searches. */
function searches(tool: string): boolean {
  const name = tool.slice(tool.lastIndexOf('.') + 1);
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => SEARCH_WORDS.has(w));
}

/** Whether an argument holds a literal value (not only {{references}}, not blank). */
function hasLiteral(args: Record<string, unknown> | undefined): boolean {
  if (args === undefined) return false;
  for (const key in args) {
    if (!Object.hasOwn(args, key)) continue;
    const value = args[key];
    if (typeof value === 'number') return true;
    if (typeof value === 'string' && value.trim() !== '' && !value.includes('{{')) return true;
  }
  return false;
}

export const searchFeedsService: DependenceRule = {
  name: 'search-feeds-service',
  start: (ctx) => {
    /** Earlier search positions by service. */
    const searchesOf = new Map<string, number[]>();
    const searchTool = new Map<string, boolean>();
    return (k, found) => {
      const step = ctx.facts[k]!.step;
      if (step.tool === undefined) return;
      const service = serviceOf(step);
      if (service === undefined) return;
      let isSearch = searchTool.get(step.tool);
      if (isSearch === undefined) searchTool.set(step.tool, (isSearch = searches(step.tool)));
      if (isSearch) {
        let list = searchesOf.get(service);
        if (list === undefined) searchesOf.set(service, (list = []));
        list.push(k);
        return;
      }
      const earlier = searchesOf.get(service);
      if (earlier === undefined || found.followsAll || !hasLiteral(step.arguments)) return;
      for (let x = 0; x < earlier.length; x++) {
        const e = earlier[x]!;
        found.add(e, `"${step.tool}" takes literal arguments on the service "${service}", which "${ctx.facts[e]!.step.tool}" searched before it`);
      }
    };
  },
};
