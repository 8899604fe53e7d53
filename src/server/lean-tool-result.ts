/**
 * The SDK's check of a tools/call result before it is sent (Server.setRequestHandler parses it
 * with CallToolResultSchema and sends what the parse gives), for the lean path. The results of
 * the run tools have one shape — text blocks, structuredContent, isError — checked here by
 * hand and answered in the key order the parse gives, so the bytes sent are the same
 * (test/server/lean-tool-result.test.ts holds that against the schema); any other shape goes
 * through the schema itself.
 */
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';

export type CheckedToolResult = { ok: true; result: Record<string, unknown> } | { ok: false; message: string };

const RESULT_KEYS: ReadonlySet<string> = new Set(['content', 'structuredContent', 'isError']);

export function checkedToolResult(result: Record<string, unknown>): CheckedToolResult {
  const plain = plainTextResult(result);
  if (plain) return { ok: true, result: plain };
  const parsed = CallToolResultSchema.safeParse(result);
  if (parsed.success) return { ok: true, result: parsed.data };
  return { ok: false, message: parsed.error instanceof Error ? parsed.error.message : String(parsed.error) };
}

/**
 * `result` in the schema's key order when it is { content: text blocks, structuredContent?:
 * a plain object, isError?: boolean } and nothing else; undefined for any other shape.
 */
export function plainTextResult(result: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!isPlainObject(result)) return undefined;
  // Whether its defined members already come in the schema's order (a run tool's answer does).
  let inOrder = true;
  let lastRank = -1;
  for (const key in result) {
    if (!RESULT_KEYS.has(key)) return undefined;
    if (result[key] === undefined) {
      inOrder = false;
      continue;
    }
    const rank = key === 'content' ? 0 : key === 'structuredContent' ? 1 : 2;
    if (rank < lastRank) inOrder = false;
    lastRank = rank;
  }
  const { content, structuredContent, isError } = result;
  if (!Array.isArray(content)) return undefined;
  for (const block of content) if (!isTextBlock(block)) return undefined;
  if (structuredContent !== undefined && !isPlainObject(structuredContent)) return undefined;
  if (isError !== undefined && typeof isError !== 'boolean') return undefined;
  // The same members in the same order: the result as it is (no copy: this runs once per request).
  if (inOrder) return result;
  const ordered: Record<string, unknown> = { content };
  if (structuredContent !== undefined) ordered.structuredContent = structuredContent;
  if (isError !== undefined) ordered.isError = isError;
  return ordered;
}

/** Exactly { type: "text", text: string }, in that order. */
function isTextBlock(block: unknown): boolean {
  if (!isPlainObject(block) || block.type !== 'text' || typeof block.text !== 'string') return false;
  let keys = 0;
  for (const key in block) {
    if ((keys === 0 && key !== 'type') || (keys === 1 && key !== 'text') || keys > 1) return false;
    keys += 1;
  }
  return true;
}

/** An object zod takes as a record: its prototype is Object's or null. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
