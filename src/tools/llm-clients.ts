/**
 * Which model answers dependency analysis: Gemini when GEMINI_API_KEY is set, else the
 * connected client's own model through MCP sampling when the client declares it.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { LlmClient } from '../analysis/analyze.js';
import { createGeminiClient } from '../analysis/gemini.js';
import { createSamplingClient } from '../analysis/sampling.js';

export function llmClientsFor(
  server: McpServer | undefined,
  env: Record<string, string | undefined>,
): { gemini?: LlmClient; sampling?: LlmClient } {
  const gemini = createGeminiClient(env);
  if (gemini) return { gemini };
  if (server?.server.getClientCapabilities()?.sampling) {
    return { sampling: createSamplingClient((params, options) => server.server.createMessage(params as never, options)) };
  }
  return {};
}
