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
    // The boundaries of `nameWords`: "amazon" is not named in "amazon.com" nor in "my-amazon", but is in "Amazon.".
    const before = at === 0 ? '' : lower.charAt(at - 1);
    const end = at + name.length;
    if (/[a-z0-9_\-./]/.test(before) || /[a-z0-9_]/.test(lower.charAt(end))) continue;
    if (/[-./][a-z0-9_]/.test(lower.slice(end, end + 2))) continue;
    return true;
  }
  return false;
}

/** The words of a lowercased text as a tool's name is written: "image-to-text", "tool_2", "api.v2" (trailing ".", "-", "/" dropped). */
const NAME_WORD = /[a-z0-9_][a-z0-9_\-./]*/g;

function nameWords(lower: string): string[] {
  const out: string[] = [];
  NAME_WORD.lastIndex = 0;
  for (let m = NAME_WORD.exec(lower); m !== null; m = NAME_WORD.exec(lower)) {
    const w = m[0];
    const last = w.charCodeAt(w.length - 1);
    out.push(last === 45 || last === 46 || last === 47 ? w.replace(/[-./]+$/, '') : w);
  }
  return out;
}

/** Up to this many distinct first words, the rule looks each up in every text. */
const FEW_NAMES = 16;

export const instrumentMentions: DependenceRule = {
  name: 'instrument-mentions',
  start: (ctx) => {
    // Positions of the steps calling each tool, ascending, by the first word of its lowercased name.
    const byFirstWord = new Map<string, { name: string; at: number[] }[]>();
    for (let k = 0; k < ctx.facts.length; k++) {
      const name = ctx.facts[k]!.instrument?.toLowerCase();
      if (name === undefined || name.length < 3) continue;
      const first = nameWords(name)[0];
      if (first === undefined) continue;
      let named = byFirstWord.get(first);
      if (named === undefined) byFirstWord.set(first, (named = []));
      let entry = named.find((e) => e.name === name);
      if (entry === undefined) named.push((entry = { name, at: [] }));
      entry.at.push(k);
    }
    if (byFirstWord.size === 0) return () => {};
    // Few names: look each up in the text (indexOf); many: read the text's words once.
    const firstWords = byFirstWord.size <= FEW_NAMES ? [...byFirstWord.keys()] : undefined;
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.text === '' || found.followsAll) return;
      const seen = new Set<string>();
      const candidates = firstWords === undefined ? nameWords(f.lower) : firstWords.filter((w) => f.lower.includes(w));
      for (const w of candidates) {
        const named = byFirstWord.get(w);
        if (named === undefined || seen.has(w)) continue;
        seen.add(w);
        for (const { name, at } of named) {
          if (at[0]! >= k || !namedIn(f.lower, name)) continue;
          // Every earlier step calling the tool, latest first, down to the steps it already follows.
          const below = found.followedBelow();
          for (let x = at.length - 1; x >= 0; x--) {
            const j = at[x]!;
            if (j >= k) continue;
            if (j < below) break;
            if (!found.follows(j)) found.add(j, `"${ctx.order[k]}" names ${ctx.facts[j]!.instrument}, the tool "${ctx.order[j]}" calls`);
          }
        }
      }
    };
  },
};
