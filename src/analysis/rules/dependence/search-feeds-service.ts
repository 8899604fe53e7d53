/**
 * A tool call with literal arguments follows the earlier searches on the same service: what
 * "GoogleScholar.search_google_scholar" or a server's "search_files" finds is what the
 * service's next calls take ("get_citation_format" of a result's id, "read_file" of a found
 * path), and planners write the expected value with no reference. The service is the step's
 * `server`, else the tool name's dotted namespace ("BINGMap" of "BINGMap.get_route"); a call
 * without either has no service. A search is a call whose name (after the namespace) holds
 * search, find, list, lookup or query; a search does not follow the searches before it
 * (parallel searches on one service stay siblings) unless it takes a value one of them asked
 * for ("list_issues" of owner "fastapi" after "search_repositories" of "fastapi"). Pure.
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

/** The literal strings among a call's top-level arguments, lowercased. */
function literalStrings(args: Record<string, unknown> | undefined): string[] {
  const out: string[] = [];
  if (args === undefined) return out;
  for (const key in args) {
    if (!Object.hasOwn(args, key)) continue;
    const value = args[key];
    if (typeof value === 'string' && !value.includes('{{')) {
      const v = value.trim().toLowerCase();
      if (v !== '') out.push(v);
    }
  }
  return out;
}

const ALNUM = /[a-z0-9]/;

/** Whether `part` is in `whole` as whole words (no letter or digit either side). */
function holdsWords(whole: string, part: string): boolean {
  for (let at = whole.indexOf(part); at !== -1; at = whole.indexOf(part, at + 1)) {
    const before = at === 0 ? '' : whole[at - 1]!;
    const after = at + part.length >= whole.length ? '' : whole[at + part.length]!;
    if (!ALNUM.test(before) && !ALNUM.test(after)) return true;
  }
  return false;
}

/** A literal value (three characters or more) of a later search that an earlier search's literal arguments asked for, as whole words. */
function askedBefore(later: Record<string, unknown> | undefined, earlier: Record<string, unknown> | undefined): string | undefined {
  const asked = literalStrings(earlier);
  if (asked.length === 0) return undefined;
  const values = literalStrings(later);
  for (let v = 0; v < values.length; v++) {
    const value = values[v]!;
    if (value.length < 3) continue;
    for (let a = 0; a < asked.length; a++) if (holdsWords(asked[a]!, value)) return value;
  }
  return undefined;
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
        // A search that takes what an earlier one asked for ("list_issues" of owner "fastapi" after
        // "search_repositories" of "fastapi") looks into its results, not beside it.
        if (!found.followsAll) {
          for (let x = 0; x < list.length; x++) {
            const e = list[x]!;
            const value = askedBefore(step.arguments, ctx.facts[e]!.step.arguments);
            if (value !== undefined) found.add(e, `"${step.tool}" takes "${value}", which "${ctx.facts[e]!.step.tool}" searched for before it`);
          }
        }
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
