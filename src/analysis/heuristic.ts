/**
 * The heuristic analysis: dependence by default, independence on evidence. Two steps are
 * ordered in plan order (a topological order of the certain edges) unless an independence
 * rule gives evidence that they are independent; evidence of dependence (rules/dependence)
 * beats evidence of independence (rules/independence). Every edge has a reason: `heuristic`
 * for dependence evidence, `default` for an ordering kept for want of evidence of
 * independence. Every pair left unordered is covered by an `independence` entry. When the
 * analysis cannot run (invalid steps, too many, a rule that throws), the result is the plain
 * chain and `fallback`, the warnings and each edge's reason say why. Pure.
 *
 * Scale: orderings are kept as one bitset of ancestors per step, so an ordering already
 * implied is never emitted again: no default ordering, and no evidence edge unless the options
 * ask for every one (`listImplied`, the model path's). The orderings are the same either way
 * (bench/analysis-closure.ts). Time of a 10,000-step plan: bench/analysis-worker.ts, analysis-real.ts.
 */
import { argumentTemplatesOf, certainEdges, certainPredsOf, planPositionOf, type CertainEdges } from './certain-edges.js';
import { DEPENDENCE_RULES, INDEPENDENCE_RULES } from './rules/index.js';
import type { DependenceFound, IndependenceGroup, RuleContext } from './rules/rule.js';
import { factsOf, type AccessKinds, type StepFacts, type TextFactsCache } from './step-facts.js';
import { StemIds } from './heuristic-text.js';
import type { Edge } from '../engine/graph.js';
import type { AnalysisStep, AnalyzedEdge, IndependenceEntry, ToolInfoLookup } from './schema.js';

export { textOf } from './step-facts.js';

export interface HeuristicResult {
  /** Dependence evidence (`heuristic`) and plan-order defaults (`default`); certain edges are the caller's. */
  edges: AnalyzedEdge[];
  /** Steps with evidence of independence, each group with its reason. */
  independence: IndependenceEntry[];
  /** Steps with evidence that they depend on every step before them (in `order`). */
  followsAll: string[];
  /** The analysis order (a topological order of the certain edges). */
  order: string[];
  warnings: string[];
  /** Set when the result is the plain sequential chain because the analysis could not run: why. */
  fallback?: string;
}

export interface HeuristicOptions {
  /**
   * List every edge of dependence evidence, also those the edges found before already imply
   * (through default orderings too). The model path needs them: a model may drop the default
   * orderings, and the evidence must still bind its answer alone. Without it, an evidence edge
   * already implied is not listed (the orderings are the same; a long plan of real text
   * would otherwise list an edge from nearly every earlier step sharing a word).
   */
  listImplied?: boolean;
}

/** Beyond this many steps the ancestor bitsets grow too large: the plan stays in plan order. */
export const MAX_ANALYZED_STEPS = 30_000;

/** Independent pairs listed one by one, at most. */
const MAX_PAIRS = 1000;

/** Groups larger than this are looked up through a bitset rather than their member list. */
const BITSET_GROUP = 128;

/**
 * Heuristic edges only (certain edges are added by the caller). Never throws. `known` is
 * `certainEdges(steps)` when the caller has it already (analyzeDependencies does).
 */
export function heuristicEdges(steps: readonly AnalysisStep[], toolInfo?: ToolInfoLookup, known?: CertainEdges, options: HeuristicOptions = {}): HeuristicResult {
  let order: string[];
  let certain: readonly Edge[] = [];
  let found: CertainEdges;
  try {
    found = known ?? certainEdges(steps);
    order = found.order;
    certain = found.edges;
  } catch (error) {
    // Invalid steps (analyzeDependencies rejects them before): plan order, and say why.
    return chain(steps.map((s) => s.id), `the steps are invalid (${messageOf(error)}); kept in plan order`);
  }
  if (steps.length > MAX_ANALYZED_STEPS) {
    return chain(order, `${steps.length} steps are more than the ${MAX_ANALYZED_STEPS} the heuristic analyses; kept in plan order`);
  }
  try {
    return runRules(steps, order, certain, toolInfo, planPositionOf(found), argumentTemplatesOf(found), certainPredsOf(found), options.listImplied === true);
  } catch (error) {
    return chain(order, `heuristic rules failed (${messageOf(error)}); using the sequential chain`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function chain(order: string[], why: string): HeuristicResult {
  const edges: AnalyzedEdge[] = [];
  for (let i = 1; i < order.length; i++) edges.push({ from: order[i - 1]!, to: order[i]!, source: 'default', reason: `sequential fallback: ${why}` });
  return { edges, independence: [], followsAll: [], order, warnings: [why], fallback: why };
}

/** The certain predecessors of a step that has none: one shared, never changed list. */
const NO_PREDS: number[] = [];
/** A rule without groups: one shared, never changed list. */
const NO_INDEPENDENCE: IndependenceGroup[] = [];

function buildContext(
  steps: readonly AnalysisStep[],
  order: readonly string[],
  certain: readonly Edge[],
  toolInfo?: ToolInfoLookup,
  planPosition?: ReadonlyMap<string, number>,
  argumentTemplates?: Uint8Array,
  planPreds?: readonly (readonly number[])[],
): RuleContext {
  // The step of each id is the first one with it; in plan order with distinct ids (the usual
  // case) that is the step at the same position, and no map is needed.
  let inPlanOrder = order.length === steps.length;
  for (let k = 0; inPlanOrder && k < order.length; k++) inPlanOrder = order[k] === steps[k]!.id;
  // Analysis positions are plan positions then: certainEdges' map of them serves (distinct ids: one entry per step).
  let position: ReadonlyMap<string, number>;
  /** Analysis positions are plan positions: certainEdges' sources per position serve (they are its edges', in their order). */
  let plan = false;
  if (inPlanOrder && planPosition !== undefined && planPosition.size === steps.length) {
    position = planPosition;
    plan = true;
  } else {
    const own = new Map<string, number>();
    for (let k = 0; k < order.length; k++) own.set(order[k]!, k);
    position = own;
    inPlanOrder &&= own.size === steps.length;
  }
  let byId: Map<string, AnalysisStep> | undefined;
  if (!inPlanOrder) {
    byId = new Map();
    for (const step of steps) if (!byId.has(step.id)) byId.set(step.id, step);
  }
  const kinds: AccessKinds = new Map();
  const ids = new StemIds();
  const texts: TextFactsCache = new Map();
  const facts: StepFacts[] = [];
  const known = plan && planPreds !== undefined && planPreds.length === steps.length ? planPreds : undefined;
  const certainPreds: (readonly number[])[] = [];
  // In plan order, whether each step's arguments hold a "{{" is known from certainEdges.
  const templates = byId === undefined && argumentTemplates?.length === steps.length ? argumentTemplates : undefined;
  for (let k = 0; k < order.length; k++) {
    facts.push(factsOf(byId === undefined ? steps[k]! : byId.get(order[k]!)!, kinds, ids, toolInfo, templates === undefined ? undefined : templates[k] === 1, texts));
    certainPreds.push(known === undefined ? NO_PREDS : known[k]!);
  }
  for (let x = 0; known === undefined && x < certain.length; x++) {
    const e = certain[x]!;
    const from = position.get(e.from);
    const to = position.get(e.to);
    if (from !== undefined && to !== undefined && from < to) {
      if (certainPreds[to] === NO_PREDS) certainPreds[to] = [];
      (certainPreds[to] as number[]).push(from);
    }
  }
  return { order, facts, position, steps, certainPreds, toolInfo };
}

/**
 * One bitset row per step: bit i of row j set when step i comes before step j. A row is also
 * implicitly full below its `prefix` (a step that follows every earlier step costs no copy),
 * and zero before its `low` word (rows of independent steps are mostly empty).
 *
 * Rows are built one at a time, in step order, in one full-length row (`row`); `finish(j)`
 * then packs row j's words from its first stored word (below it the row is full through its
 * prefix, or empty) to the word of position j - 1 into `bits`, one row after the other, and
 * only finished rows are read as the earlier row of `addBefore`. The packed rows are mostly
 * a word or two long: an analysis touches a few pages of the buffer rather than all of a
 * triangle of rows (6.4 MB for 10,000 steps, each page of fresh memory costing a fault on
 * its first write). Exported for its test (test/analysis/ancestors.test.ts) only.
 */
export class Ancestors {
  readonly words: number;
  /** The finished rows, packed: word w of row j (w from `start`, see `finish`) at offset[j] + w. */
  private readonly bits: Int32Array;
  private readonly offset: Int32Array;
  /** The row being built (the step read): all its words, zero again once it is packed. */
  private readonly row: Int32Array;
  /** Words of `bits` in use. */
  private used = 0;
  private readonly prefix: Int32Array;
  private readonly low: Int32Array;

  constructor(readonly n: number) {
    this.words = (n + 31) >>> 5;
    this.offset = new Int32Array(n);
    // The packed rows take at most the triangle of full rows: row j holds (j + 31) >>> 5 words.
    let size = 0;
    for (let j = 0; j < n; j++) size += (j + 31) >>> 5;
    this.bits = packedBits(size);
    this.row = new Int32Array(this.words);
    this.prefix = new Int32Array(n);
    this.low = new Int32Array(n).fill(this.words);
  }

  /** Positions below this one all come before step j. */
  prefixOf(j: number): number {
    return this.prefix[j]!;
  }

  /** Whether step i (i < j) comes before step j, the step whose row is being built. */
  has(j: number, i: number): boolean {
    return i < this.prefix[j]! || (this.row[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** Word w (w <= (j - 1) >>> 5) of row j, the row being built. */
  word(j: number, w: number): number {
    const prefix = this.prefix[j]!;
    const start = w << 5;
    if (prefix >= start + 32) return -1;
    const bits = this.row[w]!;
    return prefix > start ? bits | ((1 << (prefix - start)) - 1) : bits;
  }

  /** Step j (the row being built) comes after step i (i < j, a finished row) and everything before i. */
  addBefore(j: number, i: number): void {
    // Fields read once into locals: unoptimized code loads a field anew at every use.
    const bits = this.bits;
    const row = this.row;
    const low = this.low;
    const prefix = Math.max(this.prefix[j]!, this.prefix[i]!);
    this.prefix[j] = prefix;
    const ri = this.offset[i]!;
    const last = i >>> 5;
    // At or past row i's first packed word: prefix >= prefix[i] (see `finish`).
    const first = Math.max(low[i]!, prefix >>> 5);
    // Row i ends at the word of position i - 1.
    const lastOfI = i === 0 ? -1 : (i - 1) >>> 5;
    for (let w = first; w <= lastOfI; w++) row[w]! |= bits[ri + w]!;
    row[last]! |= 1 << (i & 31);
    if (first < low[j]!) low[j] = first;
    if (last < low[j]!) low[j] = last;
  }

  /** Step j comes after every step before it. */
  addAllBefore(j: number): void {
    this.prefix[j] = j;
  }

  /**
   * Row j is complete: packs it, and clears the row being built for step j + 1. Its words
   * from max(low, prefix >>> 5) to (j - 1) >>> 5 are kept: the words before are all zero
   * (below `low`) or all below the prefix (implicitly full), and `addBefore` reads none of them.
   */
  finish(j: number): void {
    const low = this.low[j]!;
    const start = Math.max(low, this.prefix[j]! >>> 5);
    const end = j === 0 ? -1 : (j - 1) >>> 5;
    this.offset[j] = this.used - start;
    if (start <= end) {
      this.bits.set(this.row.subarray(start, end + 1), this.used);
      this.used += end - start + 1;
    }
    // Every word written for row j is between its `low` word and `end`.
    if (low <= end) this.row.fill(0, low, end + 1);
  }
}

/** Rows of this many words at most (a 10,000-step plan's 1.6M) are kept for the next analysis. */
const SPARE_WORDS = 2_000_000;
let spareBits: Int32Array | undefined;

/**
 * A buffer of `size` words for the packed rows, the last analysis's when it is large enough
 * (no zeroing: `finish` writes every word that is read later). A fresh one is mapped lazily, so
 * only the pages the packed rows reach are ever touched. The analysis is synchronous, so one
 * buffer never serves two analyses at once.
 */
function packedBits(size: number): Int32Array {
  if (spareBits !== undefined && spareBits.length >= size) return spareBits;
  const bits = new Int32Array(size);
  if (size <= SPARE_WORDS) spareBits = bits;
  return bits;
}

/** Bits of positions below `j` in word w. */
function below(j: number, w: number): number {
  const first = w << 5;
  if (j >= first + 32) return -1;
  if (j <= first) return 0;
  return (1 << (j - first)) - 1;
}

function runRules(
  steps: readonly AnalysisStep[],
  order: readonly string[],
  certain: readonly Edge[],
  toolInfo?: ToolInfoLookup,
  planPosition?: ReadonlyMap<string, number>,
  argumentTemplates?: Uint8Array,
  planPreds?: readonly (readonly number[])[],
  listImplied = false,
): HeuristicResult {
  const ctx = buildContext(steps, order, certain, toolInfo, planPosition, argumentTemplates, planPreds);
  const n = order.length;
  const edges: AnalyzedEdge[] = [];
  const warnings: string[] = [];
  const ancestors = new Ancestors(n);

  // Evidence of independence: groups (by member), and pair rules for the steps they may judge.
  const groups: Array<IndependenceGroup & { bitset: Int32Array | undefined; nonMembers: number[] | undefined }> = [];
  /** Per position, how many groups hold it (then, summed, where its groups start in `groupList`). */
  const groupStart = new Int32Array(n + 1);
  const pairRules: PairRule[] = [];
  for (let r = 0; r < INDEPENDENCE_RULES.length; r++) {
    const rule = INDEPENDENCE_RULES[r]!;
    const found = rule.groups?.(ctx) ?? NO_INDEPENDENCE;
    for (let x = 0; x < found.length; x++) {
      const group = found[x]!;
      if (group.members.length < 2) continue;
      let bitset: Int32Array | undefined;
      if (group.members.length > BITSET_GROUP) {
        bitset = new Int32Array(ancestors.words);
        for (let y = 0; y < group.members.length; y++) {
          const m = group.members[y]!;
          bitset[m >>> 5]! |= 1 << (m & 31);
        }
      }
      // A group holding most of the plan is scanned through its few non-members instead.
      let nonMembers: number[] | undefined;
      if (bitset !== undefined && group.members.length * 2 > n) {
        nonMembers = [];
        for (let k = 0; k < n; k++) if ((bitset[k >>> 5]! & (1 << (k & 31))) === 0) nonMembers.push(k);
      }
      const entry = { members: group.members, reason: group.reason, bitset, nonMembers };
      groups.push(entry);
      for (let y = 0; y < group.members.length; y++) groupStart[group.members[y]! + 1]!++;
    }
    if (rule.pair && rule.candidates) pairRules.push({ rule: rule.pair, independent: rule.independent, dependent: rule.dependent, candidates: rule.candidates(ctx) });
  }
  // The groups of each position, in group order, as one list (rather than a list per step).
  for (let k = 0; k < n; k++) groupStart[k + 1]! += groupStart[k]!;
  const groupList = new Int32Array(groupStart[n]!);
  const groupFill = groupStart.slice(0, n);
  for (let g = 0; g < groups.length; g++) {
    const members = groups[g]!.members;
    for (let y = 0; y < members.length; y++) groupList[groupFill[members[y]!]!++] = g;
  }
  const pairIndependence: IndependenceEntry[] = [];

  const readers = DEPENDENCE_RULES.map((rule) => rule.start(ctx));
  /** addedTo[i] === j: the edge i -> j exists already. */
  const addedTo = new Int32Array(n).fill(-1);
  const found = new Collector(order, edges, warnings, ancestors, addedTo, listImplied);
  const followsAll: string[] = [];
  const scratch = new Int32Array(ancestors.words);
  /** Per list of a pair rule's `dependent` steps, the index of its next entry (latest first; -1 once done): a buffer. */
  const cursor: number[] = [];
  /** The bitsets of step j's large groups: big[0..bigCount). */
  const big: Int32Array[] = [];
  let bigCount = 0;

  /** Orders i before j for want of evidence of independence, unless a pair rule gives some; whether it did. */
  const consider = (i: number, j: number): boolean => {
    const toId = order[j]!;
    if (pairRules.length > 0) {
      // Beyond the pairs listed, only whether some rule finds the pair independent counts: no reason is built.
      if (pairIndependence.length >= MAX_PAIRS) {
        if (pairIndependent(pairRules, ctx, i, j)) return false;
      } else {
        const why = pairReason(pairRules, ctx, i, j);
        if (why !== undefined) {
          pairIndependence.push({ steps: [order[i]!, toId], reason: why });
          return false;
        }
      }
    }
    addedTo[i] = j;
    edges.push({ from: order[i]!, to: toId, source: 'default', reason: `no evidence that "${toId}" is independent of "${order[i]}": kept in plan order` });
    found.sources.push(i);
    ancestors.addBefore(j, i);
    return true;
  };

  // The step loop's body is a function of its own: called once per step, it is optimized as
  // soon as it is hot, rather than through on-stack replacement of one long loop.
  const readStep = (j: number): void => {
    const toId = order[j]!;
    const preds = ctx.certainPreds[j]!;
    // Index loops in the per-step loop: an iterator can cost an object per loop when unoptimized.
    for (let x = 0; x < preds.length; x++) {
      const p = preds[x]!;
      addedTo[p] = j;
      ancestors.addBefore(j, p);
    }
    found.startStep(j);
    const firstEdge = edges.length;
    for (let r = 0; r < readers.length; r++) readers[r]!(j, found);
    const allReason = found.allReason;

    if (allReason !== undefined) {
      followsAll.push(toId);
      // Every earlier step not yet implied, latest first: each edge implies its source's ancestors.
      // Words wholly below the row's full prefix hold no open position: the scan stops there.
      for (let w = (j - 1) >>> 5; j > 0 && w >= 0 && (w << 5) + 32 > ancestors.prefixOf(j); w--) {
        for (let open = ~ancestors.word(j, w) & below(j, w); open !== 0; open = ~ancestors.word(j, w) & below(j, w)) {
          found.add((w << 5) + 31 - Math.clz32(open), allReason);
        }
      }
      ancestors.addAllBefore(j);
      if (edges.length - firstEdge > 1) sortSegment(edges, firstEdge, found.sources);
      return;
    }

    // The earlier steps with evidence of independence from j: its groups' members. Large
    // groups are read from their bitsets word by word below; small ones are marked in `scratch`.
    const mineFrom = groupStart[j]!;
    const mineTo = groupStart[j + 1]!;
    bigCount = 0;
    let marked = false;
    for (let x = mineFrom; x < mineTo; x++) {
      const group = groups[groupList[x]!]!;
      if (group.bitset !== undefined) big[bigCount++] = group.bitset;
      else {
        const members = group.members;
        for (let y = 0; y < members.length; y++) {
          const m = members[y]!;
          if (m < j) scratch[m >>> 5]! |= 1 << (m & 31);
        }
        marked = true;
      }
    }
    // Default orderings: every earlier step neither implied nor independent, latest first.
    // Once no more independent pairs are listed, a pair rule that finds j independent of every
    // earlier step but a few names those few: only they can be candidates (the others would
    // each be asked, found independent, and change nothing).
    const few = pairIndependence.length >= MAX_PAIRS ? dependentOf(pairRules, ctx, j) : undefined;
    if (few !== undefined) {
      const count = few.length;
      for (let l = 0; l < count; l++) cursor[l] = lastBelow(few[l]!, j);
      for (;;) {
        let i = -1;
        for (let l = 0; l < count; l++) {
          const x = cursor[l]!;
          if (x >= 0 && few[l]![x]! > i) i = few[l]![x]!;
        }
        // Every position below the row's full prefix is implied: none is open there.
        if (i < 0 || i < ancestors.prefixOf(j)) break;
        for (let l = 0; l < count; l++) {
          const list = few[l]!;
          let x = cursor[l]!;
          while (x >= 0 && list[x] === i) x--;
          cursor[l] = x;
        }
        if (ancestors.has(j, i)) continue;
        const w = i >>> 5;
        const bit = 1 << (i & 31);
        let independent = marked && (scratch[w]! & bit) !== 0;
        for (let b = 0; b < bigCount && !independent; b++) independent = (big[b]![w]! & bit) !== 0;
        if (!independent) consider(i, j);
      }
      if (marked) scratch.fill(0);
      if (edges.length - firstEdge > 1) sortSegment(edges, firstEdge, found.sources);
      return;
    }
    // With a group holding most of the plan, only its few non-members can be candidates.
    let sparse: number[] | undefined;
    for (let x = mineFrom; x < mineTo; x++) {
      const outside = groups[groupList[x]!]!.nonMembers;
      if (outside !== undefined && (sparse === undefined || outside.length < sparse.length)) sparse = outside;
    }
    if (sparse !== undefined) {
      let x = sparse.length - 1;
      while (x >= 0 && sparse[x]! >= j) x--;
      for (; x >= 0; x--) {
        const i = sparse[x]!;
        if (ancestors.has(j, i)) continue;
        const w = i >>> 5;
        const bit = 1 << (i & 31);
        let independent = marked && (scratch[w]! & bit) !== 0;
        for (let b = 0; b < bigCount && !independent; b++) independent = (big[b]![w]! & bit) !== 0;
        if (!independent) consider(i, j);
      }
    } else {
      for (let w = (j - 1) >>> 5; j > 0 && w >= 0 && (w << 5) + 32 > ancestors.prefixOf(j); w--) {
        let skipped = 0;
        for (;;) {
          let open = ~ancestors.word(j, w) & below(j, w) & ~skipped;
          if (open === 0) break;
          if (marked) open &= ~scratch[w]!;
          for (let b = 0; b < bigCount && open !== 0; b++) open &= ~big[b]![w]!;
          if (open === 0) break;
          const bit = 31 - Math.clz32(open);
          if (!consider((w << 5) + bit, j)) skipped |= 1 << bit;
        }
      }
    }
    if (marked) scratch.fill(0);
    // The edges into j, in plan order of their sources (they were found latest first).
    if (edges.length - firstEdge > 1) sortSegment(edges, firstEdge, found.sources);
  };
  for (let j = 0; j < n; j++) {
    readStep(j);
    ancestors.finish(j);
  }

  const independence: IndependenceEntry[] = groups.map((g) => ({ steps: g.members.map((m) => order[m]!), reason: g.reason }));
  for (const pair of pairIndependence) independence.push(pair);
  if (pairIndependence.length === MAX_PAIRS) warnings.push(`more than ${MAX_PAIRS} independent pairs of tool calls; only the first ${MAX_PAIRS} are listed in "independence"`);
  return { edges, independence, followsAll, order: [...order], warnings };
}

/** What the dependence rules found for the step being read; one object for the whole analysis. */
class Collector implements DependenceFound {
  j = -1;
  /** The source positions of the edges into step j (edges[firstEdge + x] comes from sources[x]); a new list per step. */
  sources: number[] = [];
  private toId = '';
  allReason: string | undefined;
  /**
   * `allReason !== undefined`, kept as a field rather than a getter: the rules read it for
   * nearly every step, and unoptimized code pays a call for every getter read.
   */
  followsAll = false;
  private readonly seenWarnings = new Set<string>();

  constructor(
    private readonly order: readonly string[],
    private readonly edges: AnalyzedEdge[],
    private readonly warnings: string[],
    private readonly ancestors: Ancestors,
    private readonly addedTo: Int32Array,
    private readonly listImplied: boolean,
  ) {}

  startStep(j: number): void {
    this.j = j;
    this.toId = this.order[j]!;
    this.allReason = undefined;
    this.followsAll = false;
    // A new list: emptying one (`length = 0`) frees its storage, and refilling it costs more.
    this.sources = [];
  }

  add(from: number, reason: string): void {
    if (from < 0 || from >= this.j || this.follows(from)) return;
    this.addedTo[from] = this.j;
    this.edges.push({ from: this.order[from]!, to: this.toId, source: 'heuristic', reason });
    this.sources.push(from);
    this.ancestors.addBefore(this.j, from);
  }

  follows(from: number): boolean {
    return this.addedTo[from] === this.j || (!this.listImplied && this.ancestors.has(this.j, from));
  }

  followedBelow(): number {
    return this.listImplied ? 0 : this.ancestors.prefixOf(this.j);
  }

  all(reason: string): void {
    this.allReason ??= reason;
    this.followsAll = true;
  }

  warn(message: string): void {
    if (this.seenWarnings.has(message)) return;
    this.seenWarnings.add(message);
    this.warnings.push(message);
  }

}

/**
 * Sorts edges[from..] (the edges into one step) by the position of their sources, `keys`
 * (keys[x] is the source of edges[from + x]; sorted with them). The sources are distinct, so
 * any sort gives the one order; short segments are insertion-sorted.
 */
function sortSegment(edges: AnalyzedEdge[], from: number, keys: number[]): void {
  if (edges.length - from > 16) {
    const segment = edges.slice(from);
    const at: number[] = [];
    for (let x = 0; x < segment.length; x++) at.push(x);
    at.sort((a, b) => keys[a]! - keys[b]!);
    for (let x = 0; x < segment.length; x++) edges[from + x] = segment[at[x]!]!;
    return;
  }
  for (let x = 1; x < keys.length; x++) {
    const key = keys[x]!;
    const edge = edges[from + x]!;
    let y = x - 1;
    for (; y >= 0 && keys[y]! > key; y--) {
      keys[y + 1] = keys[y]!;
      edges[from + y + 1] = edges[from + y]!;
    }
    keys[y + 1] = key;
    edges[from + y + 1] = edge;
  }
}

/** An independence rule that judges pairs, with the steps it may judge. */
interface PairRule {
  rule: (ctx: RuleContext, i: number, j: number) => string | undefined;
  independent: ((ctx: RuleContext, i: number, j: number) => boolean) | undefined;
  dependent: ((ctx: RuleContext, j: number) => readonly (readonly number[])[]) | undefined;
  candidates: boolean[];
}

/**
 * The `dependent` lists of the first pair rule judging step j that gives them: every earlier
 * step outside them is independent of j by that rule. Undefined when no such rule judges j.
 */
function dependentOf(rules: readonly PairRule[], ctx: RuleContext, j: number): readonly (readonly number[])[] | undefined {
  for (let r = 0; r < rules.length; r++) {
    const { dependent, candidates } = rules[r]!;
    if (dependent !== undefined && candidates[j]) return dependent(ctx, j);
  }
  return undefined;
}

/** The index of the last entry below j of an ascending list, or -1. */
function lastBelow(list: readonly number[], j: number): number {
  let lo = 0;
  let hi = list.length;
  // The first index whose entry is >= j.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < j) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Whether some pair rule finds steps i < j independent (`pairReason(...) !== undefined`, without building reasons where a rule can tell). */
function pairIndependent(rules: readonly PairRule[], ctx: RuleContext, i: number, j: number): boolean {
  for (let r = 0; r < rules.length; r++) {
    const { rule, independent, candidates } = rules[r]!;
    if (candidates[j] && (independent === undefined ? rule(ctx, i, j) !== undefined : independent(ctx, i, j))) return true;
  }
  return false;
}

function pairReason(rules: readonly PairRule[], ctx: RuleContext, i: number, j: number): string | undefined {
  for (let r = 0; r < rules.length; r++) {
    const { rule, candidates } = rules[r]!;
    if (candidates[j]) {
      const why = rule(ctx, i, j);
      if (why !== undefined) return why;
    }
  }
  return undefined;
}
