/**
 * A step that repeats an earlier check to see what the steps since have changed — "Re-scan to
 * confirm port 23 is closed", "Rerun the benchmark", "Retest on staging", "Check the logs again" —
 * depends on the steps between the check it repeats and itself (the fix, the change it verifies),
 * and on that check: a re-verb or "again" names no earlier output, and a re-scan read like a new scan
 * looked as if it gathered its own input. The repeated check is the latest earlier step whose text
 * holds the verb without its "re-" ("scan" for "re-scan"); when none does, the step before. Not for a
 * step that declares its data with needs/provides: it says what it reads. Pure.
 */
import type { DependenceRule } from '../rule.js';

/** Checking verbs that a "re-" repeats. */
const CHECKS = 'scan|run|test|check|measure|verify|validate|benchmark|profile|query|fetch|ping|inspect|lint|evaluate|examine|audit|crawl|probe|poll|try|assess|review|count|compute|calculate';
const RE_VERB = new RegExp(`(?:^|[\\s(])re-?(${CHECKS})(?:s|es|ed|ing)?\\b`, 'i');
/** "... again": a step that does what it did before once more. */
const AGAIN = /\bagain\b|\bonce more\b/i;

export const repeatCheck: DependenceRule = {
  name: 'repeat-check',
  start: (ctx) => (k, found) => {
    if (k === 0 || found.followsAll) return;
    const f = ctx.facts[k]!;
    // A step that declares its data (needs/provides) says what it reads.
    if (f.declaresData) return;
    const re = RE_VERB.exec(f.headline);
    if (re === null && !AGAIN.test(f.headline)) return;
    let from = k - 1;
    if (re !== null) {
      const verb = new RegExp(`\\b${re[1]!.toLowerCase()}`);
      for (let j = k - 1; j >= 0; j--) {
        if (verb.test(ctx.facts[j]!.lower)) {
          from = j;
          break;
        }
      }
    }
    const why = re !== null ? `re-${re[1]!.toLowerCase()}` : 'again';
    for (let j = from; j < k; j++) found.add(j, `"${ctx.order[k]}" repeats a check (${why}) after "${ctx.order[j]}"`);
  },
};
