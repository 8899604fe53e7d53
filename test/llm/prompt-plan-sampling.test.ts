/**
 * Prompt steps answered by the client's own model through MCP sampling (a real SDK client
 * that declares sampling, over InMemoryTransport), the llm_unavailable path when there is
 * no model, a mixed plan of tool and prompt steps, and prompt calls in call_tools_parallel.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CreateMessageRequestSchema, type CreateMessageRequest } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { maxOverlap, toolServer, type Interval } from '../downstream/in-memory-servers.js';
import { arrivals } from '../helpers/fake-gemini.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';
import { RANKING, TEN_CITIES_PLAN, classify, seededRandom, tenCitiesAnswer } from '../helpers/ten-cities.js';

interface StepOut {
  id: string;
  status: string;
  attempts: number;
  kind?: string;
  usage?: Record<string, unknown>;
  result?: { content?: Array<{ text?: string }>; structuredContent?: unknown };
  error?: { code: string; message: string };
  reason?: string;
}

const running: InMemoryParallelMcp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

/**
 * A client whose model answers `answer(text)` after a seeded delay, recording each request's
 * interval. With `together`, research requests are held until that many have arrived (at
 * most 3 s), so the overlap does not depend on how fast a loaded machine sends them.
 */
function samplingClient(answer: (text: string, request: CreateMessageRequest) => string, together?: number) {
  const barrier = together === undefined ? undefined : arrivals(together);
  const client = new Client({ name: 'sampling-client', version: '1.0.0' }, { capabilities: { sampling: {} } });
  const asked: Array<{ request: CreateMessageRequest; text: string; interval: Interval }> = [];
  const random = seededRandom(11);
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    const last = request.params.messages.at(-1)!;
    const text = (last.content as { text: string }).text;
    const interval = { start: performance.now(), end: 0 };
    asked.push({ request, text, interval });
    if (barrier && classify(text).turn === 'research') {
      barrier.arrive();
      await barrier.all;
    }
    await new Promise((resolve) => setTimeout(resolve, classify(text).turn === 'research' ? 60 + Math.round(random() * 40) : 20));
    interval.end = performance.now();
    return { role: 'assistant', model: 'client-model-1', content: { type: 'text', text: answer(text, request) } };
  });
  return { client, asked };
}

async function start(options: { client?: Client; env?: Record<string, string> } = {}) {
  const instance = await startInMemory({ alpha: toolServer() }, { ...options, parallelMcp: { llm: { maxConcurrency: 10 } } });
  running.push(instance);
  return instance;
}

const textOf = (step: StepOut | undefined) => (step?.result?.content ?? []).map((c) => c.text ?? '').join('');

describe('prompt steps through MCP sampling', () => {
  it('runs the ten-city plan on the client model: ten overlapping requests, then compare, then report', async () => {
    const { client, asked } = samplingClient((text) => tenCitiesAnswer(text), 10);
    const instance = await start({ client });
    const response = await instance.client.callTool({ name: 'run_plan', arguments: TEN_CITIES_PLAN });
    const out = response.structuredContent as { steps: StepOut[]; summary: { usage?: unknown } };
    expect(out.steps.map((s) => s.status)).toEqual(TEN_CITIES_PLAN.steps.map(() => 'ok'));
    const research = asked.filter((a) => classify(a.text).turn === 'research');
    expect(maxOverlap(research.map((a) => a.interval))).toBe(10);
    const compare = asked.find((a) => classify(a.text).turn === 'compare')!;
    expect(compare.text).toContain('Reply with JSON only, matching this JSON schema:');
    expect(compare.request.params.maxTokens).toBe(4096);
    expect(out.steps.find((s) => s.id === 'compare')!.result!.structuredContent).toEqual({ ranking: RANKING });
    const report = asked.find((a) => classify(a.text).turn === 'report')!;
    expect(report.text).toContain(`recommending ${RANKING[0]!.city} for`);
    expect(report.request.params.systemPrompt).toBe('You write short, friendly travel reports in Markdown.');
    expect(out.steps[0]!.usage).toEqual({ provider: 'sampling', model: 'client-model-1', input_tokens: null, output_tokens: null });
    expect(out.summary.usage).toEqual({ input_tokens: 0, output_tokens: 0 });
  });

  it('passes model as a modelPreferences hint and max_tokens and temperature through', async () => {
    const { client, asked } = samplingClient(() => 'hi');
    const instance = await start({ client });
    await instance.client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'a', prompt: 'Say hi', model: 'claude-x', max_tokens: 50, temperature: 0.3, provider: 'sampling' }] } });
    expect(asked[0]!.request.params).toMatchObject({
      maxTokens: 50,
      temperature: 0.3,
      includeContext: 'none',
      modelPreferences: { hints: [{ name: 'claude-x' }] },
      messages: [{ role: 'user', content: { type: 'text', text: 'Say hi' } }],
    });
  });

  it('fails prompt steps with llm_unavailable when there is no key and no sampling, while the tool steps run', async () => {
    const instance = await start();
    const response = await instance.client.callTool({
      name: 'run_plan',
      arguments: {
        steps: [
          { id: 'echo', server: 'alpha', tool: 'echo', arguments: { message: 'hello' } },
          { id: 'ask', prompt: 'Summarize {{echo}}' },
          { id: 'pinned', prompt: 'x', provider: 'sampling' },
          { id: 'after', server: 'alpha', tool: 'echo', arguments: { message: '{{ask}}' } },
          { id: 'other', server: 'alpha', tool: 'add', arguments: { a: 1, b: 2 } },
        ],
      },
    });
    const out = response.structuredContent as { steps: StepOut[] };
    expect(out.steps.map((s) => [s.id, s.status, s.error?.code ?? s.reason])).toEqual([
      ['echo', 'ok', undefined],
      ['ask', 'failed', 'llm_unavailable'],
      ['pinned', 'failed', 'llm_unavailable'],
      ['after', 'skipped', 'dependency "ask" failed'],
      ['other', 'ok', undefined],
    ]);
    expect(out.steps[1]!.error!.message).toBe(
      'Expected a model to run this prompt, got none: no model is available: GEMINI_API_KEY is not set and the client did not declare the sampling capability',
    );
    expect(out.steps[2]!.error!.message).toContain('provider "sampling" was asked for, but the client did not declare the sampling capability');
  });

  it('runs a mixed plan: tool steps feed a prompt step, whose JSON feeds a tool step with its types kept', async () => {
    const { client, asked } = samplingClient((text) => JSON.stringify({ total: Number(/sum is (\d+)/.exec(text)?.[1]) * 10, note: 'x' }));
    const instance = await start({ client });
    const response = await instance.client.callTool({
      name: 'run_plan',
      arguments: {
        steps: [
          { id: 'sum', server: 'alpha', tool: 'add', arguments: { a: 2, b: 3 } },
          { id: 'hello', server: 'alpha', tool: 'echo', arguments: { message: 'hi' } },
          {
            id: 'think',
            title: 'Think about it',
            prompt: 'The sum is {{sum.sum}}. Multiply it by ten.',
            context: 'dependencies',
            depends_on: ['hello'],
            output_schema: { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] },
          },
          { id: 'use', server: 'alpha', tool: 'add', arguments: { a: '{{think.total}}', b: 1 } },
        ],
      },
    });
    const out = response.structuredContent as { steps: StepOut[] };
    expect(out.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(out.steps[3]!.result!.structuredContent).toEqual({ sum: 51 });
    expect(asked[0]!.text).toContain(
      'The sum is 5. Multiply it by ten.\n\nResults of the steps this one depends on:\n\n### hello\nEcho: hi\n\n### sum\n{\n  "sum": 5\n}',
    );
  });
});

describe('run_plan infer_dependencies with prompt steps', () => {
  it('reads a prompt step\'s prompt as its description, and hands the inferred dependencies\' results to it as context', async () => {
    // The client's model answers the analysis request with no JSON, so the heuristic decides.
    const { client, asked } = samplingClient((text) => (text.includes('Compare') ? 'compared' : `notes: ${text}`));
    const instance = await start({ client });
    const response = await instance.client.callTool({
      name: 'run_plan',
      arguments: {
        infer_dependencies: true,
        steps: [
          { id: 'paris', prompt: 'Research the museums of Paris' },
          { id: 'rome', prompt: 'Research the museums of Rome' },
          { id: 'verdict', prompt: 'Compare the museum research above and pick one city', context: 'dependencies' },
        ],
      },
    });
    const out = response.structuredContent as { steps: StepOut[]; summary: { inferred_edges?: Array<{ from: string; to: string }> } };
    expect(out.summary.inferred_edges?.map((e) => `${e.from}->${e.to}`)).toEqual(['paris->verdict', 'rome->verdict']);
    expect(out.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok']);
    const verdict = asked.find((a) => a.text.startsWith('Compare the museum research'))!;
    expect(verdict.text).toContain('### paris\nnotes: Research the museums of Paris');
    expect(verdict.text).toContain('### rome\nnotes: Research the museums of Rome');
  });
});

describe('call_tools_parallel with prompt calls', () => {
  it('runs prompt calls beside tool calls, in input order, and fills a tool\'s one required string parameter from { tool, prompt }', async () => {
    const { client, asked } = samplingClient((text) => `translated: ${text}`, 9);
    const instance = await start({ client });
    const languages = ['French', 'German', 'Spanish', 'Italian', 'Dutch', 'Polish', 'Greek', 'Czech', 'Swedish'];
    const response = await instance.client.callTool({
      name: 'call_tools_parallel',
      arguments: {
        calls: [
          ...languages.map((language) => ({ prompt: `Research this: translate "hello" to ${language}` })),
          { server: 'alpha', tool: 'echo', prompt: 'hello from a prompt' },
          { server: 'alpha', tool: 'add', prompt: 'two and two' },
          { prompt: 'json please', output_schema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } },
        ],
      },
    });
    const out = response.structuredContent as {
      results: Array<{ index: number; ok: boolean; kind?: string; tool?: string; result?: StepOut['result']; error?: { code: string; message: string } }>;
      summary: { succeeded: number; failed: number; usage?: unknown };
    };
    expect(out.results.map((r) => r.index)).toEqual([...Array(12).keys()]);
    expect(out.results.slice(0, 9).map((r) => [r.kind, r.ok, textOf(r as unknown as StepOut)])).toEqual(
      languages.map((language) => ['prompt', true, `translated: Research this: translate "hello" to ${language}`]),
    );
    // All nine translations were in flight at once at the client's model.
    expect(maxOverlap(asked.slice(0, 9).map((a) => a.interval))).toBe(9);
    expect(out.results[9]).toMatchObject({ ok: true, tool: 'echo', result: { content: [{ type: 'text', text: 'Echo: hello from a prompt' }] } });
    expect(out.results[10]).toMatchObject({
      ok: false,
      tool: 'add',
      error: {
        code: 'invalid_arguments',
        message:
          'Expected tool "add" to have exactly one required string parameter to take "prompt", got none; it has a (number, required), b (number, required), tags (array). Pass "arguments" instead.',
      },
    });
    // Not JSON (the fake model echoes), repaired once, still not JSON: invalid_output for that call only.
    expect(out.results[11]).toMatchObject({ ok: false, kind: 'prompt', error: { code: 'invalid_output' } });
    expect(out.summary).toMatchObject({ succeeded: 10, failed: 2, usage: { input_tokens: 0, output_tokens: 0 } });
    // The documented key order, usage last (the answer's bytes).
    expect(Object.keys(out.summary)).toEqual(['total', 'succeeded', 'failed', 'cancelled', 'wall_ms', 'sum_ms', 'speedup', 'usage']);
  });

  it('rejects a call with prompt-only fields on a tool call', async () => {
    const instance = await start();
    const response = await instance.client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ tool: 'echo', prompt: 'x', model: 'm' }] } });
    expect(response.isError).toBe(true);
    expect((response.content as Array<{ text: string }>)[0]!.text).toBe(
      'MCP error -32602: Input validation error: Invalid arguments for tool call_tools_parallel: Expected "model" only on a prompt step, got it on a tool call ("tool": "echo") at calls[0].model',
    );
  });
});
