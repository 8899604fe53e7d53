/**
 * Turns what the SDK's callTool gave (a result, or what it threw) into a CallOutcome.
 * A failed downstream call is data: nothing here throws.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { callError, type CallOutcome, type ToolResult } from '../engine/outcome.js';

export function outcomeOfResult(result: ToolResult): CallOutcome {
  if (result.isError === true) {
    const text = firstText(result);
    return { ok: false, error: callError('tool_error', text ?? 'the tool reported an error without a message', result) };
  }
  return { ok: true, result };
}

export interface FailureContext {
  server: string;
  tool: string;
  timeoutMs: number;
  /** The caller's signal: aborted means the caller cancelled. */
  callerSignal?: AbortSignal | undefined;
  /** How the server's session ended, when it has ("exited with code 3"). */
  sessionEnd?: string | undefined;
}

export function outcomeOfFailure(error: unknown, context: FailureContext): CallOutcome {
  const where = `${context.server}.${context.tool}`;
  if (context.callerSignal?.aborted) {
    return failed('cancelled', `${where} was cancelled by the caller; the downstream request was cancelled`);
  }
  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout) {
      return failed('timeout', `${where} gave no result within ${context.timeoutMs} ms; the downstream request was cancelled`);
    }
    if (error.code === ErrorCode.ConnectionClosed) {
      return failed('transport_error', `server "${context.server}" ${context.sessionEnd ?? 'closed the connection'} while ${where} was in flight`);
    }
    // A JSON-RPC error answer from the server (unknown tool, invalid params, output schema mismatch).
    return { ok: false, error: callError('tool_error', error.message, { code: error.code, data: error.data }) };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (context.sessionEnd !== undefined) {
    return failed('transport_error', `server "${context.server}" ${context.sessionEnd} while ${where} was in flight (${message})`);
  }
  if (error instanceof Error && error.name === 'ZodError') {
    return failed('tool_error', `${where} returned a malformed result: ${message}`);
  }
  return failed('transport_error', `${where} failed in transport: ${message}`);
}

function failed(code: 'cancelled' | 'timeout' | 'transport_error' | 'tool_error', message: string): CallOutcome {
  return { ok: false, error: callError(code, message) };
}

function firstText(result: ToolResult): string | undefined {
  for (const block of result.content ?? []) {
    if (block && typeof block === 'object' && (block as { type?: unknown }).type === 'text') {
      const text = (block as { text?: unknown }).text;
      if (typeof text === 'string' && text !== '') return text;
    }
  }
  return undefined;
}
