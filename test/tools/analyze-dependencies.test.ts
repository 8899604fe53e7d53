import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CreateMessageRequestSchema, type CreateMessageRequest } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { registerAnalyzeDependenciesTool } from '../../src/tools/analyze-dependencies.js';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';

const cities = [
  { id: 'paris', title: 'Research Paris', estimated_ms: 20000 },
  { id: 'london', title: 'Research London', estimated_ms: 25000 },
  { id: 'tokyo', title: 'Research Tokyo', estimated_ms: 20000 },
  { id: 'compare', title: 'Compare the cities', estimated_ms: 30000 },
  { id: 'report', title: 'Write the report', estimated_ms: 30000 },
];

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function connect(env: Record<string, string | undefined>, sampling?: (request: CreateMessageRequest) => string) {
  const server = new McpServer({ name: 'test', version: '0.0.0' });
  registerAnalyzeDependenciesTool(server, { env, log: silentLogger });
  const client = new Client({ name: 'test-client', version: '0.0.0' }, { capabilities: sampling ? { sampling: {} } : {} });
  const asked: CreateMessageRequest[] = [];
  if (sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      asked.push(request);
      return { role: 'assistant', model: 'client-model', content: { type: 'text', text: sampling(request) } };
    });
  }
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  closers.push(async () => {
    await client.close();
    await server.close();
  });
  return { client, asked };
}

describe('analyze_dependencies tool', () => {
  it('returns the heuristic analysis with a batch preview when no model is available', async () => {
    const { client } = await connect({});
    const result = await client.callTool({ name: 'analyze_dependencies', arguments: { steps: cities } });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as Record<string, unknown>;
    expect(structured).toMatchObject({
      stages: [['paris', 'london', 'tokyo'], ['compare'], ['report']],
      critical_path: { steps: ['london', 'compare', 'report'], ms: 85000 },
      estimate: { sequential_ms: 125000, parallel_ms: 85000, speedup: 1.47 },
      max_parallelism: 3,
      method: 'heuristic',
      fallbacks: ['auto: no model available (GEMINI_API_KEY is not set and the client does not support sampling)'],
      warnings: [],
    });
    const text = (result.content as Array<{ type: string; text: string }>)[0]!.text;
    expect(structured.independence).toEqual([
      { steps: ['paris', 'london', 'tokyo'], reason: 'the same template "Research {…}" with different subjects (Paris, London, Tokyo)' },
    ]);
    expect(text.split('\n').slice(0, 9)).toEqual([
      'Dependency analysis (method: heuristic), 5 steps',
      '',
      'Execution strategy:',
      '- Batch 1 (parallel): steps 1-3 (paris, london, tokyo) — the same template "Research {…}" with different subjects (Paris, London, Tokyo)',
      '- Batch 2 (sequential): step 4 (compare)',
      '- Batch 3 (sequential): step 5 (report)',
      '',
      'Estimated time: 85.0 s vs 125.0 s sequential; estimated speedup 1.47x; up to 3 at once',
      'Critical path: london -> compare -> report (85.0 s)',
    ]);
  });

  it('asks the client model through sampling when there is no key and the client supports it', async () => {
    const { client, asked } = await connect({}, () =>
      '```json\n' +
      JSON.stringify({
        edges: [
          { from: 'paris', to: 'compare', reason: 'a' },
          { from: 'london', to: 'compare', reason: 'b' },
          { from: 'tokyo', to: 'compare', reason: 'c' },
          { from: 'compare', to: 'report', reason: 'd' },
        ],
      }) +
      '\n```',
    );
    const result = await client.callTool({ name: 'analyze_dependencies', arguments: { steps: cities } });
    const structured = result.structuredContent as { method: string; edges: unknown[]; fallbacks: string[] };
    expect(structured.method).toBe('sampling');
    expect(structured.fallbacks).toEqual([]);
    // The model agrees with the text's own evidence ("compare" aggregates, "report" follows it): its reasons stay.
    expect(structured.edges).toEqual([
      { from: 'paris', to: 'compare', source: 'heuristic', reason: '"compare" aggregates the earlier results' },
      { from: 'london', to: 'compare', source: 'heuristic', reason: '"compare" aggregates the earlier results' },
      { from: 'tokyo', to: 'compare', source: 'heuristic', reason: '"compare" aggregates the earlier results' },
      { from: 'compare', to: 'report', source: 'heuristic', reason: '"report" aggregates the earlier results' },
    ]);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.params.systemPrompt).toContain('# Dependency analysis of a plan');
    expect(asked[0]!.params.temperature).toBe(0);
  });

  it('never asks a client without sampling, and says in fallbacks why no model was used', async () => {
    const { client } = await connect({});
    const result = await client.callTool({ name: 'analyze_dependencies', arguments: { steps: cities, strategy: 'auto' } });
    expect(result.structuredContent).toMatchObject({
      method: 'heuristic',
      fallbacks: ['auto: no model available (GEMINI_API_KEY is not set and the client does not support sampling)'],
      warnings: [],
    });
    const text = (result.content as Array<{ type: string; text: string }>)[0]!.text;
    expect(text.split('\n').slice(-2)).toEqual([
      'Fallbacks:',
      '- auto: no model available (GEMINI_API_KEY is not set and the client does not support sampling)',
    ]);
  });

  it('says why when strategy llm finds no model', async () => {
    const { client } = await connect({});
    const result = await client.callTool({ name: 'analyze_dependencies', arguments: { steps: cities, strategy: 'llm' } });
    expect(result.structuredContent).toMatchObject({
      method: 'heuristic',
      fallbacks: ['llm: no model available (GEMINI_API_KEY is not set and the client does not support sampling)'],
    });
  });

  it('prefers Gemini over sampling when GEMINI_API_KEY is set, and falls back on HTTP 429 without asking the client', async () => {
    const fake: FakeGemini = await startFakeGemini();
    closers.push(() => fake.close());
    fake.reply = { kind: 'http', status: 429, message: 'quota' };
    const { client, asked } = await connect({ GEMINI_API_KEY: 'k', GEMINI_BASE_URL: fake.baseUrl, PARALLEL_MCP_LLM_TIMEOUT_MS: '5000' }, () => '{"edges": []}');
    const result = await client.callTool({ name: 'analyze_dependencies', arguments: { steps: cities } });
    const structured = result.structuredContent as { method: string; fallbacks: string[] };
    expect(structured.method).toBe('heuristic');
    expect(structured.fallbacks).toHaveLength(1);
    expect(structured.fallbacks[0]).toMatch(/^gemini: HTTP 429: /);
    expect(fake.requests).toHaveLength(1);
    expect(asked).toEqual([]);
  });

  it('returns a tool error naming every problem when the steps are invalid', async () => {
    const { client } = await connect({});
    const result = await client.callTool({
      name: 'analyze_dependencies',
      arguments: { steps: [{ id: 'a', depends_on: ['b'] }, { id: 'b', depends_on: ['a'] }, { id: 'c', depends_on: ['zz'] }] },
    });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: 'Invalid steps for dependency analysis:\n- steps[2].depends_on[0]: expected one of the step ids, got "zz"\n- steps[1].depends_on[0]: expected acyclic dependencies, got the cycle a -> b -> a' },
    ]);
  });
});

describe('analyze_dependencies input', () => {
  it('rejects a misspelled step field with its path, and accepts a run_plan step as it is written', async () => {
    const { client } = await connect({});
    const bad = await client.callTool({
      name: 'analyze_dependencies',
      arguments: { steps: [{ id: 'a', title: 'Fetch' }, { id: 'b', title: 'Use it', dependson: ['a'] }] },
    });
    expect(bad.isError).toBe(true);
    expect((bad.content as Array<{ text: string }>)[0]!.text).toContain('unknown field "dependson" (did you mean "depends_on"?) at steps[1]');
    const planStep = await client.callTool({
      name: 'analyze_dependencies',
      arguments: { strategy: 'heuristic', steps: [{ id: 'a', server: 's', tool: 't', timeout_ms: 100, retries: 2, priority: 1 }] },
    });
    expect(planStep.isError).toBeFalsy();
  });
});
