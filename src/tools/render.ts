/** Small text helpers for the human-readable renderings of tool results. */
import { valueOfResult, type ToolResult } from '../engine/outcome.js';

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

/** The first lines of a result, as text, cut to `maxChars`. */
export function previewResult(result: ToolResult | undefined, maxLines = 3, maxChars = 240): string {
  if (!result) return '';
  const value = valueOfResult(result);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  let preview = lines.slice(0, maxLines).join(' | ');
  if (lines.length > maxLines) preview += ` | … (${lines.length - maxLines} more lines)`;
  return preview.length > maxChars ? `${preview.slice(0, maxChars - 1)}…` : preview;
}

export function round(ms: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(ms * f) / f;
}

/**
 * A step's timing rounded to 0.1 ms so that `started_ms + duration_ms` is the rounded end
 * (up to float addition), not off by a rounding step: a reader checking that one step
 * started after another ended must not see a 0.1 ms overlap that never happened.
 */
export function roundedTiming(record: { started_ms?: number; ended_ms?: number; duration_ms?: number }): { started_ms?: number; duration_ms?: number } {
  if (record.started_ms === undefined) return {};
  const start = round(record.started_ms);
  const end = record.ended_ms ?? record.started_ms + (record.duration_ms ?? 0);
  return { started_ms: start, duration_ms: round(round(end) - start) };
}
