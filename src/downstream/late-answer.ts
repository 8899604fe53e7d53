/** What a request answered after parallel-mcp had reported it timed out or cancelled. */
import { CallToolResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { callError, type CallOutcome, type LateAnswer, type ToolResult } from '../engine/outcome.js';
import { describeSchemaError, outcomeOfResult } from './call-outcome.js';
import type { Answer } from './watched-transport.js';

function rounded(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** A raw JSON-RPC answer (routed by WatchedTransport after the SDK forgot the request). */
export function lateAnswerOf(answer: Answer, where: string, afterMs: number): LateAnswer {
  if ('error' in answer) {
    return { ok: false, error: callError('tool_error', answer.error.message, { code: answer.error.code, data: answer.error.data }), after_ms: rounded(afterMs) };
  }
  const parsed = CallToolResultSchema.safeParse(answer.result);
  if (!parsed.success) {
    return { ok: false, error: callError('invalid_result', `${where} returned a malformed result: ${describeSchemaError(parsed.error) ?? parsed.error.message}`), after_ms: rounded(afterMs) };
  }
  return lateResult(parsed.data as ToolResult, afterMs);
}

/** A call's outcome, had it come in time, as the late answer it is. */
export function lateOf(outcome: CallOutcome, afterMs: number): LateAnswer {
  return outcome.ok ? { ok: true, result: outcome.result, after_ms: rounded(afterMs) } : { ok: false, error: outcome.error, after_ms: rounded(afterMs) };
}

/** A result the SDK still delivered (the request was kept open through the grace). */
export function lateResult(result: ToolResult, afterMs: number): LateAnswer {
  const outcome = outcomeOfResult(result);
  return outcome.ok ? { ok: true, result: outcome.result, after_ms: rounded(afterMs) } : { ok: false, error: outcome.error, after_ms: rounded(afterMs) };
}

/** An error answer the SDK still delivered (a JSON-RPC error, a malformed result). */
export function lateFailure(error: unknown, where: string, afterMs: number): LateAnswer {
  const malformed = describeSchemaError(error);
  if (malformed !== undefined) return { ok: false, error: callError('invalid_result', `${where} returned a malformed result: ${malformed}`), after_ms: rounded(afterMs) };
  if (error instanceof McpError) return { ok: false, error: callError('tool_error', error.message, { code: error.code, data: error.data }), after_ms: rounded(afterMs) };
  return { ok: false, error: callError('transport_error', error instanceof Error ? error.message : String(error)), after_ms: rounded(afterMs) };
}
