/**
 * Arrow notation for data flow, as people jot pipelines: a step that ends in an arrow and a name
 * ("scrape job postings -> postings.json", "query the CRM for churned accounts => list") names its
 * output; a later step that starts from that name ("postings.json -> dedupe", "list => enrich with
 * firmographics"), puts it before an arrow, or names it when it is a file ("plot skills.csv")
 * depends on the step that made it. The name is read as written, case-insensitively; a plain word
 * ("list") counts only at the later step's start or before its arrow. Pure.
 */
import type { DependenceRule } from '../rule.js';

/** A trailing "-> name", "=> name", "→ name", "⇒ name", "--> name" (the name: up to three words or a file). */
const TRAILING_OUTPUT = /(?:-{1,2}>|=>|\u2192|\u21d2)\s*([A-Za-z0-9_][\w./-]*(?:\s+[A-Za-z0-9_][\w./-]*){0,2})\s*[.;]?\s*$/;
const ARROW = /-{1,2}>|=>|\u2192|\u21d2/;
const FILE = /\.[A-Za-z0-9]{1,5}$/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const arrowOutputs: DependenceRule = {
  name: 'arrow-outputs',
  start: (ctx) => {
    /** Outputs named so far: the name's test and the step that named it. */
    const outputs: Array<{ name: string; at: number; use: RegExp }> = [];
    return (k, found) => {
      const text = ctx.facts[k]!.text;
      if (!ARROW.test(text)) return;
      const lower = text.toLowerCase();
      if (!found.followsAll) {
        for (let x = 0; x < outputs.length; x++) {
          const o = outputs[x]!;
          if (!found.follows(o.at) && o.use.test(lower)) found.add(o.at, `"${ctx.order[k]}" starts from "${o.name}", the output "${ctx.order[o.at]}" names with an arrow`);
        }
      }
      const m = TRAILING_OUTPUT.exec(text);
      if (m === null) return;
      const name = m[1]!.toLowerCase();
      const word = escape(name);
      // A file anywhere; a plain name at the start or just before an arrow.
      const use = FILE.test(name)
        ? new RegExp(`(?<![\\w./-])${word}(?![\\w/-])`)
        : new RegExp(`^\\s*${word}(?![\\w./-])|(?<![\\w./-])${word}\\s*(?:-{1,2}>|=>|\\u2192|\\u21d2)`);
      outputs.push({ name, at: k, use });
    };
  },
};
