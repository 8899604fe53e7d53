/**
 * The heuristic analyzer: deterministic rules a careful engineer would write, each edge
 * with its reason. Conservative: when unsure, add the edge. Every edge points forward in a
 * topological order of the certain edges, so the result is acyclic with them. Pure.
 *
 * Scale: rules that order a step after *every* earlier step of some kind (aggregation,
 * processing after research, conflicting tool calls) emit only the edges not already implied
 * through others, so the output grows with the plan, not with its square; together with the
 * certain edges it has the same transitive closure as emitting every such edge would
 * (test/analysis/heuristic-scale.test.ts checks this against the all-pairs rules). Mentions,
 * shared words and tool conflicts are found through indexes, not by scanning every pair.
 */
import { certainEdges } from './certain-edges.js';
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
  participleStems,
  quantifiedStems,
  refersBackByPronoun,
  relatedStems,
  sentenceVerbs,
  stepNumbers,
} from './heuristic-text.js';
import { accessConflict, accessKind, toolAccess, type ToolAccess } from './heuristic-tools.js';
import { MentionIndex } from './mention-index.js';
import { StemIndex } from './stem-index.js';
import { ToolConflictIndex } from './tool-conflict-index.js';
import type { Edge } from '../engine/graph.js';
import type { AnalysisStep, AnalyzedEdge, ToolInfoLookup } from './schema.js';

export interface HeuristicResult {
  edges: AnalyzedEdge[];
  warnings: string[];
}

/** Heuristic edges only (certain edges are added by the caller). Never throws. */
export function heuristicEdges(steps: readonly AnalysisStep[], toolInfo?: ToolInfoLookup): HeuristicResult {
  let order: string[];
  let certainPairs: readonly Edge[] = [];
  try {
    const certain = certainEdges(steps);
    order = certain.order;
    certainPairs = certain.edges;
  } catch {
    order = [];
    for (const step of steps) order.push(step.id);
  }
  try {
    return applyRules(steps, order, certainPairs, toolInfo);
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

/** The title and description that are not blank, joined by ". ". */
export function textOf(step: AnalysisStep): string {
  const title = step.title !== undefined && step.title.trim() !== '' ? step.title : undefined;
  const description = step.description !== undefined && step.description.trim() !== '' ? step.description : undefined;
  if (title !== undefined && description !== undefined) return `${title}. ${description}`;
  return title ?? description ?? '';
}

function headlineOf(step: AnalysisStep): string {
  if (step.title?.trim()) return step.title;
  return (step.description ?? '').split(/(?<=[.!?])\s/)[0] ?? '';
}

function isBare(step: AnalysisStep): boolean {
  return textOf(step) === '' && !step.tool && !step.step_type && !step.needs?.length && !step.provides?.length && !step.depends_on?.length;
}

/** What the rules read about one step, computed once. */
interface StepFacts {
  step: AnalysisStep;
  text: string;
  /** Stemmed leading verb of the whole text. */
  verb: string | undefined;
  headline: string;
  /** Stemmed leading verb of the headline. */
  headVerb: string | undefined;
  /** First 8 content stems of the headline: computed by `headStemsOf` when first needed. */
  headStems: string[] | undefined;
  bare: boolean;
  research: boolean;
  processing: boolean;
  declaresData: boolean;
  tool: ToolAccess | undefined;
}

/** Access kinds by server, then tool name. */
type AccessKinds = Map<string | undefined, Map<string, ReturnType<typeof accessKind>>>;

function factsOf(step: AnalysisStep, kinds: AccessKinds, toolInfo?: ToolInfoLookup): StepFacts {
  const text = textOf(step);
  const headline = headlineOf(step);
  const headVerb = leadingVerb(headline);
  const type = step.step_type?.toLowerCase();
  let tool: ToolAccess | undefined;
  if (step.tool) {
    // Tool names repeat across a plan: classify each (server, tool) once.
    let byTool = kinds.get(step.server);
    if (!byTool) kinds.set(step.server, (byTool = new Map()));
    let kind = byTool.get(step.tool);
    if (!kind) byTool.set(step.tool, (kind = accessKind(step, toolInfo)));
    tool = toolAccess(step, toolInfo, kind);
  }
  return {
    step,
    text,
    // The headline starts the text, so its leading verb is the text's when it has one.
    verb: headVerb ?? leadingVerb(text),
    headline,
    headVerb,
    headStems: undefined,
    bare: text === '' && isBare(step),
    research: type !== undefined && RESEARCH_TYPES.has(type),
    processing: type !== undefined && PROCESSING_TYPES.has(type),
    declaresData: (step.needs?.length ?? 0) + (step.provides?.length ?? 0) > 0,
    tool,
  };
}

function headStemsOf(f: StepFacts): string[] {
  return (f.headStems ??= contentStems(f.headline, 8, f.headVerb));
}

/**
 * Earlier steps by the stems of their headlines. Filled only once a rule asks, up to the
 * asking step: many plans never ask, and the stems cost more than the other facts together.
 */
class HeadStemIndex {
  private readonly byStem = new Map<string, number[]>();
  private readonly related = new StemIndex();
  /** Steps before this position are indexed. */
  private indexed = 0;

  constructor(private readonly facts: readonly StepFacts[]) {}

  /** Positions before `k` whose headline has the stem, ascending. */
  before(k: number, stem: string): number[] | undefined {
    this.indexUpTo(k);
    return this.byStem.get(stem);
  }

  /** Adds to `found` the positions before `k` whose headline has a stem related to `stem` (`relatedStems`). */
  relatedBefore(k: number, stem: string, found: Set<number>): void {
    this.indexUpTo(k);
    this.related.forEachRelated(stem, (position) => found.add(position));
  }

  private indexUpTo(k: number): void {
    for (; this.indexed < k; this.indexed++) {
      for (const s of headStemsOf(this.facts[this.indexed]!)) {
        push(this.byStem, s, this.indexed);
        this.related.add(s, this.indexed);
      }
    }
  }
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function byPosition(a: number, b: number): number {
  return a - b;
}

function ascending(set: Set<number>): number[] {
  const list = [...set];
  return list.length > 1 ? list.sort(byPosition) : list;
}

function includes(list: number[] | Set<number>, e: number): boolean {
  return Array.isArray(list) ? list.includes(e) : list.has(e);
}

function matchesAny(patterns: readonly RegExp[], text: string): boolean {
  for (const p of patterns) if (p.test(text)) return true;
  return false;
}

/**
 * The heuristic edges into one step after another, each edge once. A class rather than a
 * closure per analysis, so optimized code calling `add` stays valid from one plan to the next.
 */
class IncomingEdges {
  /** addedTo[e] === to: the edge e -> to exists already. */
  private readonly addedTo: Int32Array;
  private to = -1;
  private toId = '';
  private preds: number[] = [];

  constructor(
    private readonly order: readonly string[],
    private readonly edges: AnalyzedEdge[],
  ) {
    this.addedTo = new Int32Array(order.length).fill(-1);
  }

  /** Edges added from now on go into the step at position `to`; their sources are appended to `preds`. */
  startStep(to: number, preds: number[]): void {
    this.to = to;
    this.toId = this.order[to]!;
    this.preds = preds;
  }

  add(from: number, reason: string): void {
    if (from === this.to || this.addedTo[from] === this.to) return;
    this.addedTo[from] = this.to;
    this.preds.push(from);
    this.edges.push({ from: this.order[from]!, to: this.toId, source: 'heuristic', reason });
  }
}

function applyRules(
  steps: readonly AnalysisStep[],
  order: readonly string[],
  certain: readonly Edge[],
  toolInfo?: ToolInfoLookup,
): HeuristicResult {
  const byId = new Map<string, AnalysisStep>();
  for (const step of steps) byId.set(step.id, step);
  const position = new Map<string, number>();
  for (let k = 0; k < order.length; k++) position.set(order[k]!, k);
  const kinds: AccessKinds = new Map();
  // Filled by push, not map, so they are the same kind of array for every plan (see certainEdges).
  const facts: StepFacts[] = [];
  const certainPreds: number[][] = [];
  for (const id of order) {
    facts.push(factsOf(byId.get(id)!, kinds, toolInfo));
    certainPreds.push([]);
  }
  for (const e of certain) {
    const from = position.get(e.from);
    const to = position.get(e.to);
    if (from !== undefined && to !== undefined && from < to) certainPreds[to]!.push(from);
  }
  const edges: AnalyzedEdge[] = [];
  const warnings: string[] = [];

  const mentions = new MentionIndex();
  const byHeadVerb = new Map<string, number[]>();
  /** Earlier steps by their headline's leading verb, for nouns naming what a step did ("the recording"). */
  const headVerbs = new StemIndex();
  const byHeadStem = new HeadStemIndex(facts);
  const tools = new ToolConflictIndex();
  /** Earlier steps nothing earlier depends on yet: every earlier step reaches one of them. */
  const sinks = new Set<number>();
  /** Positions of research steps so far, and per step how many of the first ones it follows (or is). */
  const research: number[] = [];
  const researchCovered: number[] = [];
  /** Per step: whether it has any predecessor; and where the run of steps with its headline verb starts. */
  const hasPreds: boolean[] = [];
  const verbRunStart: number[] = [];

  const incoming = new IncomingEdges(order, edges);

  for (let k = 0; k < order.length; k++) {
    const id = order[k]!;
    const f = facts[k]!;
    const step = f.step;
    // The certain predecessors, then the heuristic ones as they are added.
    const preds = certainPreds[k]!;
    incoming.startStep(k, preds);
    const previous = k > 0 ? k - 1 : undefined;
    const text = f.text;
    const verb = f.verb;

    if (f.bare) {
      warnings.push(`step "${id}" has no title, description, tool or step_type; kept in plan order`);
      if (previous !== undefined) incoming.add(previous, `"${id}" has nothing to analyze, so it stays after "${order[previous]}"`);
    }
    if (previous !== undefined && facts[previous]!.bare) incoming.add(previous, `"${order[previous]}" has nothing to analyze, so "${id}" stays after it`);

    // A step that aggregates, refers back to everything, or has outside effects follows every
    // earlier step; every earlier step reaches a sink, so following the sinks is enough.
    // The headline's leading verb leads one of the sentences (words before it are fillers), so
    // it answers first, without splitting the text into sentences.
    const aggregation =
      text !== '' && (isAggregationVerb(f.headVerb) || sentenceVerbs(step).some(isAggregationVerb) || matchesAny(AGGREGATION_PHRASES, text));
    const terminal = text !== '' && isTerminalVerb(verb);
    // Referring back matters only when the step does not already follow all for another reason.
    const backward = !aggregation && !terminal && text !== '' && matchesAny(BACKWARD_ALL_PHRASES, text);
    const followsAll = aggregation || backward || terminal;

    if (text !== '') {
      // When the step follows all, edges from non-sinks are implied and left out, whatever rule gives them.
      const lower = text.toLowerCase();
      const named = mentions.idsIn(text, lower);
      const titled = mentions.titlesIn(text, lower);
      if (named.length + titled.length > 0) {
        const mentioned = titled.length === 0 ? named : named.length === 0 ? titled : named.concat(titled);
        if (mentioned.length > 1) mentioned.sort(byPosition);
        // Many steps may share a title: look up in Sets then, in the (usual) short arrays otherwise.
        const byName = named.length > 8 ? new Set(named) : named;
        const byTitle = titled.length > 8 ? new Set(titled) : titled;
        for (let i = 0; i < mentioned.length; i++) {
          const e = mentioned[i]!;
          if (e === mentioned[i - 1] || (followsAll && !sinks.has(e))) continue;
          if (includes(byName, e)) incoming.add(e, `"${id}" mentions "${order[e]}"`);
          if (includes(byTitle, e)) incoming.add(e, `"${id}" mentions "${facts[e]!.step.title}"`);
        }
      }
      for (const n of stepNumbers(text)) {
        const named = byId.get(`${n}`) ?? byId.get(`step${n}`) ?? byId.get(`step_${n}`) ?? byId.get(`step-${n}`) ?? steps[n - 1];
        const at = named === undefined ? undefined : position.get(named.id);
        if (at !== undefined && at < k && (!followsAll || sinks.has(at))) incoming.add(at, `"${id}" refers to step ${n}`);
      }
      if (previous !== undefined && (!followsAll || sinks.has(previous)) && matchesAny(BACKWARD_ONE_PHRASES, text)) {
        incoming.add(previous, `"${id}" refers to the previous step`);
      }
      if (followsAll) {
        const why = aggregation ? 'aggregates the earlier results' : terminal ? 'has outside effects, so it comes after the earlier steps' : 'refers back to the earlier results';
        for (const e of sinks) incoming.add(e, `"${id}" ${why}`);
      }
    }

    // Once a step follows every earlier step, the rules below only add implied edges.
    if (!followsAll && text !== '') {
      const participles = participleStems(text);
      const quantified = quantifiedStems(text);
      // Most steps name no participle or quantity: no Set for them.
      if (participles.length + quantified.length > 0) {
        const candidates = new Set<number>();
        for (const p of participles) for (const e of byHeadVerb.get(p) ?? []) candidates.add(e);
        for (const q of quantified) {
          for (const e of byHeadVerb.get(q) ?? []) candidates.add(e);
          for (const e of byHeadStem.before(k, q) ?? []) candidates.add(e);
        }
        for (const e of ascending(candidates)) {
          const ef = facts[e]!;
          const participle = participles.find((p) => p === ef.headVerb);
          if (participle !== undefined) incoming.add(e, `"${id}" uses the ${participle}ed output of "${order[e]}"`);
          const all = quantified.find((q) => q === ef.headVerb || headStemsOf(ef).includes(q));
          if (all !== undefined) incoming.add(e, `"${id}" covers all "${all}" steps, "${order[e]}" among them`);
        }
      }

      // A gathering step takes its input from outside: shared words alone do not bind it.
      if (!isGatherVerb(verb)) {
        const stems = contentStems(text);
        // A noun made from an earlier step's verb names that step's output: "Transcribe the
        // recording", "Write up the evaluation". Steps doing the same thing are siblings.
        const naming = new Set<number>();
        for (const s of stems) headVerbs.forEachRelated(s, (e) => naming.add(e));
        for (const e of ascending(naming)) {
          const ef = facts[e]!;
          if ((ef.declaresData && f.declaresData) || ef.headVerb === verb) continue;
          const noun = stems.find((s) => relatedStems(s, ef.headVerb!));
          if (noun !== undefined) incoming.add(e, `"${id}" works on the "${noun}" that "${order[e]}" produces`);
        }

        const sharing = new Set<number>();
        for (const s of stems) byHeadStem.relatedBefore(k, s, sharing);
        for (const e of ascending(sharing)) {
          const ef = facts[e]!;
          // needs/provides are the author's own account of data flow between these two.
          if (ef.declaresData && f.declaresData) continue;
          if (ef.headline === '' || ef.headVerb === verb) continue;
          const shared = headStemsOf(ef).find((h) => stems.some((s) => relatedStems(h, s)));
          if (shared !== undefined) incoming.add(e, `"${id}" works on "${shared}", which "${order[e]}" handles first`);
        }
      }

      // "Translate it into French": the pronoun is the output of the latest step not doing the same thing.
      if (previous !== undefined && refersBackByPronoun(text)) {
        const e = facts[previous]!.headVerb === verb ? verbRunStart[previous]! - 1 : previous;
        if (e >= 0) incoming.add(e, `"${id}" works on "it": the output of "${order[e]}"`);
      }
    }

    if (!followsAll && f.processing) {
      // Research steps this step already follows through its other dependencies are implied.
      let covered = 0;
      for (const p of preds) covered = Math.max(covered, researchCovered[p]!);
      for (let r = covered; r < research.length; r++) incoming.add(research[r]!, `processing step "${id}" waits for the research before it`);
    }

    if (!followsAll && f.tool) {
      const access = f.tool;
      const candidates = tools.candidates(access);
      if (candidates.length > 0) {
        // In ascending order, each once.
        candidates.sort(byPosition);
        for (let i = 0; i < candidates.length; i++) {
          const e = candidates[i]!;
          if (e === candidates[i - 1]) continue;
          const conflict = accessConflict(facts[e]!.tool!, access);
          if (conflict) incoming.add(e, conflict);
        }
      }
    }

    // A step that names no input, after one that transforms an earlier result, continues its
    // pipeline ("Clean the data", then "Train the model"): when unsure, add the edge.
    if (!followsAll && previous !== undefined && preds.length === 0 && text !== '' && !f.tool && !f.research && !isGatherVerb(verb)) {
      const pf = facts[previous]!;
      if (hasPreds[previous] && pf.text !== '' && !pf.tool && !pf.research && !isGatherVerb(pf.verb) && pf.headVerb !== verb) {
        incoming.add(previous, `"${id}" names no input, so it continues the pipeline of "${order[previous]}"`);
      }
    }

    // Bookkeeping for the steps after this one.
    hasPreds.push(preds.length > 0);
    verbRunStart.push(previous !== undefined && facts[previous]!.headVerb === f.headVerb ? verbRunStart[previous]! : k);
    if (f.headVerb !== undefined) headVerbs.add(f.headVerb, k);
    for (const p of preds) sinks.delete(p);
    sinks.add(k);
    let covered = followsAll || f.processing ? research.length : 0;
    for (const p of preds) covered = Math.max(covered, researchCovered[p]!);
    if (f.research) {
      if (covered === research.length) covered++;
      research.push(k);
    }
    researchCovered.push(covered);
    mentions.add(k, id, step.title);
    if (f.headVerb !== undefined) push(byHeadVerb, f.headVerb, k);
    if (f.tool) tools.add(k, f.tool);
  }
  return { edges, warnings };
}
