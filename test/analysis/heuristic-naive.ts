/**
 * Test oracle: the heuristic rules as they were first written, comparing every pair of steps
 * and emitting every edge a rule gives (quadratic). heuristic-scale.test.ts checks that the
 * indexed analyzer in src/analysis/heuristic.ts gives the same orderings (transitive closure
 * with the certain edges) while emitting only edges not already implied. Not shipped.
 */
import { certainEdges } from '../../src/analysis/certain-edges.js';
import {
  AGGREGATION_PHRASES,
  BACKWARD_ALL_PHRASES,
  BACKWARD_ONE_PHRASES,
  PROCESSING_TYPES,
  RESEARCH_TYPES,
  contentStems,
  isAggregationVerb,
  isGatherVerb,
  isTerminalVerb,
  leadingVerb,
  mentionsWord,
  participleStems,
  quantifiedStems,
  refersBackByPronoun,
  relatedStems,
  sentenceVerbs,
  stepNumbers,
} from '../../src/analysis/heuristic-text.js';
import { toolConflict } from '../../src/analysis/heuristic-tools.js';
import type { AnalysisStep, AnalyzedEdge, ToolInfoLookup } from '../../src/analysis/schema.js';

export interface HeuristicResult {
  edges: AnalyzedEdge[];
  warnings: string[];
}

/** Heuristic edges only (certain edges are added by the caller). Never throws. */
export function naiveHeuristicEdges(steps: readonly AnalysisStep[], toolInfo?: ToolInfoLookup): HeuristicResult {
  let order: string[];
  let certain: AnalyzedEdge[] = [];
  try {
    ({ order, edges: certain } = certainEdges(steps));
  } catch {
    order = steps.map((s) => s.id);
  }
  try {
    return applyRules(steps, order, certain, toolInfo);
  } catch (error) {
    const edges: AnalyzedEdge[] = [];
    for (let i = 1; i < order.length; i++) {
      edges.push({ from: order[i - 1]!, to: order[i]!, source: 'heuristic', reason: 'sequential fallback' });
    }
    return {
      edges,
      warnings: [`heuristic rules failed (${error instanceof Error ? error.message : String(error)}); using the sequential chain`],
    };
  }
}

export function textOf(step: AnalysisStep): string {
  return [step.title, step.description].filter((t) => t !== undefined && t.trim() !== '').join('. ');
}

function headlineOf(step: AnalysisStep): string {
  if (step.title?.trim()) return step.title;
  return (step.description ?? '').split(/(?<=[.!?])\s/)[0] ?? '';
}

function isBare(step: AnalysisStep): boolean {
  return textOf(step) === '' && !step.tool && !step.step_type && !step.needs?.length && !step.provides?.length && !step.depends_on?.length;
}

function applyRules(steps: readonly AnalysisStep[], order: readonly string[], certain: readonly AnalyzedEdge[], toolInfo?: ToolInfoLookup): HeuristicResult {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const edges: AnalyzedEdge[] = [];
  const warnings: string[] = [];
  const has = new Set<string>();
  /** Steps with any predecessor, certain or heuristic. */
  const hasPreds = new Set(certain.map((e) => e.to));
  const add = (from: string, to: string, reason: string): void => {
    const key = `${from}\u0000${to}`;
    if (from === to || has.has(key)) return;
    has.add(key);
    hasPreds.add(to);
    edges.push({ from, to, source: 'heuristic', reason });
  };

  order.forEach((id, k) => {
    const step = byId.get(id)!;
    const earlier = order.slice(0, k).map((e) => byId.get(e)!);
    const previous = earlier[earlier.length - 1];
    const text = textOf(step);
    const verb = leadingVerb(text);

    if (isBare(step)) {
      warnings.push(`step "${id}" has no title, description, tool or step_type; kept in plan order`);
      if (previous) add(previous.id, id, `"${id}" has nothing to analyze, so it stays after "${previous.id}"`);
    }
    if (previous && isBare(previous)) add(previous.id, id, `"${previous.id}" has nothing to analyze, so "${id}" stays after it`);

    if (text !== '') {
      for (const e of earlier) {
        if (e.id.length >= 2 && mentionsWord(text, e.id)) add(e.id, id, `"${id}" mentions "${e.id}"`);
        const title = e.title?.trim().toLowerCase();
        if (title && title.length >= 6 && text.toLowerCase().includes(title)) add(e.id, id, `"${id}" mentions "${e.title}"`);
      }
      for (const n of stepNumbers(text)) {
        const named = [`${n}`, `step${n}`, `step_${n}`, `step-${n}`].map((c) => byId.get(c)).find(Boolean) ?? steps[n - 1];
        if (named && earlier.includes(named)) add(named.id, id, `"${id}" refers to step ${n}`);
      }
      if (previous && BACKWARD_ONE_PHRASES.some((p) => p.test(text))) add(previous.id, id, `"${id}" refers to the previous step`);
      const verbs = sentenceVerbs(step);
      const aggregation = verbs.some(isAggregationVerb) || AGGREGATION_PHRASES.some((p) => p.test(text));
      const backward = BACKWARD_ALL_PHRASES.some((p) => p.test(text));
      const terminal = isTerminalVerb(verb);
      if (aggregation || backward || terminal) {
        const why = aggregation ? 'aggregates the earlier results' : terminal ? 'has outside effects, so it comes after the earlier steps' : 'refers back to the earlier results';
        for (const e of earlier) add(e.id, id, `"${id}" ${why}`);
      }
      const participles = participleStems(text);
      const quantified = quantifiedStems(text);
      for (const e of earlier) {
        const eVerb = leadingVerb(headlineOf(e));
        const participle = participles.find((p) => p === eVerb);
        if (participle !== undefined) add(e.id, id, `"${id}" uses the ${participle}ed output of "${e.id}"`);
        const all = quantified.find((q) => q === eVerb || contentStems(headlineOf(e), 8).includes(q));
        if (all !== undefined) add(e.id, id, `"${id}" covers all "${all}" steps, "${e.id}" among them`);
      }
      const stems = contentStems(text);
      const declaresData = (s: AnalysisStep) => (s.needs?.length ?? 0) + (s.provides?.length ?? 0) > 0;
      for (const e of earlier) {
        // needs/provides are the author's own account of data flow between these two.
        if (declaresData(e) && declaresData(step)) continue;
        const headline = headlineOf(e);
        const eVerb = leadingVerb(headline);
        // A gathering step takes its input from outside: shared words alone do not bind it.
        if (eVerb === verb || isGatherVerb(verb)) continue;
        const noun = eVerb === undefined ? undefined : stems.find((s) => relatedStems(s, eVerb));
        if (noun !== undefined) add(e.id, id, `"${id}" works on the "${noun}" that "${e.id}" produces`);
        if (headline === '') continue;
        const shared = contentStems(headline, 8).find((h) => stems.some((s) => relatedStems(h, s)));
        if (shared !== undefined) add(e.id, id, `"${id}" works on "${shared}", which "${e.id}" handles first`);
      }
      if (refersBackByPronoun(text)) {
        const bound = [...earlier].reverse().find((e) => leadingVerb(headlineOf(e)) !== verb);
        if (bound) add(bound.id, id, `"${id}" works on "it": the output of "${bound.id}"`);
      }
    }

    if (step.step_type && PROCESSING_TYPES.has(step.step_type.toLowerCase())) {
      for (const e of earlier) {
        if (e.step_type && RESEARCH_TYPES.has(e.step_type.toLowerCase())) {
          add(e.id, id, `processing step "${id}" waits for the research before it`);
        }
      }
    }

    if (step.tool) {
      for (const e of earlier) {
        if (!e.tool) continue;
        const conflict = toolConflict(e, step, toolInfo);
        if (conflict) add(e.id, id, conflict);
      }
    }

    // An input-less step after one that transforms an earlier result continues its pipeline.
    const isResearch = (s: AnalysisStep) => s.step_type !== undefined && RESEARCH_TYPES.has(s.step_type.toLowerCase());
    if (previous && !hasPreds.has(id) && text !== '' && !step.tool && !isResearch(step) && !isGatherVerb(verb)) {
      const previousText = textOf(previous);
      const followsAll = aggregationOrBackOrTerminal(step, text, verb);
      if (
        !followsAll &&
        hasPreds.has(previous.id) &&
        previousText !== '' &&
        !previous.tool &&
        !isResearch(previous) &&
        !isGatherVerb(leadingVerb(previousText)) &&
        leadingVerb(headlineOf(previous)) !== verb
      ) {
        add(previous.id, id, `"${id}" names no input, so it continues the pipeline of "${previous.id}"`);
      }
    }
  });
  return { edges, warnings };
}

function aggregationOrBackOrTerminal(step: AnalysisStep, text: string, verb: string | undefined): boolean {
  return (
    sentenceVerbs(step).some(isAggregationVerb) ||
    AGGREGATION_PHRASES.some((p) => p.test(text)) ||
    BACKWARD_ALL_PHRASES.some((p) => p.test(text)) ||
    isTerminalVerb(verb)
  );
}
