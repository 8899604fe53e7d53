/**
 * Unknown keys in a server entry. Real client files carry keys parallel-mcp does not read
 * (VS Code's `envFile`, `dev`, `gallery`; Cursor's and Cline's `autoApprove`, ...), so an
 * unknown key is only a warning — unless it looks like a misspelt key of ours
 * (`maxConcurency`, `timeoutMS`, `max_concurrency`), which would otherwise be silently
 * ignored: that is an error with a suggestion.
 */
import { editDistance } from '../engine/close-names.js';
import type { Problems } from './problems.js';

/**
 * Keys of other clients that are close enough to a key of ours to pass for a typo, yet mean
 * something else there: Cline's, Roo Code's and Gemini CLI's `timeout` (seconds in some,
 * milliseconds in others) is two edits from `timeoutMs`.
 */
const KEYS_OF_OTHER_CLIENTS: ReadonlyMap<string, string> = new Map([
  ['timeout', 'unknown key, ignored; parallel-mcp\'s per-server timeout is "timeoutMs", in milliseconds'],
]);

/** A misspelt key of ours is an error; any other unknown key a warning. */
export function checkUnknownKeys(entry: Record<string, unknown>, knownKeys: readonly string[], path: readonly PropertyKey[], problems: Problems): void {
  for (const key of Object.keys(entry)) {
    if (knownKeys.includes(key)) continue;
    const verdict = judgeUnknownKey(key, knownKeys);
    if (verdict.kind === 'typo') problems.add([...path, key], `unknown key; did you mean "${verdict.suggestion}"?`);
    else problems.warn([...path, key], verdict.note);
  }
}

export type UnknownKeyVerdict = { kind: 'typo'; suggestion: string } | { kind: 'ignored'; note: string };

/** What to make of `key`, which is not one of `knownKeys`. */
export function judgeUnknownKey(key: string, knownKeys: readonly string[]): UnknownKeyVerdict {
  const note = KEYS_OF_OTHER_CLIENTS.get(key);
  if (note !== undefined) return { kind: 'ignored', note };
  const suggestion = closestKey(key, knownKeys);
  return suggestion === undefined ? { kind: 'ignored', note: 'unknown key, ignored' } : { kind: 'typo', suggestion };
}

/**
 * The known key that `key` most likely misspells: the same letters ignoring case, "_" and
 * "-", or within 2 edits (a swap of neighbours is one edit). Keys of up to 4 letters allow
 * only 1 edit: 2 edits turn `env` into `dev` or `cwd` into `id`, which are not typos.
 */
export function closestKey(key: string, knownKeys: readonly string[]): string | undefined {
  const wanted = normalize(key);
  let best: { key: string; distance: number } | undefined;
  for (const known of knownKeys) {
    const candidate = normalize(known);
    const distance = editDistance(wanted, candidate);
    const allowed = candidate.length <= 4 ? 1 : 2;
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { key: known, distance };
  }
  return best?.key;
}

function normalize(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}
