/**
 * Turns what the SDK's callTool gave (a result, or what it threw) into a CallOutcome.
 * A failed downstream call is data: nothing here throws.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { callError, type CallOutcome, type ToolResult } from '../engine/outcome.js';
import { OversizedAnswer } from './oversized-line.js';

/** Messages of the McpErrors that Client.callTool throws itself when a result breaks the tool's outputSchema. */
const SDK_OUTPUT_SCHEMA_CHECK = /(Structured content does not match the tool's output schema|has an output schema but did not return structured content|Failed to validate structured content)/;

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

/**
 * What a failed call came to. `fromWire`: the error is the server's own JSON-RPC error answer
 * (the lane knows); otherwise a -32000 or -32001 is taken for a closed connection or a timeout
 * only when it is one this process raised itself (the SDK's Protocol, the lane, call-timeout.ts),
 * by its exact message: a server may answer with those codes too (JSON-RPC leaves -32000..-32099
 * to servers), and its answer is a tool error with its message, not a transport failure to retry.
 */
export function outcomeOfFailure(error: unknown, context: FailureContext, fromWire = false): CallOutcome {
  const where = `${context.server}.${context.tool}`;
  if (context.callerSignal?.aborted) {
    return failed('cancelled', `${where} was cancelled by the caller; the downstream request was cancelled`);
  }
  if (error instanceof McpError) {
    // The answer made for a line over the 10 MiB limit (stdio-transport.ts): only this call fails.
    if (error.data instanceof OversizedAnswer) {
      return failed('result_too_large', `${where} returned a result of ${error.data.bytes} bytes, over the ${error.data.limit}-byte limit of one stdio message; it was not read (the server's other calls go on)`);
    }
    if (!fromWire && error.code === ErrorCode.RequestTimeout && isLocal(error, LOCAL_TIMEOUT_MESSAGES)) {
      return failed('timeout', `${where} gave no result within ${context.timeoutMs} ms; the downstream request was cancelled`);
    }
    if (!fromWire && error.code === ErrorCode.ConnectionClosed && isLocal(error, LOCAL_CLOSED_MESSAGES)) {
      return failed('transport_error', `server "${context.server}" ${context.sessionEnd ?? 'closed the connection'} while ${where} was in flight`);
    }
    // The SDK's own check of structuredContent against the tool's outputSchema.
    if (SDK_OUTPUT_SCHEMA_CHECK.test(error.message)) {
      return failed('invalid_result', `${where} returned a malformed result: ${error.message.replace(/^MCP error -?\d+: /, '')}`);
    }
    // A JSON-RPC error answer from the server (unknown tool, invalid params, output schema mismatch).
    return { ok: false, error: callError('tool_error', error.message, { code: error.code, data: error.data }) };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (context.sessionEnd !== undefined) {
    return failed('transport_error', `server "${context.server}" ${context.sessionEnd} while ${where} was in flight (${message})`);
  }
  const malformed = describeSchemaError(error);
  if (malformed !== undefined) return failed('invalid_result', `${where} returned a malformed result: ${malformed}`);
  return failed('transport_error', `${where} failed in transport: ${message}`);
}

/** The messages of the McpErrors raised in this process for a timeout and for a closed connection. */
const LOCAL_TIMEOUT_MESSAGES: readonly string[] = ['Request timed out', 'cancelled'];
const LOCAL_CLOSED_MESSAGES: readonly string[] = ['Connection closed'];

function isLocal(error: McpError, messages: readonly string[]): boolean {
  for (const message of messages) if (error.message === `MCP error ${error.code}: ${message}`) return true;
  return false;
}

function failed(code: 'cancelled' | 'timeout' | 'transport_error' | 'tool_error' | 'invalid_result' | 'result_too_large', message: string): CallOutcome {
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

interface SchemaIssue {
  code?: string;
  path?: readonly PropertyKey[];
  message?: string;
  errors?: readonly (readonly SchemaIssue[])[];
}

/**
 * The SDK's check of a result against CallToolResultSchema failed (a zod error: zod 3 names
 * it "ZodError", zod 4 "$ZodError"): one line naming where and what, e.g.
 * `result.content: Invalid input: expected array, received string`. Undefined for any other error.
 */
export function describeSchemaError(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error.name !== 'ZodError' && error.name !== '$ZodError')) return undefined;
  const issues = (error as { issues?: unknown }).issues;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const [first] = issues as SchemaIssue[];
  const described = describeIssue(first!, []);
  return issues.length > 1 ? `${described} (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : described;
}

function describeIssue(issue: SchemaIssue, prefix: readonly PropertyKey[]): string {
  const path = [...prefix, ...(issue.path ?? [])];
  // A union (a content block of no known type): the first alternative's first problem says most.
  const branch = issue.code === 'invalid_union' ? issue.errors?.find((b) => b.length > 0)?.[0] : undefined;
  if (branch) return describeIssue(branch, path);
  return `${resultPath(path)}: ${(issue.message ?? 'invalid').replace(/\s+/g, ' ')}`;
}

function resultPath(path: readonly PropertyKey[]): string {
  let text = 'result';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
