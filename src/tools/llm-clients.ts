/**
 * The models a request can use: Gemini when GEMINI_API_KEY is set, and the connected
 * client's own model through MCP sampling when the client declares it. This file is the
 * SDK-server edge of src/llm/: it hands llm/ a `createMessage` function. Each provider
 * sits behind one limiter (parallelMcp.llm): Gemini's is shared by every request and
 * session of the process (one key), sampling's by the requests of one client session.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { LlmClient } from '../llm/client.js';
import { createGeminiClient } from '../llm/gemini.js';
import { DEFAULT_LLM_LIMITS, limitClient, ProviderLimiter, type LlmLimits } from '../llm/limits.js';
import type { LlmProviders } from '../llm/providers.js';
import { createSamplingClient, type SamplingRequest } from '../llm/sampling.js';

/** By environment, then by limits: every caller passing the config's limits shares one limiter. */
const geminiByEnv = new WeakMap<object, Map<string, LlmClient | null>>();
const samplingByServer = new WeakMap<McpServer, Map<string, LlmClient>>();

/** Every provider available to this request (prompt steps choose among them). */
export function llmProvidersFor(
  server: McpServer | undefined,
  env: Record<string, string | undefined>,
  limits: LlmLimits = DEFAULT_LLM_LIMITS,
): LlmProviders {
  const key = `${limits.maxConcurrency}/${limits.requestsPerMinute ?? ''}`;
  let geminis = geminiByEnv.get(env);
  if (!geminis) geminiByEnv.set(env, (geminis = new Map()));
  let gemini = geminis.get(key);
  if (gemini === undefined) {
    const client = createGeminiClient(env);
    gemini = client ? limitClient(client, new ProviderLimiter(limits)) : null;
    geminis.set(key, gemini);
  }
  const providers: LlmProviders = gemini ? { gemini } : {};
  if (server?.server.getClientCapabilities()?.sampling) {
    let samplings = samplingByServer.get(server);
    if (!samplings) samplingByServer.set(server, (samplings = new Map()));
    let sampling = samplings.get(key);
    if (!sampling) {
      const createMessage = (params: SamplingRequest, options: { signal: AbortSignal; timeout?: number }) =>
        server.server.createMessage(params as Parameters<typeof server.server.createMessage>[0], options);
      sampling = limitClient(createSamplingClient(createMessage), new ProviderLimiter(limits));
      samplings.set(key, sampling);
    }
    providers.sampling = sampling;
  }
  return providers;
}

/** For dependency analysis: Gemini when the key is set, else sampling (as before). */
export function llmClientsFor(
  server: McpServer | undefined,
  env: Record<string, string | undefined>,
  limits?: LlmLimits,
): { gemini?: LlmClient; sampling?: LlmClient } {
  const providers = llmProvidersFor(server, env, limits);
  return providers.gemini ? { gemini: providers.gemini } : providers.sampling ? { sampling: providers.sampling } : {};
}
