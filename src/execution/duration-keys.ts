/**
 * The keys under which tool durations are learned: the tool (`server/tool`) and one call
 * shape of it (the tool plus a digest of its arguments). The digest is a SHA-256 prefix of
 * the arguments' canonical JSON (keys sorted), so the state file that keeps these keys
 * never holds an argument itself.
 */
import { createHash } from 'node:crypto';

export function toolDurationKey(server: string | undefined, tool: string): string {
  return `${server ?? '?'}/${tool}`;
}

export function callShapeKey(toolKey: string, args: Record<string, unknown> | undefined): string {
  const digest = createHash('sha256').update(canonicalJson(args ?? {})).digest('base64url').slice(0, 16);
  return `${toolKey}#${digest}`;
}

/** JSON with object keys sorted at every level: equal arguments give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
}
