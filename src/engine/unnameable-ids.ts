/**
 * Step ids that a `{{step.path}}` reference cannot name: the reference grammar ends a step id
 * at `.`, `[`, `]`, whitespace, braces and quotes (references.ts STEP_ID_HEAD), so a step
 * with such an id ("fetch data", "v1.2") can be depended on (`depends_on` takes any id) but
 * its result cannot be used in arguments. A reference that was meant for one — its text
 * starts with the id — gets an error naming that step and why, not "unknown step". Pure.
 */
import { isNameableStepId } from './references.js';

/** The plan's ids a reference cannot name, each with its first step index (undefined when none: the usual plan). */
export function unnameableIds(firstIndex: ReadonlyMap<string, number>): Map<string, number> | undefined {
  let found: Map<string, number> | undefined;
  for (const [id, index] of firstIndex) if (!isNameableStepId(id)) (found ??= new Map()).set(id, index);
  return found;
}

/** The unnameable id that reference `raw` (`{{...}}`, braces included) was written for, the longest such, with its index. */
export function unnameableIdOf(raw: string, unnameable: ReadonlyMap<string, number>): { id: string; index: number } | undefined {
  const expression = (raw.endsWith('}}') ? raw.slice(2, -2) : raw.slice(2)).trim();
  let best: { id: string; index: number } | undefined;
  for (const [id, index] of unnameable) {
    if (!expression.startsWith(id)) continue;
    const next = expression.charAt(id.length);
    if (next !== '' && next !== '.' && next !== '[') continue;
    if (best === undefined || id.length > best.id.length) best = { id, index };
  }
  return best;
}

/** The error for a reference meant for an unnameable id. */
export function unnameableReferenceMessage(raw: string, id: string, index: number): string {
  const found = /[.[\]\s{}"']/.exec(id)![0];
  const shown = /\s/.test(found) ? 'a space' : JSON.stringify(found);
  return (
    `Expected ${raw} to refer to a step in this plan, but the id of steps[${index}], "${id}", holds ${shown}, ` +
    `which a {{...}} reference cannot name (a reference's step id ends at ".", "[", "]", spaces, braces and quotes). ` +
    `depends_on takes any id; to use that step's result in arguments, give it an id of letters, digits, "_" or "-"`
  );
}
