/**
 * The check of a tools/call answer's `result` on the call lane (call-lane.ts), in place of
 * the SDK's zod parse. What real servers send — text blocks, structuredContent, isError —
 * is accepted by hand, with no copy made; anything else (images, resources, annotations,
 * `_meta`, a missing `content`, garbage) goes through the SDK's own CallToolResultSchema, so
 * what is accepted, what it is turned into (zod strips unknown keys and defaults `content`)
 * and the error for a broken result are the same as on the SDK path:
 * `result.content: Invalid input: expected array, received string`.
 */
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ToolResult } from '../engine/outcome.js';
import { describeSchemaError } from './call-outcome.js';

export type CheckedResult = { ok: true; result: ToolResult } | { ok: false; problem: string };

export function checkToolResult(value: unknown): CheckedResult {
  if (isPlainTextResult(value)) return { ok: true, result: value };
  const parsed = CallToolResultSchema.safeParse(value);
  if (parsed.success) return { ok: true, result: parsed.data as ToolResult };
  return { ok: false, problem: describeSchemaError(parsed.error) ?? parsed.error.message };
}

/**
 * `{ content: [{ type: 'text', text }...], structuredContent?: {...}, isError?: boolean }`,
 * with nothing the SDK's schema would strip, default or look into.
 */
export function isPlainTextResult(value: unknown): value is ToolResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const result = value as Record<string, unknown>;
  const content = result.content;
  if (!Array.isArray(content)) return false;
  for (let i = 0; i < content.length; i++) {
    const block = content[i] as Record<string, unknown> | null;
    if (typeof block !== 'object' || block === null || block.type !== 'text' || typeof block.text !== 'string') return false;
    // Exactly { type, text }: annotations, _meta or other keys go the SDK's way.
    let keys = 0;
    for (const _key in block) keys++;
    if (keys !== 2) return false;
  }
  const structured = result.structuredContent;
  if (structured !== undefined && (typeof structured !== 'object' || structured === null || Array.isArray(structured))) return false;
  const isError = result.isError;
  if (isError !== undefined && typeof isError !== 'boolean') return false;
  return result._meta === undefined;
}
