/**
 * The two kinds of rule the analysis composes (src/analysis/heuristic.ts runs them).
 * Two steps are ordered in plan order unless an independence rule gives evidence that they
 * are independent and no dependence rule gives evidence that one needs the other.
 * - A dependence rule reads each step in order and names the earlier steps it depends on
 *   (or all of them), each with a reason. Its evidence beats any evidence of independence.
 * - An independence rule names groups of steps that are independent of each other, or
 *   judges a pair, each with a reason.
 * Rules see positions in a topological order of the certain edges (plan order when the
 * certain edges point backward, as they usually do). Pure.
 */
import type { StepFacts } from '../step-facts.js';
import type { AnalysisStep, ToolInfoLookup } from '../schema.js';

export interface RuleContext {
  /** Step ids in analysis order. */
  order: readonly string[];
  facts: readonly StepFacts[];
  /** Position in `order` by id. */
  position: ReadonlyMap<string, number>;
  /** The steps as given (plan order), for "step N" lookups. */
  steps: readonly AnalysisStep[];
  /** Earlier positions each step follows through certain edges. */
  certainPreds: readonly (readonly number[])[];
  toolInfo?: ToolInfoLookup | undefined;
}

/** What a dependence rule found for the step it reads. */
export interface DependenceFound {
  /** The step depends on the earlier step at `from`. */
  add(from: number, reason: string): void;
  /** The step depends on every earlier step. */
  all(reason: string): void;
  /**
   * Whether `add(from, ...)` would list nothing new: the step has an edge from `from` already,
   * or (unless every evidence edge is listed) follows it through the edges found so far. A rule
   * may skip its work for such a step (0 <= from < the step read).
   */
  follows(from: number): boolean;
  /**
   * A position below which `follows` holds for every earlier step (0 when none is known): a rule
   * reading earlier steps latest first may stop there. Grows as edges are added.
   */
  followedBelow(): number;
  warn(message: string): void;
  /** Whether the step already depends on every earlier step (a rule may skip its work then). */
  readonly followsAll: boolean;
}

export interface DependenceRule {
  name: string;
  /** Called once per analysis; the returned function reads the steps in order, each once. */
  start(ctx: RuleContext): (k: number, found: DependenceFound) => void;
}

export interface IndependenceGroup {
  /** Positions, ascending. */
  members: number[];
  reason: string;
}

export interface IndependenceRule {
  name: string;
  /** Groups whose members are independent of each other. */
  groups?(ctx: RuleContext): IndependenceGroup[];
  /** Steps this rule may judge in pairs with earlier steps (`pair`); it is never asked about others. */
  candidates?(ctx: RuleContext): boolean[];
  /** Why the steps at positions i < j are independent, or undefined. */
  pair?(ctx: RuleContext, i: number, j: number): string | undefined;
  /**
   * Whether `pair(ctx, i, j)` gives a reason, without building it: asked instead of `pair` once
   * the analysis lists no more independent pairs (a rule whose reasons are costly may give it).
   */
  independent?(ctx: RuleContext, i: number, j: number): boolean;
  /**
   * The earlier steps `pair(ctx, i, j)` gives no reason for, as lists of ascending positions
   * (entries at or past j are ignored, a position may be in several lists): for every other
   * i < j it gives one. Once the analysis lists no more independent pairs, it reads only these
   * steps rather than asking about each earlier step (a rule that finds a step independent of
   * most earlier ones may give it; asked for candidates only).
   */
  dependent?(ctx: RuleContext, j: number): readonly (readonly number[])[];
}
