/**
 * resultText as it was before its one-text-block fast path (main at 973b55c), kept so a
 * property test can check that the fast path answers the same.
 */
import type { ToolResult } from '../../src/engine/outcome.js';

export function previousResultText(result: ToolResult): string {
  const parts: string[] = [];
  let hasText = false;
  for (const block of result.content ?? []) {
    const piece = blockText(block);
    if (piece.text) hasText = true;
    parts.push(piece.line);
  }
  if (!hasText && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent));
  return parts.join('\n');
}

interface BlockText {
  line: string;
  /** Whether the line carries the block's content rather than a description of it. */
  text: boolean;
}

function blockText(block: unknown): BlockText {
  if (!block || typeof block !== 'object') return { line: `[content block ${JSON.stringify(block)}]`, text: false };
  const b = block as Record<string, unknown>;
  switch (b.type) {
    case 'text':
      return { line: String(b.text ?? ''), text: true };
    case 'image':
    case 'audio':
      return { line: `[${b.type} ${String(b.mimeType ?? 'unknown type')}, ${sizeOfBase64(b.data)} base64; the data is in structuredContent]`, text: false };
    case 'resource_link':
      return { line: `[resource link ${String(b.uri ?? '')}${typeof b.name === 'string' ? ` "${b.name}"` : ''}${typeof b.mimeType === 'string' ? ` (${b.mimeType})` : ''}]`, text: false };
    case 'resource': {
      const resource = (b.resource ?? {}) as Record<string, unknown>;
      const head = `[resource ${String(resource.uri ?? '')}${typeof resource.mimeType === 'string' ? ` (${resource.mimeType})` : ''}`;
      if (typeof resource.text === 'string') return { line: `${head}]\n${resource.text}`, text: true };
      return { line: `${head}, ${sizeOfBase64(resource.blob)} base64; the data is in structuredContent]`, text: false };
    }
    default:
      return { line: `[${String(b.type ?? 'unknown')} block; it is in structuredContent]`, text: false };
  }
}

function sizeOfBase64(data: unknown): string {
  const length = typeof data === 'string' ? data.length : 0;
  return length < 1024 ? `${length} B` : `${Math.round(length / 1024)} kB`;
}
