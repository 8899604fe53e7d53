/**
 * The client's own model via MCP sampling (`sampling/createMessage`). The request function
 * is injected, so this file needs no SDK import: the tool passes
 * `(params, options) => server.server.createMessage(params, options)`.
 */
import type { LlmClient } from './schema.js';

export interface SamplingRequest {
  messages: Array<{ role: 'user' | 'assistant'; content: { type: 'text'; text: string } }>;
  systemPrompt?: string;
  maxTokens: number;
  temperature?: number;
  includeContext?: 'none' | 'thisServer' | 'allServers';
  modelPreferences?: { intelligencePriority?: number; speedPriority?: number; costPriority?: number };
}

export type CreateMessage = (params: SamplingRequest, options: { signal: AbortSignal }) => Promise<{ content: unknown }>;

export function createSamplingClient(createMessage: CreateMessage, maxTokens = 4096): LlmClient {
  return {
    name: 'sampling',
    async completeJson(system, user, schema, signal) {
      const result = await createMessage(
        {
          systemPrompt: system,
          messages: [
            {
              role: 'user',
              content: {
                type: 'text',
                text: `${user}\n\nReply with JSON only, matching this JSON schema:\n${JSON.stringify(schema)}`,
              },
            },
          ],
          maxTokens,
          temperature: 0,
          includeContext: 'none',
          modelPreferences: { intelligencePriority: 0.8, speedPriority: 0.5 },
        },
        { signal },
      );
      return textOf(result.content);
    },
  };
}

/** Text of a sampling answer: one text block, or the text blocks of an array. */
function textOf(content: unknown): string {
  const blocks = Array.isArray(content) ? content : [content];
  const texts = blocks
    .filter((b): b is { type: 'text'; text: string } => typeof b === 'object' && b !== null && (b as { type?: unknown }).type === 'text')
    .map((b) => b.text);
  if (texts.length === 0) throw new Error(`expected a text answer from sampling, got ${JSON.stringify(content).slice(0, 80)}`);
  return texts.join('');
}
