/**
 * Gemini through @google/generative-ai — the only file importing it. JSON output with a
 * response schema, temperature 0; cancellation by AbortSignal only (the SDK's own
 * `timeout` option leaves a timer that keeps the process alive).
 */
import { GoogleGenerativeAI, type ResponseSchema } from '@google/generative-ai';
import type { LlmClient } from './schema.js';

export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';

/** Undefined when GEMINI_API_KEY is not set. GEMINI_MODEL and GEMINI_BASE_URL configure it. */
export function createGeminiClient(env: Record<string, string | undefined>): LlmClient | undefined {
  const key = env.GEMINI_API_KEY?.trim();
  if (!key) return undefined;
  const model = env.GEMINI_MODEL?.trim() || DEFAULT_GEMINI_MODEL;
  const baseUrl = env.GEMINI_BASE_URL?.trim() || undefined;
  const genAI = new GoogleGenerativeAI(key);
  return {
    name: 'gemini',
    async completeJson(system, user, schema, signal) {
      const generative = genAI.getGenerativeModel(
        {
          model,
          systemInstruction: system,
          generationConfig: {
            responseMimeType: 'application/json',
            responseSchema: schema as unknown as ResponseSchema,
            temperature: 0,
          },
        },
        baseUrl ? { baseUrl } : undefined,
      );
      const result = await generative.generateContent(
        { contents: [{ role: 'user', parts: [{ text: user }] }] },
        { signal },
      );
      return result.response.text();
    },
  };
}
