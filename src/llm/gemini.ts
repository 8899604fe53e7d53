/**
 * Gemini through @google/generative-ai — the only file importing it. Cancellation by
 * AbortSignal only (the SDK's own `timeout` option leaves a timer that keeps the process
 * alive). HTTP 429 and 503 become `rate_limited` with the delay Gemini asks for (RetryInfo
 * `retryDelay` in the error details; the SDK does not expose response headers, so a
 * `Retry-After` header is not readable here); other failures are `llm_error`.
 * The SDK is loaded at the first request, not at start-up (a process without a key, or
 * one that never asks Gemini, never loads it). No error message carries the API key or the
 * credentials and query of GEMINI_BASE_URL: a proxy that echoes them in its error answer
 * (or a fetch error naming the URL) would otherwise hand them to the model.
 */
import type { GenerateContentResult, GenerationConfig, GoogleGenerativeAI, ResponseSchema } from '@google/generative-ai';
import { completeJsonVia, LlmError, type Completion, type CompletionRequest, type LlmClient } from './client.js';
import { toGeminiSchema } from './gemini-schema.js';

export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';

type GeminiSdk = typeof import('@google/generative-ai');
let geminiSdk: Promise<GeminiSdk> | undefined;
const loadGeminiSdk = (): Promise<GeminiSdk> => (geminiSdk ??= import('@google/generative-ai'));

/** Undefined when GEMINI_API_KEY is not set. GEMINI_MODEL and GEMINI_BASE_URL configure it. */
export function createGeminiClient(env: Record<string, string | undefined>): LlmClient | undefined {
  const key = env.GEMINI_API_KEY?.trim();
  if (!key) return undefined;
  const defaultModel = env.GEMINI_MODEL?.trim() || DEFAULT_GEMINI_MODEL;
  const baseUrl = env.GEMINI_BASE_URL?.trim() || undefined;
  let genAI: GoogleGenerativeAI | undefined;
  const redact = secretRedactor([key, ...urlSecrets(baseUrl)]);

  const complete = async (request: CompletionRequest): Promise<Completion> => {
    try {
      return await completeOnce(request);
    } catch (error) {
      if (!(error instanceof LlmError)) throw error;
      const message = redact(error.message);
      throw message === error.message ? error : new LlmError(error.code, message, error.details, { cause: error.cause });
    }
  };

  const completeOnce = async (request: CompletionRequest): Promise<Completion> => {
    const sdk = await loadGeminiSdk();
    genAI ??= new sdk.GoogleGenerativeAI(key);
    const model = request.model ?? defaultModel;
    const generationConfig: GenerationConfig = {};
    if (request.schema) {
      generationConfig.responseMimeType = 'application/json';
      generationConfig.responseSchema = toGeminiSchema(request.schema) as unknown as ResponseSchema;
    }
    if (request.temperature !== undefined) generationConfig.temperature = request.temperature;
    if (request.maxTokens !== undefined) generationConfig.maxOutputTokens = request.maxTokens;
    const generative = genAI.getGenerativeModel(
      {
        model,
        ...(request.system === undefined ? {} : { systemInstruction: request.system }),
        generationConfig,
      },
      baseUrl ? { baseUrl } : undefined,
    );
    let result: GenerateContentResult;
    try {
      result = await generative.generateContent(
        { contents: request.messages.map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.text }] })) },
        { signal: request.signal },
      );
    } catch (error) {
      throw toLlmError(error, request.signal, sdk);
    }
    let text: string;
    try {
      text = result.response.text();
    } catch (error) {
      // SAFETY / RECITATION finishes and the like: an answer without usable text.
      throw new LlmError('llm_error', `Gemini gave no text: ${error instanceof Error ? error.message : String(error)}`, { provider: 'gemini' }, { cause: error });
    }
    const usage = result.response.usageMetadata;
    return {
      text,
      provider: 'gemini',
      model,
      usage: { input_tokens: usage?.promptTokenCount ?? null, output_tokens: usage?.candidatesTokenCount ?? null },
    };
  };

  return {
    name: 'gemini',
    complete,
    completeJson: completeJsonVia(complete),
  };
}

/** The user, password and query values of a URL: secret, like the key. */
function urlSecrets(url: string | undefined): string[] {
  if (url === undefined) return [];
  try {
    const parsed = new URL(url);
    return [parsed.username, parsed.password, ...[...parsed.searchParams.values()]].flatMap((v) => (v === '' ? [] : [v, decodeURIComponent(v)]));
  } catch {
    return [];
  }
}

/** Replaces every secret (and its URL-encoded form) with "***"; values shorter than 6 characters are left alone. */
export function secretRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = [...new Set(secrets.filter((s) => s.length >= 6).flatMap((s) => [s, encodeURIComponent(s)]))].sort((a, b) => b.length - a.length);
  return (text) => forms.reduce((out, secret) => out.split(secret).join('***'), text);
}

function toLlmError(error: unknown, signal: AbortSignal, sdk: GeminiSdk): LlmError {
  if (signal.aborted) {
    return new LlmError('cancelled', `Gemini request aborted: ${reasonText(signal.reason)}`, { provider: 'gemini' }, { cause: error });
  }
  if (error instanceof sdk.GoogleGenerativeAIFetchError && typeof error.status === 'number') {
    const status = error.status;
    // The SDK's message starts with the URL: keep what the server said.
    const message = /\] ([\s\S]*)$/.exec(error.message)?.[1]?.trim() || error.statusText || 'no message';
    if (status === 429 || status === 503) {
      const retryAfterMs = retryDelayMs(error.errorDetails);
      return new LlmError('rate_limited', message, { provider: 'gemini', status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }, { cause: error });
    }
    return new LlmError('llm_error', message, { provider: 'gemini', status }, { cause: error });
  }
  return new LlmError('llm_error', `Gemini request failed: ${error instanceof Error ? error.message : String(error)}`, { provider: 'gemini' }, { cause: error });
}

/** RetryInfo's `retryDelay` ("30s", "1.5s") in the error details, in ms. */
export function retryDelayMs(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (!detail || typeof detail !== 'object') continue;
    const { '@type': type, retryDelay } = detail as { '@type'?: unknown; retryDelay?: unknown };
    if (typeof type !== 'string' || !type.endsWith('RetryInfo') || typeof retryDelay !== 'string') continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(retryDelay.trim());
    if (match) return Math.ceil(Number(match[1]) * 1000);
  }
  return undefined;
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason ?? 'aborted');
}
