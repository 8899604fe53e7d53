/**
 * What one downstream call (or one plan step attempt) ends with. Shared by the engine, the
 * downstream pool and the tools. Pure types: no SDK imports here — `ToolResult` is the
 * structural shape of an MCP CallToolResult.
 */

export const CALL_ERROR_CODES = [
  'unknown_server',
  'unknown_tool',
  'ambiguous_tool',
  'invalid_arguments',
  'tool_error',
  'timeout',
  'cancelled',
  'server_unavailable',
  'transport_error',
  /** The downstream answer is not a valid CallToolResult (never retried: it would answer the same). */
  'invalid_result',
  'reference_error',
  'rate_limited',
  'internal_error',
  /** The call succeeded but its result is over parallelMcp.maxResultBytes or does not fit the response. */
  'result_too_large',
  // prompt steps (src/llm/)
  'llm_unavailable',
  'llm_error',
  'invalid_output',
] as const;

export type CallErrorCode = (typeof CALL_ERROR_CODES)[number];

export interface CallError {
  code: CallErrorCode;
  message: string;
  /** Extra machine-readable detail (e.g. the downstream result of an isError call). */
  details?: unknown;
}

/** The structural shape of an MCP CallToolResult, without importing the SDK. */
export interface ToolResult {
  content?: unknown[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
}

/**
 * The answer a server sent for a call after parallel-mcp had given up on it (timeout or
 * cancellation): the call ran. `after_ms`: from sending the request to this answer.
 */
export type LateAnswer =
  | { ok: true; result: ToolResult; after_ms: number }
  | { ok: false; error: CallError; after_ms: number };

export type CallOutcome =
  | { ok: true; result: ToolResult }
  | { ok: false; error: CallError };

/** Failures worth another attempt: the call may succeed if simply tried again. */
export const RETRYABLE_ERROR_CODES: ReadonlySet<CallErrorCode> = new Set<CallErrorCode>([
  'timeout',
  'transport_error',
  'server_unavailable',
  'rate_limited',
]);

export function isRetryable(error: CallError): boolean {
  return RETRYABLE_ERROR_CODES.has(error.code);
}

/** The least wait before a retry that the callee asked for (`details.retry_after_ms`: HTTP 429 / 503), else 0. */
export function retryAfterMsOf(error: CallError): number {
  const details = error.details;
  if (details === null || typeof details !== 'object') return 0;
  const ms = (details as { retry_after_ms?: unknown }).retry_after_ms;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : 0;
}

export function callError(code: CallErrorCode, message: string, details?: unknown): CallError {
  return details === undefined ? { code, message } : { code, message, details };
}

/**
 * A step's value for data flow: its structuredContent, else its text content joined.
 * (ARCHITECTURE.md: "A step's value is its structuredContent, else its text content.")
 */
export function valueOfResult(result: ToolResult): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const texts: string[] = [];
  for (const block of result.content ?? []) {
    if (block && typeof block === 'object' && (block as { type?: unknown }).type === 'text') {
      texts.push(String((block as { text?: unknown }).text ?? ''));
    }
  }
  return texts.join('\n');
}
