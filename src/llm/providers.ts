/**
 * Which model answers a request: `auto` takes Gemini when GEMINI_API_KEY is set, else the
 * client's own model through MCP sampling when the client declares it (as dependency
 * analysis does); `gemini` and `sampling` name one. No provider is `llm_unavailable`.
 */
import { LlmError, type LlmClient, type LlmProviderName } from './client.js';

export const PROVIDER_CHOICES = ['auto', 'gemini', 'sampling'] as const;
export type ProviderChoice = (typeof PROVIDER_CHOICES)[number];

/** The providers this request can use (each already behind its limiter). */
export interface LlmProviders {
  gemini?: LlmClient;
  sampling?: LlmClient;
}

export function chooseProvider(choice: ProviderChoice, providers: LlmProviders): { ok: true; client: LlmClient } | { ok: false; error: LlmError } {
  const pick = (name: LlmProviderName) => providers[name];
  const client = choice === 'auto' ? (pick('gemini') ?? pick('sampling')) : pick(choice);
  if (client) return { ok: true, client };
  const why = {
    auto: 'no model is available: GEMINI_API_KEY is not set and the client did not declare the sampling capability',
    gemini: 'provider "gemini" was asked for, but GEMINI_API_KEY is not set',
    sampling: 'provider "sampling" was asked for, but the client did not declare the sampling capability',
  }[choice];
  return { ok: false, error: new LlmError('llm_unavailable', `Expected a model to run this prompt, got none: ${why}`) };
}
