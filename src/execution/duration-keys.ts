/**
 * The keys under which tool durations are learned: the tool (`server/tool`) and one call
 * shape of it (the tool plus a digest of its arguments). The digest is a SHA-256 prefix of
 * the arguments' canonical JSON (keys sorted), so the state file that keeps these keys
 * never holds an argument itself.
 */
import * as crypto from 'node:crypto';

export function toolDurationKey(server: string | undefined, tool: string): string {
  return `${server ?? '?'}/${tool}`;
}

/** crypto.hash (one call, no Hash object) where Node has it (20.12+), else createHash. */
const sha256Base64url: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash: (algorithm: string, data: string, encoding: string) => string }).hash('sha256', text, 'base64url')
    : (text) => crypto.createHash('sha256').update(text).digest('base64url');

export function callShapeKey(toolKey: string, args: Record<string, unknown> | undefined): string {
  const value = args ?? {};
  // Arguments parsed from JSON usually have their keys in order already: then the canonical
  // text is JSON.stringify's, without building it piece by piece.
  const text = isCanonical(value) ? JSON.stringify(value) : canonicalJson(value);
  return `${toolKey}#${digestOf(text)}`;
}

/**
 * Digests of recent short argument texts (a batch that comes again asks for the same ones):
 * one SHA-256 costs about a microsecond, most of it the call into OpenSSL, against a Map
 * lookup's tens of nanoseconds. Texts over DIGEST_CACHE_TEXT are not kept (nor large values
 * held); the cache is emptied when full. In memory only: the state file keeps keys, never a text.
 */
const digests = new Map<string, string>();
const DIGEST_CACHE_SIZE = 4096;
const DIGEST_CACHE_TEXT = 512;

function digestOf(text: string): string {
  if (text.length > DIGEST_CACHE_TEXT) return sha256Base64url(text).slice(0, 16);
  let digest = digests.get(text);
  if (digest === undefined) {
    digest = sha256Base64url(text).slice(0, 16);
    if (digests.size >= DIGEST_CACHE_SIZE) digests.clear();
    digests.set(text, digest);
  }
  return digest;
}

/** True when JSON.stringify(value) is its canonical JSON: object keys sorted, nothing it would leave out or convert. */
function isCanonical(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isCanonical(item)) return false;
    return true;
  }
  let previous: string | undefined;
  for (const key in value as object) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) return false;
    if (previous !== undefined && !(previous < key)) return false;
    if (!isCanonical((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
}

/** JSON with object keys sorted at every level: equal arguments give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
}
