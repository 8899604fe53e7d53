/**
 * analyze_dependencies' structured output, checked by hand before the SDK's output-schema
 * validation (McpServer.validateToolOutput parses it with AnalysisResultSchema, a walk over
 * every edge, stage and id of a 10,000-step analysis). A result whose every field has the
 * schema's type, with exactly the schema's keys in the schema's order (what summarize
 * builds), is what the schema would return for it, and is returned as it is; anything else
 * is undefined and goes to the schema. See fast-path-schema.ts;
 * test/tools/analysis-output.test.ts compares both ways.
 */
import type { AnalysisResult } from '../analysis/schema.js';

const RESULT_KEYS = ['edges', 'independence', 'stages', 'critical_path', 'estimate', 'max_parallelism', 'method', 'fallbacks', 'warnings', 'mermaid'];
const EDGE_KEYS = ['from', 'to', 'source', 'reason'];
const SOURCES = new Set(['explicit', 'reference', 'data', 'heuristic', 'default', 'llm']);
const METHODS = new Set(['llm', 'sampling', 'heuristic']);

export function fastAnalysisResult(value: unknown): AnalysisResult | undefined {
  if (!hasKeys(value, RESULT_KEYS)) return undefined;
  const v = value as Record<string, unknown>;
  if (!isArrayOf(v.edges, isEdge)) return undefined;
  if (!isArrayOf(v.independence, isIndependence)) return undefined;
  if (!isArrayOf(v.stages, isStringArray)) return undefined;
  if (!hasKeys(v.critical_path, ['steps', 'ms'])) return undefined;
  const path = v.critical_path as Record<string, unknown>;
  if (!isStringArray(path.steps) || !isNumber(path.ms)) return undefined;
  if (!hasKeys(v.estimate, ['sequential_ms', 'parallel_ms', 'speedup'])) return undefined;
  const estimate = v.estimate as Record<string, unknown>;
  if (!isNumber(estimate.sequential_ms) || !isNumber(estimate.parallel_ms) || !isNumber(estimate.speedup)) return undefined;
  if (!isNumber(v.max_parallelism) || !METHODS.has(v.method as string)) return undefined;
  if (!isStringArray(v.fallbacks) || !isStringArray(v.warnings) || typeof v.mermaid !== 'string') return undefined;
  return value as AnalysisResult;
}

function isEdge(value: unknown): boolean {
  if (!hasKeys(value, EDGE_KEYS)) return false;
  const e = value as Record<string, unknown>;
  return typeof e.from === 'string' && typeof e.to === 'string' && SOURCES.has(e.source as string) && typeof e.reason === 'string';
}

function isIndependence(value: unknown): boolean {
  if (!hasKeys(value, ['steps', 'reason'])) return false;
  const entry = value as Record<string, unknown>;
  return isStringArray(entry.steps) && typeof entry.reason === 'string';
}

/** A plain object with exactly these own keys, in this order. */
function hasKeys(value: unknown, keys: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  let k = 0;
  for (const key in value) if (key !== keys[k++]) return false;
  return k === keys.length;
}

function isArrayOf(value: unknown, check: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!check(value[i])) return false;
  return true;
}

function isStringArray(value: unknown): boolean {
  return isArrayOf(value, (item) => typeof item === 'string');
}

/** z.number(): a finite number. */
function isNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}
