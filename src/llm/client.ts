/**
 * The model interface seen by analysis and execution: one request, one answer, with the
 * model's name and token counts. Gemini (gemini.ts) and the client's own model through MCP
 * sampling (sampling.ts) implement it; limits.ts wraps either with a cap and a rate limit.
 * Failures are `LlmError`s with a code the step records keep.
 */

export type LlmProviderName = 'gemini' | 'sampling';

export interface LlmMessage {
  role: 'user' | 'assistant';
  text: string;
}

export interface CompletionRequest {
  system?: string;
  /** The conversation, user first (a repair request adds the answer and a correction). */
  messages: LlmMessage[];
  /** Ask for JSON matching this JSON Schema (Gemini: responseSchema; sampling: in the instructions). */
  schema?: Record<string, unknown>;
  /** Gemini: the model to call; sampling: a modelPreferences hint. */
  model?: string;
  maxTokens?: number;
  temperature?: number;
  /** Per-request timeout of the transport that cannot take a signal alone (sampling's request timeout). */
  timeoutMs?: number;
  signal: AbortSignal;
}

export interface TokenUsage {
  input_tokens: number | null;
  output_tokens: number | null;
}

export interface Completion {
  text: string;
  provider: LlmProviderName;
  /** The model that answered (as reported; sampling clients name it), else null. */
  model: string | null;
  usage: TokenUsage;
}

export interface LlmClient {
  readonly name: LlmProviderName;
  /** One completion: text, or JSON text when `schema` is set. */
  complete(request: CompletionRequest): Promise<Completion>;
  /**
   * One JSON answer (temperature 0) as text: the form dependency analysis uses. The caller
   * parses and validates it.
   */
  completeJson(system: string, user: string, schema: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
}

export const LLM_ERROR_CODES = ['llm_unavailable', 'rate_limited', 'llm_error', 'invalid_output', 'timeout', 'cancelled'] as const;
export type LlmErrorCode = (typeof LLM_ERROR_CODES)[number];

/** A failed model request. `retryAfterMs` is the delay the provider asked for (429 / 503). */
export class LlmError extends Error {
  override readonly name = 'LlmError';

  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly details: { provider?: LlmProviderName; status?: number; retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The HTTP status of a provider's error answer (dependency analysis shows it as `HTTP 429: ...`). */
  get status(): number | undefined {
    return this.details.status;
  }
}

/** completeJson on top of complete: the text of a temperature-0 JSON answer. */
export function completeJsonVia(
  complete: LlmClient['complete'],
): LlmClient['completeJson'] {
  return async (system, user, schema, signal) => {
    const answer = await complete({ system, messages: [{ role: 'user', text: user }], schema, temperature: 0, signal });
    return answer.text;
  };
}
