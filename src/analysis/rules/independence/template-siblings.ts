/**
 * Steps built from one template that differ only in their subject: "Research Paris",
 * "Research London"; "Translate the notes into French", "... into Spanish". Each step is
 * compared with the last few earlier steps that start with the same verb; the part that
 * differs must be one span of at most three words on each side, hold a name or a number
 * ("Paris", "French", "2023"), and name no earlier output ("it", "the result", ...).
 * Computations ("Calculate ...", "Determine ...") are never siblings: they build on each other.
 */
import type { IndependenceGroup, IndependenceRule, RuleContext } from '../rule.js';

const WINDOW = 8;
/** Computations build on each other (word problems): "Calculate the cost of X", "... of Y" are not siblings. */
const COMPUTING_VERBS = new Set(['calculat', 'comput', 'determin', 'solv', 'deriv', 'estimat', 'count', 'add', 'subtract', 'multiply', 'divid']);
const MAX_SPAN = 3;
const MAX_WORDS = 24;
const POINTERS = new Set('it its them they their this that these those result results output outputs above previous same former latter'.split(' '));
const WORD = /[A-Za-z0-9]+(?:'[A-Za-z]+)?/g;

interface Template {
  key: string;
  /** The template as written, the subject as "{…}". */
  shown: string;
  subjects: [string, string];
}

/** Whether a span holds a capitalized word or a number. */
function namesSomething(span: readonly string[]): boolean {
  return span.some((w) => /^[A-Z0-9]/.test(w));
}

function tokens(text: string): string[] {
  return (text.match(WORD) ?? []).slice(0, MAX_WORDS);
}

/** The template two headlines share, if they differ in exactly one short span. */
export function sharedTemplate(a: string, b: string): Template | undefined {
  const ta = tokens(a);
  const tb = tokens(b);
  const la = ta.map((t) => t.toLowerCase());
  const lb = tb.map((t) => t.toLowerCase());
  let p = 0;
  while (p < la.length && p < lb.length && la[p] === lb[p]) p++;
  let s = 0;
  while (s < la.length - p && s < lb.length - p && la[la.length - 1 - s] === lb[lb.length - 1 - s]) s++;
  const ma = la.slice(p, la.length - s);
  const mb = lb.slice(p, lb.length - s);
  if (p < 1 || ma.length === 0 || mb.length === 0 || ma.length > MAX_SPAN || mb.length > MAX_SPAN) return undefined;
  if ([...ma, ...mb].some((w) => POINTERS.has(w))) return undefined;
  // The subject is a name, a number or a quoted literal on both sides ("Paris", "French", "2023"),
  // not an aspect of one shared subject ("film information" / "film criticism").
  if (!namesSomething(ta.slice(p, ta.length - s)) || !namesSomething(tb.slice(p, tb.length - s))) return undefined;
  const prefix = ta.slice(0, p).join(' ');
  const suffix = ta.slice(ta.length - s).join(' ');
  return {
    key: `${la.slice(0, p).join(' ')}\u0000${la.slice(la.length - s).join(' ')}`,
    shown: [prefix, '{…}', suffix].filter((x) => x !== '').join(' '),
    subjects: [ta.slice(p, ta.length - s).join(' '), tb.slice(p, tb.length - s).join(' ')],
  };
}

export interface TemplateGroups {
  groups: IndependenceGroup[];
  /** Group index per position, -1 for none. */
  groupOf: Int32Array;
}

const cache = new WeakMap<RuleContext, TemplateGroups>();

/** The template groups of a plan, computed once per analysis (the shared-words rule reads them too). */
export function templateGroups(ctx: RuleContext): TemplateGroups {
  const known = cache.get(ctx);
  if (known) return known;
  const n = ctx.order.length;
  const groupOf = new Int32Array(n).fill(-1);
  const found: Array<{ key: string; shown: string; members: number[]; subjects: string[] }> = [];
  const byVerb = new Map<string, number[]>();
  for (let k = 0; k < n; k++) {
    const f = ctx.facts[k]!;
    if (f.verb === undefined || f.headline === '' || COMPUTING_VERBS.has(f.verb)) continue;
    let earlier = byVerb.get(f.verb);
    if (!earlier) byVerb.set(f.verb, (earlier = []));
    for (let c = earlier.length - 1; c >= Math.max(0, earlier.length - WINDOW); c--) {
      const e = earlier[c]!;
      const template = sharedTemplate(ctx.facts[e]!.headline, f.headline);
      if (!template) continue;
      const g = groupOf[e]!;
      if (g === -1) {
        groupOf[e] = groupOf[k] = found.length;
        found.push({ key: template.key, shown: template.shown, members: [e, k], subjects: [...template.subjects] });
        break;
      }
      if (found[g]!.key === template.key) {
        groupOf[k] = g;
        found[g]!.members.push(k);
        found[g]!.subjects.push(template.subjects[1]);
        break;
      }
    }
    earlier.push(k);
  }
  const groups = found.map((g) => {
    const shown = g.subjects.slice(0, 5).join(', ') + (g.subjects.length > 5 ? ', …' : '');
    return { members: g.members, reason: `the same template "${g.shown}" with different subjects (${shown})` };
  });
  const result = { groups, groupOf };
  cache.set(ctx, result);
  return result;
}

export const templateSiblings: IndependenceRule = {
  name: 'template-siblings',
  groups: (ctx) => templateGroups(ctx).groups,
};
