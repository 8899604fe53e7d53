/**
 * Tool calls whose inputs are all in their arguments (literals and {{references}}) are
 * independent of each other when both only read (readOnlyHint, or a read-like name), or
 * when they touch different servers (at most one writing) or different resources, and neither
 * call's arguments name what the other touches. A call with no arguments counts
 * only when its tool is known to read ("get_env", readOnlyHint), not for a bare "join".
 */
import { argumentsMention, runsCode } from '../../heuristic-tools.js';
import type { StepFacts } from '../../step-facts.js';
import type { IndependenceRule, RuleContext } from '../rule.js';

/** Object.keys(value).length > 0, without the list. */
function hasOwnKey(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

/** Inputs fully stated by the arguments. */
export function statesAllInputs(f: StepFacts): boolean {
  if (!f.tool) return false;
  const args = f.step.arguments;
  if (args !== undefined && hasOwnKey(args)) return true;
  return f.tool.kind === 'read' && !f.tool.why.startsWith('no write signal');
}

/** Words in a string argument from which it reads as prose rather than a name or a value. */
const PROSE_WORDS = 12;
const PROSE = new RegExp(String.raw`^\s*(?:\S+\s+){${PROSE_WORDS - 1}}\S`);

/** Whether a string among the arguments (at any depth) is prose: ${PROSE_WORDS} words or more. */
export function carriesProse(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return PROSE.test(value);
  if (depth > 8 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (carriesProse(value[i], depth + 1)) return true;
    return false;
  }
  for (const key in value) if (Object.hasOwn(value, key) && carriesProse((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

const cache = new WeakMap<RuleContext, boolean[]>();

/** `statesAllInputs` of every step, computed once per analysis: `pair` asks it of many earlier steps. */
function statedInputs(ctx: RuleContext): boolean[] {
  let known = cache.get(ctx);
  if (!known) {
    known = [];
    for (let k = 0; k < ctx.facts.length; k++) known.push(statesAllInputs(ctx.facts[k]!));
    cache.set(ctx, known);
  }
  return known;
}

export const toolFacts: IndependenceRule = {
  name: 'tool-facts',
  groups: (ctx) => {
    const members: number[] = [];
    const stated = statedInputs(ctx);
    for (let k = 0; k < ctx.order.length; k++) if (stated[k] && ctx.facts[k]!.tool!.kind === 'read') members.push(k);
    return [{ members, reason: 'tool calls that only read, with all their inputs in their arguments' }];
  },
  // A copy: the heuristic owns the candidates it is given.
  candidates: (ctx) => statedInputs(ctx).slice(),
  pair: (ctx, i, j) => {
    if (!statedInputs(ctx)[i]) return undefined;
    const a = ctx.facts[i]!.tool!;
    const b = ctx.facts[j]!.tool!;
    if (a.kind === 'read' && b.kind === 'read') return undefined; // the group covers these
    // An effect passes between servers: a file written then run, a branch pushed then a pull
    // request opened for it, an image pushed then deployed. Two writes are never independent for
    // being on different servers, and a write and a read only when neither names what the other touches.
    const fi = ctx.facts[i]!.step;
    const fj = ctx.facts[j]!.step;
    if (a.kind === 'write' && b.kind === 'write' && a.server !== b.server) return undefined;
    // A write that runs a command, a script or a statement may touch anything another server reads.
    if ((a.kind === 'write' && runsCode(fi)) || (b.kind === 'write' && runsCode(fj))) return undefined;
    if (argumentsMention(fj, a.resources) || argumentsMention(fi, b.resources)) return undefined;
    // A later write that carries prose (`text: "In 1956 France, a priest ..."`) may be writing an
    // earlier call's answer in as a literal: its inputs are not all in its arguments.
    if (a.kind === 'read' && b.kind === 'write' && carriesProse(fj.arguments)) return undefined;
    if (a.server !== undefined && b.server !== undefined && a.server !== b.server) {
      return `tool calls on different servers ("${a.server}", "${b.server}"), at most one of them writing, with all their inputs in their arguments`;
    }
    if (a.resources.length === 0 || b.resources.length === 0) return undefined;
    if (a.kind === 'write' && b.kind === 'write' && a.server !== undefined && a.server === b.server) return undefined;
    const overlap = a.resources.some((x) => b.resources.some((y) => x === y || x.startsWith(`${y.replace(/\/$/, '')}/`) || y.startsWith(`${x.replace(/\/$/, '')}/`)));
    return overlap ? undefined : `tool calls on different resources (${a.resources[0]}, ${b.resources[0]}) with all their inputs in their arguments`;
  },
};
