/**
 * A step whose text names a range of earlier steps by their ids ("star counts from call_p1..call_p3",
 * "results of t2-t5", "tasks s1 to s4", "toolu_01 through toolu_03") depends on every step the range
 * covers in plan order, not only on its two ends: tool-call traces and plans with ids of letters and
 * digits write ranges so, as plans with numbers write "steps 1-3" (step-numbers). Both ends must be
 * ids of earlier steps that hold a letter and a digit (a bare "1-3" is step-numbers'), the first
 * before the second. Pure.
 */
import type { DependenceRule } from '../rule.js';

/** Two id-like tokens joined by "..", "...", "-", "–", "—", " to ", " through ", " thru ". */
const RANGE = /(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*\d[A-Za-z0-9_]*)\s*(?:\.{2,3}|[-\u2013\u2014]|\s(?:to|through|thru)\s)\s*([A-Za-z][A-Za-z0-9_]*\d[A-Za-z0-9_]*)(?![A-Za-z0-9_])/g;
/** A cheap test before the expression: a digit and a range mark. */
const MAYBE = /\d\s*(?:\.\.|[-\u2013\u2014]|\s(?:to|through|thru)\s)/;

export const idRanges: DependenceRule = {
  name: 'id-ranges',
  start: (ctx) => {
    /** Plan index by id. */
    let planIndex: Map<string, number> | undefined;
    return (k, found) => {
      if (found.followsAll || k < 2) return;
      const text = ctx.facts[k]!.text;
      if (!MAYBE.test(text)) return;
      RANGE.lastIndex = 0;
      for (let m = RANGE.exec(text); m !== null; m = RANGE.exec(text)) {
        planIndex ??= new Map(ctx.steps.map((s, i) => [s.id, i]));
        const a = planIndex.get(m[1]!);
        const b = planIndex.get(m[2]!);
        if (a === undefined || b === undefined || a >= b) continue;
        for (let i = a; i <= b; i++) {
          const at = ctx.position.get(ctx.steps[i]!.id)!;
          if (at < k) found.add(at, `"${ctx.order[k]}" names the range ${m[1]}..${m[2]}, which holds "${ctx.order[at]}"`);
        }
        // Keep scanning from the second end: "a1..a3 and b1..b3".
        RANGE.lastIndex = m.index + m[0].length - m[2]!.length;
      }
    };
  },
};
