/**
 * The LLM analyzer: one request per analysis with the system prompt from
 * prompts/dependency-analysis.md and a JSON response schema; the answer is validated
 * (unknown ids and self-edges dropped, edges it must keep re-added, a cycle rejects it). The
 * model may leave out the heuristic's plan-order defaults, never the edges it was told to keep.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { findCycle, graphFromEdges } from '../engine/graph.js';
import { isAcyclic, pairKey } from './acyclic.js';
import type { AnalysisStep, AnalyzedEdge, LlmClient } from './schema.js';

export const DEFAULT_LLM_TIMEOUT_MS = 20_000;

const PROMPT_URL = new URL('../../prompts/dependency-analysis.md', import.meta.url);
let cachedPrompt: string | undefined;

/** The system instruction, read once from prompts/ (shipped with the package). */
export function dependencyPrompt(): string {
  cachedPrompt ??= readFileSync(PROMPT_URL, 'utf8');
  return cachedPrompt;
}

/** JSON schema of the answer, in the OpenAPI subset Gemini accepts (lower-case types). */
export const LLM_RESPONSE_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    edges: {
      type: 'array',
      description: 'Every ordering constraint: "from" must finish before "to" starts.',
      items: {
        type: 'object',
        properties: {
          from: { type: 'string', description: 'id of the step that must finish first' },
          to: { type: 'string', description: 'id of the step that waits' },
          reason: { type: 'string', description: 'one short sentence: what "to" needs from "from"' },
        },
        required: ['from', 'to', 'reason'],
      },
    },
  },
  required: ['edges'],
};

const LlmAnswerSchema = z.object({
  edges: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string().optional() })),
});

/** A failure of the LLM path; its message becomes the `fallbacks` entry. */
export class LlmAnalysisError extends Error {
  override readonly name = 'LlmAnalysisError';
}

/**
 * The user message: the steps (without noise) and the edges the answer must keep: the certain
 * edges and the text's own evidence of dependence (analysis/heuristic.ts).
 */
export function buildUserMessage(steps: readonly AnalysisStep[], certain: readonly AnalyzedEdge[]): string {
  const compact = steps.map((s, i) => {
    const out: Record<string, unknown> = { number: i + 1, id: s.id };
    for (const key of ['title', 'description', 'step_type', 'server', 'tool', 'arguments', 'needs', 'provides'] as const) {
      if (s[key] !== undefined) out[key] = s[key];
    }
    return out;
  });
  return [
    'Steps (in plan order):',
    JSON.stringify(compact, null, 2),
    '',
    'Edges that must stay (facts of the input, and orderings its own text states; keep them):',
    pairsJson(certain),
    '',
    'Answer with the JSON object {"edges": [{"from", "to", "reason"}]} listing every edge, certain ones included.',
  ].join('\n');
}

/** JSON.stringify(edges.map(({ from, to }) => ({ from, to }))), without an object per edge (they can number a million). */
function pairsJson(edges: readonly AnalyzedEdge[]): string {
  const parts: string[] = [];
  for (const e of edges) parts.push(`{"from":${JSON.stringify(e.from)},"to":${JSON.stringify(e.to)}}`);
  return `[${parts.join(',')}]`;
}

/** Accepts an object or JSON text (code fences tolerated). */
export function parseJsonAnswer(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const text = raw.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  try {
    return JSON.parse(text);
  } catch {
    throw new LlmAnalysisError(`expected a JSON object, got malformed JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
}

/** Validates an answer against the steps; throws LlmAnalysisError when it must be rejected. */
export function validateLlmAnswer(
  raw: unknown,
  steps: readonly AnalysisStep[],
  certain: readonly AnalyzedEdge[],
): { edges: AnalyzedEdge[]; warnings: string[] } {
  const parsed = LlmAnswerSchema.safeParse(parseJsonAnswer(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['$', ...(issue?.path ?? [])].join('.');
    throw new LlmAnalysisError(`expected {"edges": [{"from", "to", "reason"}]}, got an answer failing at ${path}: ${issue?.message}`);
  }
  const ids = steps.map((s) => s.id);
  const index = new Map<string, number>();
  for (let k = 0; k < ids.length; k++) if (!index.has(ids[k]!)) index.set(ids[k]!, k);
  // Pairs as numbers: the certain edges can number millions on long plans.
  const n = ids.length;
  const pairs = new Set<number>();
  for (const c of certain) {
    const from = index.get(c.from);
    const to = index.get(c.to);
    if (from !== undefined && to !== undefined) pairs.add(pairKey(n, from, to));
  }
  const warnings: string[] = [];
  const edges: AnalyzedEdge[] = [];
  parsed.data.edges.forEach((e, i) => {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined) {
      const unknown = [e.from, e.to].filter((id) => !index.has(id));
      warnings.push(`llm edges[${i}]: expected step ids, got unknown ${unknown.map((u) => `"${u}"`).join(' and ')}; edge dropped`);
    } else if (e.from === e.to) {
      warnings.push(`llm edges[${i}]: expected two different steps, got a self-edge on "${e.from}"; edge dropped`);
    } else if (!pairs.has(pairKey(n, from, to))) {
      pairs.add(pairKey(n, from, to));
      edges.push({ from: e.from, to: e.to, source: 'llm', reason: e.reason?.trim() || 'inferred by the model' });
    }
  });
  if (!isAcyclic(n, pairs)) {
    const cycle = findCycle(graphFromEdges(ids, [...certain, ...edges]));
    if (cycle) throw new LlmAnalysisError(`answer rejected: its edges form the cycle ${cycle.join(' -> ')}`);
  }
  return { edges, warnings };
}

/** One LLM request with its own AbortController and timeout; then validation. */
export async function llmEdges(
  client: LlmClient,
  steps: readonly AnalysisStep[],
  certain: readonly AnalyzedEdge[],
  options: { timeoutMs?: number; signal?: AbortSignal },
): Promise<{ edges: AnalyzedEdge[]; warnings: string[] }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  try {
    const raw = await client.completeJson(dependencyPrompt(), buildUserMessage(steps, certain), LLM_RESPONSE_SCHEMA, controller.signal);
    return validateLlmAnswer(raw, steps, certain);
  } catch (error) {
    if (error instanceof LlmAnalysisError) throw error;
    if (timedOut) throw new LlmAnalysisError(`no answer within ${timeoutMs} ms (timeout)`, { cause: error });
    if (options.signal?.aborted) throw new LlmAnalysisError('cancelled by the caller', { cause: error });
    throw new LlmAnalysisError(describeError(error), { cause: error });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    return typeof status === 'number' ? `HTTP ${status}: ${error.message}` : error.message;
  }
  return String(error);
}

/** PARALLEL_MCP_LLM_TIMEOUT_MS when it is a positive integer, else the 20 s default. */
export function llmTimeoutMs(env: Record<string, string | undefined>): number {
  const raw = env.PARALLEL_MCP_LLM_TIMEOUT_MS?.trim();
  const value = raw ? Number(raw) : NaN;
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_LLM_TIMEOUT_MS;
}
