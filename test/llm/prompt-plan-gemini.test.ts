/**
 * Prompt steps in run_plan with the real @google/generative-ai client against a fake
 * Gemini on 127.0.0.1 (GEMINI_BASE_URL), through the real server and SDK client.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maxOverlap } from '../downstream/in-memory-servers.js';
import { arrivals, startFakeGemini, requestText, type FakeGemini, type FakeReply, type RecordedRequest } from '../helpers/fake-gemini.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';
import { CITIES, RANKING, REPORT_TEXT, TEN_CITIES_PLAN, classify, researchNotes, seededRandom, tenCitiesAnswer } from '../helpers/ten-cities.js';

interface StepOut {
  id: string;
  status: string;
  attempts: number;
  kind?: string;
  usage?: { provider: string | null; model: string | null; input_tokens: number | null; output_tokens: number | null };
  result?: { content?: Array<{ text?: string }>; structuredContent?: unknown };
  error?: { code: string; message: string; details?: Record<string, unknown> };
}
interface PlanOut {
  steps: StepOut[];
  summary: { usage?: { input_tokens: number; output_tokens: number }; makespan_ms: number };
}

let fake: FakeGemini;
const running: InMemoryParallelMcp[] = [];
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.respond = undefined;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function runPlan(args: Record<string, unknown>, parallelMcp?: Record<string, unknown>) {
  const env = { GEMINI_API_KEY: 'test-key', GEMINI_MODEL: 'gemini-test', GEMINI_BASE_URL: fake.baseUrl };
  const instance = await startInMemory({}, { env, ...(parallelMcp ? { parallelMcp } : {}) });
  running.push(instance);
  const response = await instance.client.callTool({ name: 'run_plan', arguments: args }, undefined, { timeout: 20_000 });
  return { response, out: response.structuredContent as unknown as PlanOut, text: (response.content as Array<{ text: string }>)[0]!.text };
}

/**
 * Seeded latency per request: research 80-140 ms, compare 60 ms, report 40 ms. Research
 * answers also wait until `together` research requests have arrived (at most 3 s), so the
 * overlap seen at the server does not depend on how fast a loaded machine sends them.
 */
function tenCitiesResponder(together: number, seed = 7): (request: RecordedRequest) => FakeReply {
  const random = seededRandom(seed);
  const research = arrivals(together);
  return (request) => {
    const text = requestText(request);
    const { turn } = classify(text);
    if (turn === 'research') research.arrive();
    const delayMs = turn === 'research' ? 80 + Math.round(random() * 60) : turn === 'compare' ? 60 : 40;
    return { kind: 'text', text: tenCitiesAnswer(text), delayMs, ...(turn === 'research' ? { waitFor: research.all } : {}) };
  };
}

/** Polls (every 5 ms, at most 5 s) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 5) {
    if (waited > 5000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const byTurn = (turn: string) => fake.requests.filter((r) => classify(requestText(r)).turn === turn);
const interval = (r: RecordedRequest) => ({ start: r.received_ms, end: r.answered_ms ?? Infinity });
const textOf = (step: StepOut | undefined) => (step?.result?.content ?? []).map((c) => c.text ?? '').join('');

describe('run_plan prompt steps with Gemini (real SDK, fake server)', () => {
  it('runs the ten-city plan: the research requests overlap at the server, compare gets the ten results, report gets the ranking', async () => {
    fake.respond = tenCitiesResponder(10);
    const { out, response, text } = await runPlan(TEN_CITIES_PLAN, { llm: { maxConcurrency: 10 } });
    expect(response.isError).toBeFalsy();
    expect(out.steps.map((s) => [s.id, s.status, s.attempts])).toEqual(TEN_CITIES_PLAN.steps.map((s) => [s.id, 'ok', 1]));

    const research = byTurn('research');
    expect(research).toHaveLength(10);
    // All ten open at one instant, by the fake server's own clock.
    expect(maxOverlap(research.map(interval))).toBe(10);

    const [compare] = byTurn('compare');
    const compareText = requestText(compare!);
    for (const city of CITIES) {
      expect(compareText).toContain(researchNotes(city));
      expect(compareText).toContain(`### research-${city.toLowerCase().replace(' ', '-')} (Research ${city})`);
    }
    // compare starts only after every research answer was written.
    expect(compare!.received_ms).toBeGreaterThanOrEqual(Math.max(...research.map((r) => r.answered_ms!)));
    expect(compare!.body.generationConfig.responseMimeType).toBe('application/json');
    expect(compare!.body.generationConfig.responseSchema.properties.ranking.items.required).toEqual(['city', 'score', 'reason']);
    expect(compare!.body.generationConfig.responseSchema.properties.ranking.items.properties.score).toEqual({ type: 'integer' });

    const [report] = byTurn('report');
    const reportText = requestText(report!);
    expect(reportText).toContain(`recommending ${RANKING[0]!.city} for a four-day trip`);
    expect(reportText).toContain(`The full ranking, as JSON: ${JSON.stringify(RANKING)}`);
    expect(report!.body.systemInstruction).toEqual({ role: 'system', parts: [{ text: 'You write short, friendly travel reports in Markdown.' }] });

    const compareStep = out.steps.find((s) => s.id === 'compare')!;
    expect(compareStep.result?.structuredContent).toEqual({ ranking: RANKING });
    expect(textOf(out.steps.find((s) => s.id === 'report'))).toBe(REPORT_TEXT);
    expect(compareStep.usage).toEqual({ provider: 'gemini', model: 'gemini-test', input_tokens: 10, output_tokens: 10 });
    expect(out.summary.usage).toEqual({ input_tokens: 120, output_tokens: 120 });
    expect(text).toContain('- compare [ok] prompt/gemini (gemini-test)');
    expect(text).toContain('Model tokens: 120 in, 120 out');
  });

  it('keeps at most parallelMcp.llm.maxConcurrency requests in flight (default 8)', async () => {
    // Answers are held until 8 have arrived: a cap above 8 would let the other two in meanwhile.
    fake.respond = tenCitiesResponder(8);
    const { out } = await runPlan({ steps: TEN_CITIES_PLAN.steps.slice(0, 10), max_concurrency: 10 });
    expect(out.steps.every((s) => s.status === 'ok')).toBe(true);
    expect(maxOverlap(byTurn('research').map(interval))).toBe(8);
  });

  it('retries an HTTP 429 no sooner than its RetryInfo retryDelay (Retry-After sent too), as an attempt under retries', async () => {
    let calls = 0;
    fake.respond = () =>
      ++calls === 1
        ? {
            kind: 'http',
            status: 429,
            message: 'Resource has been exhausted',
            headers: { 'retry-after': '1' },
            details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }],
          }
        : { kind: 'text', text: 'fine now' };
    const { out } = await runPlan({ steps: [{ id: 'ask', prompt: 'Say something', retries: 1 }] });
    expect(out.steps[0]).toMatchObject({ status: 'ok', attempts: 2 });
    expect(textOf(out.steps[0])).toBe('fine now');
    const [first, second] = fake.requests;
    // The default backoff would retry after 200-250 ms; the provider asked for 1 s.
    expect(second!.received_ms - first!.answered_ms!).toBeGreaterThanOrEqual(1000);
  });

  it('fails with rate_limited and the asked delay when a 429 outlasts the retries; a 503 is retried too', async () => {
    fake.respond = (request) =>
      requestText(request).includes('first')
        ? { kind: 'http', status: 429, message: 'quota', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.2s' }] }
        : fake.requests.filter((r) => requestText(r).includes('second')).length === 1
          ? { kind: 'http', status: 503, message: 'The model is overloaded' }
          : { kind: 'text', text: 'ok' };
    const { out } = await runPlan({ steps: [{ id: 'first', prompt: 'first', retries: 0 }, { id: 'second', prompt: 'second', retries: 1 }] });
    expect(out.steps[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'rate_limited', message: 'gemini answered HTTP 429: quota [{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0.2s"}]', details: { provider: 'gemini', status: 429, retry_after_ms: 200 } },
    });
    expect(out.steps[1]).toMatchObject({ status: 'ok', attempts: 2 });
  });

  it('fails with llm_error and does not retry an HTTP 500', async () => {
    fake.respond = () => ({ kind: 'http', status: 500, message: 'Internal error' });
    const { out } = await runPlan({ steps: [{ id: 'ask', prompt: 'Say something', retries: 2 }] });
    expect(out.steps[0]).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'llm_error', message: 'gemini answered HTTP 500: Internal error', details: { provider: 'gemini', status: 500 } } });
    expect(fake.requests).toHaveLength(1);
  });

  it('times a hanging request out at the step timeout and aborts it', async () => {
    fake.respond = () => ({ kind: 'hang' });
    const { out } = await runPlan({ steps: [{ id: 'ask', prompt: 'Say something', timeout_ms: 300, retries: 0 }, { id: 'after', prompt: 'then {{ask}}' }] });
    expect(out.steps.map((s) => [s.status, s.error?.code])).toEqual([['failed', 'timeout'], ['skipped', undefined]]);
    expect(out.steps[0]!.error!.message).toContain('within 300 ms');
    expect(fake.requests).toHaveLength(1);
  });

  it('aborts the model request when the client cancels the plan', async () => {
    fake.respond = () => ({ kind: 'hang' });
    const env = { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: fake.baseUrl };
    const instance = await startInMemory({}, { env });
    running.push(instance);
    const controller = new AbortController();
    const call = instance.client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'ask', prompt: 'Say something' }] } }, undefined, { signal: controller.signal });
    const settled = call.then(() => 'answered', (error: Error) => error.message);
    await until(() => fake.requests.length === 1);
    controller.abort(new Error('user stopped it'));
    expect(await settled).toContain('user stopped it');
    await until(() => fake.requests[0]!.aborted_ms !== undefined);
    expect(fake.requests[0]!.answered_ms).toBeUndefined();
  });

  it('repairs invalid JSON once and passes the typed value on ({{compare.ranking[0].city}})', async () => {
    let compareCalls = 0;
    fake.respond = (request) => {
      const text = requestText(request);
      if (text.includes('Rank')) return { kind: 'text', text: ++compareCalls === 1 ? 'Here is the ranking: Paris first' : JSON.stringify({ ranking: [{ city: 'Paris', score: 9 }] }) };
      return { kind: 'text', text: `echo: ${text}` };
    };
    const schema = { type: 'object', properties: { ranking: { type: 'array', items: { type: 'object', properties: { city: { type: 'string' }, score: { type: 'number' } }, required: ['city'] } } }, required: ['ranking'] };
    const { out } = await runPlan({
      steps: [
        { id: 'compare', prompt: 'Rank the cities', output_schema: schema },
        { id: 'next', prompt: 'Go to {{compare.ranking[0].city}}, score {{compare.ranking[0].score}}' },
      ],
    });
    expect(out.steps.map((s) => s.status)).toEqual(['ok', 'ok']);
    expect(out.steps[0]!.result!.structuredContent).toEqual({ ranking: [{ city: 'Paris', score: 9 }] });
    expect(out.steps[0]!.usage).toEqual({ provider: 'gemini', model: 'gemini-test', input_tokens: 20, output_tokens: 20 });
    expect(textOf(out.steps[1])).toBe('echo: Go to Paris, score 9');
    const repair = fake.requests[1]!;
    expect(repair.body.contents.map((c: { role: string }) => c.role)).toEqual(['user', 'model', 'user']);
    expect(repair.body.contents[1].parts[0].text).toBe('Here is the ranking: Paris first');
    expect(repair.body.contents[2].parts[0].text).toMatch(/^Your answer was not usable: expected JSON, got text that does not parse/);
  });

  it('fails with invalid_output naming the JSON path when the repair is bad too', async () => {
    fake.respond = (request) => ({ kind: 'text', text: requestText(request).includes('not usable') ? '{"ranking": [{"score": 3}]}' : '{"ranking": "none"}' });
    const schema = { type: 'object', properties: { ranking: { type: 'array', items: { type: 'object', required: ['city'] } } }, required: ['ranking'] };
    const { out } = await runPlan({ steps: [{ id: 'compare', prompt: 'Rank the cities', output_schema: schema, retries: 2 }] });
    expect(out.steps[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: {
        code: 'invalid_output',
        message:
          "After one repair request the answer is still unusable: expected JSON matching the output schema, got JSON where $.ranking.0 must have required property 'city' (first answer: expected JSON matching the output schema, got JSON where $.ranking must be array)",
      },
    });
    expect(fake.requests).toHaveLength(2);
  });

  it('rejects a plan whose output_schema is not a JSON Schema, and a step with both tool and prompt, before any request', async () => {
    const bad = await runPlan({ steps: [{ id: 'a', prompt: 'x', output_schema: { type: 'bogus' } }] });
    expect(bad.response.isError).toBe(true);
    expect(bad.text).toMatch(/^The plan was not run: 1 problem\(s\)\.\n- steps\[0\]\.output_schema \(invalid_output_schema\): Expected a JSON Schema, got one ajv rejects: /);
    const both = await runPlan({ steps: [{ id: 'a', prompt: 'x', tool: 'echo' }] });
    expect(both.response.isError).toBe(true);
    expect(both.text).toBe(
      'MCP error -32602: Input validation error: Invalid arguments for tool run_plan: Expected either "tool" (a tool call) or "prompt" (a model step), got both at steps[0].prompt',
    );
    expect(fake.requests).toEqual([]);
  });
});
