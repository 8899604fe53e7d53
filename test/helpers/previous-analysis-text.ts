/** Text helpers of the analysis as they were before the speed work of session 4, to test the new ones against (test/analysis/fast-paths.test.ts). */
import { RELATED_PREFIX, isAlphabetic } from '../../src/analysis/heuristic-text.js';
import { NUMBERING } from '../../src/analysis/step-facts.js';

export function previousRelatedStems(a: string, b: string): boolean {
  if (a === b) return true;
  if (!isAlphabetic(a) || !isAlphabetic(b)) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 4 && long.startsWith(short)) return true;
  return short.length >= RELATED_PREFIX && long.startsWith(short.slice(0, RELATED_PREFIX));
}

// The expression itself (src/analysis/step-facts.ts; round 11 added Markdown and outline numbering), without the shortcut.

export function previousStripNumbering(text: string): string {
  return text.replace(NUMBERING, '');
}
