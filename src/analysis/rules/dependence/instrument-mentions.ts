/**
 * A step whose work names the tool an earlier step's instrument wrapper called ("Call SearchMovie
 * to find ...", then "... the movie SearchMovie found") depends on it: a named tool is a mention
 * of what it did. The wrapper itself is not the step's text (step-facts strips it), so two steps
 * calling the same tool are not ordered by this rule.
 */
import type { DependenceRule } from '../rule.js';

/** `name` in `lower` (both lowercased), not inside a longer word or name. */
function namedIn(lower: string, name: string): boolean {
  for (let at = lower.indexOf(name); at !== -1; at = lower.indexOf(name, at + 1)) {
    const before = at === 0 ? '' : lower.charAt(at - 1);
    const after = lower.charAt(at + name.length);
    if (!/[a-z0-9_]/.test(before) && !/[a-z0-9_]/.test(after)) return true;
  }
  return false;
}

export const instrumentMentions: DependenceRule = {
  name: 'instrument-mentions',
  start: (ctx) => {
    const named: { at: number; name: string }[] = [];
    for (let k = 0; k < ctx.facts.length; k++) {
      const name = ctx.facts[k]!.instrument?.toLowerCase();
      if (name !== undefined && name.length >= 3) named.push({ at: k, name });
    }
    if (named.length === 0) return () => {};
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.text === '' || found.followsAll) return;
      for (const { at, name } of named) {
        if (at >= k) break;
        if (!found.follows(at) && namedIn(f.lower, name)) found.add(at, `"${ctx.order[k]}" names ${ctx.facts[at]!.instrument}, the tool "${ctx.order[at]}" calls`);
      }
    };
  },
};
