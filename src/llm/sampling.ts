/**
 * The client's own model via MCP sampling (`sampling/createMessage`). The request function
 * is injected, so this file needs no SDK import: tools/llm-clients.ts passes
 * `(params, options) => server.server.createMessage(params, options)`. A JSON answer is
 * asked for with the schema in the instructions; the step's `model` becomes a
 * modelPreferences hint. Sampling reports no token counts (null).
 */
import { completeJsonVia, LlmError, type Completion, type CompletionRequest, type LlmClient } from './client.js';

export interface SamplingRequest {
  messages: Array<{ role: 'user' | 'assistant'; content: { type: 'text'; text: string } }>;
  systemPrompt?: string;
  maxTokens: number;
  temperature?: number;
  includeContext?: 'none' | 'thisServer' | 'allServers';
  modelPreferences?: {
    hints?: Array<{ name: string }>;
    intelligencePriority?: number;
    speedPriority?: number;
    costPriority?: number;
  };
}

export type CreateMessage = (
  params: SamplingRequest,
  options: { signal: AbortSignal; timeout?: number },
) => Promise<{ content: unknown; model?: unknown }>;

export const DEFAULT_SAMPLING_MAX_TOKENS = 4096;

export function createSamplingClient(createMessage: CreateMessage, maxTokens = DEFAULT_SAMPLING_MAX_TOKENS): LlmClient {
  const complete = async (request: CompletionRequest): Promise<Completion> => {
    const messages = request.messages.map((m, i) => {
      const last = i === request.messages.length - 1;
      const text = last && request.schema
        ? `${m.text}\n\nReply with JSON only, matching this JSON schema:\n${JSON.stringify(request.schema)}`
        : m.text;
      return { role: m.role, content: { type: 'text' as const, text } };
    });
    let result: { content: unknown; model?: unknown };
    try {
      result = await createMessage(
        {
          ...(request.system === undefined ? {} : { systemPrompt: request.system }),
          messages,
          maxTokens: request.maxTokens ?? maxTokens,
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          includeContext: 'none',
          modelPreferences: {
            ...(request.model === undefined ? {} : { hints: [{ name: request.model }] }),
            intelligencePriority: 0.8,
            speedPriority: 0.5,
          },
        },
        // The SDK's own request timeout (60 s by default) must not cut a longer step short.
        { signal: request.signal, ...(request.timeoutMs === undefined ? {} : { timeout: request.timeoutMs }) },
      );
    } catch (error) {
      if (request.signal.aborted) throw new LlmError('cancelled', 'sampling request aborted', { provider: 'sampling' }, { cause: error });
      throw new LlmError('llm_error', `sampling/createMessage failed: ${error instanceof Error ? error.message : String(error)}`, { provider: 'sampling' }, { cause: error });
    }
    return {
      text: textOf(result.content),
      provider: 'sampling',
      model: typeof result.model === 'string' ? result.model : null,
      usage: { input_tokens: null, output_tokens: null },
    };
  };
  return { name: 'sampling', complete, completeJson: completeJsonVia(complete) };
}

/** Text of a sampling answer: one text block, or the text blocks of an array. */
function textOf(content: unknown): string {
  const blocks = Array.isArray(content) ? content : [content];
  const texts = blocks
    .filter((b): b is { type: 'text'; text: string } => typeof b === 'object' && b !== null && (b as { type?: unknown }).type === 'text')
    .map((b) => b.text);
  if (texts.length === 0) {
    throw new LlmError('llm_error', `expected a text answer from sampling, got ${JSON.stringify(content).slice(0, 80)}`, { provider: 'sampling' });
  }
  return texts.join('');
}
