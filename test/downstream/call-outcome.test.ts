/**
 * outcomeOfFailure on the SDK Client's path, where a server's JSON-RPC error answer and the
 * errors this process raises itself (the SDK's Protocol on close and on its timer, the lane,
 * call-timeout.ts) are all McpErrors: only the local ones, by their exact message, are a
 * closed connection or a timeout; a server's own -32000 / -32001 is its answer.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { outcomeOfFailure } from '../../src/downstream/call-outcome.js';
import { requestTimedOut } from '../../src/downstream/call-timeout.js';

const context = { server: 's', tool: 't', timeoutMs: 5000 };

describe('outcomeOfFailure', () => {
  it('takes the local closed-connection and timeout errors for what they are', () => {
    const closed = outcomeOfFailure(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'), context);
    expect(closed.ok || closed.error.code).toBe('transport_error');
    const timedOut = outcomeOfFailure(requestTimedOut(), context);
    expect(timedOut.ok || timedOut.error.code).toBe('timeout');
  });

  it.each([
    [ErrorCode.ConnectionClosed, 'auth failed for this token'],
    [ErrorCode.RequestTimeout, 'upstream API timed out'],
    [-32099, 'quota exceeded'],
  ])('reports a server answer with code %i as tool_error with its message and code', (code, message) => {
    const outcome = outcomeOfFailure(new McpError(code, message, { retry_after: 3 }), context);
    expect(outcome).toEqual({ ok: false, error: { code: 'tool_error', message: `MCP error ${code}: ${message}`, details: { code, data: { retry_after: 3 } } } });
  });

  it('reads an error the lane says came over the wire as an answer even with a local message', () => {
    const outcome = outcomeOfFailure(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'), context, true);
    expect(outcome.ok || outcome.error.code).toBe('tool_error');
  });

  it('still reports the caller\'s cancel as cancelled first', () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = outcomeOfFailure(new McpError(ErrorCode.RequestTimeout, 'cancelled'), { ...context, callerSignal: controller.signal });
    expect(outcome.ok || outcome.error.code).toBe('cancelled');
  });
});
