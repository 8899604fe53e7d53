/**
 * "<node-0>.text", "a story about <node-1>.text": a planner's tag for the output of an earlier
 * node (m&m's plans, whose nodes count from 0: "tag '<node-j>.text' (start from 0) to refer to
 * the text output of the j-th node", RAIVNLab/mnms mnms/prompt.py), in a tool call's arguments
 * or in a step's text. The step depends on the node it tags. Read as a literal, such an
 * argument made a read-only call look as if it had all its inputs.
 */
import type { AnalysisStep } from '../../schema.js';
import type { DependenceRule } from '../rule.js';

const NODE_TAG = /<node-(\d+)>/g;
const TAG_START = '<node-';
/** Nesting read in arguments: tags sit in flat values; a deeper value is not searched. */
const MAX_DEPTH = 4;

/** The numbers `text` tags, added to `into` (made on the first tag: most steps have none). */
function tagsIn(text: string, into: Set<number> | undefined): Set<number> | undefined {
  if (!text.includes(TAG_START)) return into;
  NODE_TAG.lastIndex = 0;
  for (let m = NODE_TAG.exec(text); m !== null; m = NODE_TAG.exec(text)) (into ??= new Set()).add(Number(m[1]));
  return into;
}

function tagsInValue(value: unknown, into: Set<number> | undefined, depth: number): Set<number> | undefined {
  if (typeof value === 'string') return tagsIn(value, into);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return into;
  if (Array.isArray(value)) {
    for (let x = 0; x < value.length; x++) into = tagsInValue(value[x], into, depth + 1);
    return into;
  }
  for (const key in value) into = tagsInValue((value as Record<string, unknown>)[key], into, depth + 1);
  return into;
}

/** The numbers a step tags as `<node-N>`, in its title, description and arguments. */
export function nodeTags(step: AnalysisStep): Set<number> | undefined {
  let found: Set<number> | undefined;
  if (step.title !== undefined) found = tagsIn(step.title, found);
  if (step.description !== undefined) found = tagsIn(step.description, found);
  if (step.arguments !== undefined) found = tagsInValue(step.arguments, found, 0);
  return found;
}

export const nodeReferences: DependenceRule = {
  name: 'node-references',
  start: (ctx) => {
    let byId: Map<string, AnalysisStep> | undefined;
    return (k, found) => {
      if (found.followsAll) return;
      const tags = nodeTags(ctx.facts[k]!.step);
      if (tags === undefined) return;
      byId ??= new Map(ctx.steps.map((s) => [s.id, s]));
      for (const n of tags) {
        // The node with that id; else, nodes counting from 0, the (n+1)-th step as given. Both
        // when they differ (ids counting from 1): an extra ordering only costs time.
        const targets = new Set([byId.get(`${n}`), byId.get(`node-${n}`), byId.get(`node${n}`), ctx.steps[n]]);
        for (const target of targets) {
          const at = target === undefined ? undefined : ctx.position.get(target.id);
          if (at !== undefined && at < k) found.add(at, `"${ctx.order[k]}" reads the output of "${ctx.order[at]}" (<node-${n}>)`);
        }
      }
    };
  },
};
