/**
 * A step or sentence that opens on the outcome of the step before it: "Otherwise, deploy to
 * production", "Else ...", "If not, ...", "If so, ...", "If that fails, ...", "If it succeeds,
 * ...", "If successful, ...", "On failure, ...", "In that case, ...", "Failing that, ...". It is
 * the other branch of (or the sequel to) the previous step's condition, so it follows that step,
 * whatever its subject: "Otherwise, deploy 3.2 to production" after "If the smoke tests fail,
 * roll back staging" names the staging deploy's output and not the check, and was left beside it.
 */
import type { DependenceRule } from '../rule.js';

const ON_PREVIOUS_OUTCOME = new RegExp(
  String.raw`(?:^|[.!?;:]\s+|\n\s*)(?:[-*]\s+)?(?:and\s+|but\s+)?(` +
    [
      'otherwise',
      'else',
      'or else',
      'if not',
      'if so',
      'if yes',
      'if no',
      'failing (?:that|this)',
      'in (?:that|this|which) case',
      'in case of (?:failure|success|an error|errors)',
      'on (?:failure|success|error)',
      'if (?:successful|unsuccessful|that works|this works|it works)',
      "if (?:that|this|it|they|the (?:previous|last) step|the above|the call|the request|the command|the check) (?:fails|failed|succeeds|succeeded|passes|passed|works|worked|errors|times out|timed out|returns nothing|is empty|does not work|doesn't work|did not work|didn't work|is successful|was successful|is not found|was not found)",
    ].join('|') +
    String.raw`)\b`,
  'i',
);

/** Every match holds one of these words (lowercase): a step without any is skipped. */
const LITERALS = ['otherwise', 'else', 'if ', 'failing', 'in that', 'in this', 'in which', 'in case', 'on failure', 'on success', 'on error'];

export const conditionalBranch: DependenceRule = {
  name: 'conditional-branch',
  start: (ctx) => (k, found) => {
    if (k === 0 || found.followsAll) return;
    const { text, lower } = ctx.facts[k]!;
    if (text === '' || !LITERALS.some((w) => lower.includes(w))) return;
    const m = ON_PREVIOUS_OUTCOME.exec(text);
    if (m !== null) found.add(k - 1, `"${ctx.order[k]}" opens on the outcome of "${ctx.order[k - 1]}" ("${m[1]!.toLowerCase()}")`);
  },
};
