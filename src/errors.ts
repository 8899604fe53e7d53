/**
 * Faults of parallel-mcp itself (bad config, bad plan, bad request): one error class with
 * a stable `code` and an optional `cause`. A failed *downstream call* is never one of
 * these: it is data (`CallOutcome` with `ok: false`).
 */
export type ParallelMcpErrorCode =
  | 'config_not_found'
  | 'config_invalid_json'
  | 'config_invalid'
  | 'invalid_request'
  | 'invalid_plan'
  | 'internal_error';

export class ParallelMcpError extends Error {
  override readonly name = 'ParallelMcpError';

  constructor(
    readonly code: ParallelMcpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
