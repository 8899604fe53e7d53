import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeDependencies, type AnalysisStep } from '../../src/analysis/analyze.js';
import { createGeminiClient } from '../../src/llm/gemini.js';
import { LLM_RESPONSE_SCHEMA } from '../../src/analysis/llm.js';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';

const steps: AnalysisStep[] = [
  { id: 'paris', title: 'Research Paris' },
  { id: 'london', title: 'Research London' },
  { id: 'compare', title: 'Compare the cities' },
  { id: 'report', title: 'Write the report', depends_on: ['compare'] },
];
const heuristicEdges = [
  { from: 'compare', to: 'report', source: 'explicit', reason: '"report" lists "compare" in depends_on' },
  { from: 'paris', to: 'compare', source: 'heuristic', reason: '"compare" aggregates the earlier results' },
  { from: 'london', to: 'compare', source: 'heuristic', reason: '"compare" aggregates the earlier results' },
];

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

function gemini() {
  const client = createGeminiClient({ GEMINI_API_KEY: 'test-key', GEMINI_MODEL: 'gemini-test', GEMINI_BASE_URL: fake.baseUrl });
  if (!client) throw new Error('expected a Gemini client');
  return client;
}

describe('analyzeDependencies with Gemini (real SDK, fake server)', () => {
  it('returns the model edges with method llm when the answer is good, and sends the prompt and schema', async () => {
    fake.reply = {
      kind: 'text',
      text: JSON.stringify({
        edges: [
          { from: 'paris', to: 'compare', reason: 'needs Paris' },
          { from: 'london', to: 'compare', reason: 'needs London' },
        ],
      }),
    };
    const result = await analyzeDependencies(steps, { strategy: 'auto', gemini: gemini() });
    expect(result.method).toBe('llm');
    expect(result.fallbacks).toEqual([]);
    // The model's edges repeat the text's own evidence ("compare" aggregates): they keep its reasons.
    expect(result.edges).toEqual(heuristicEdges);
    expect(result.stages).toEqual([['paris', 'london'], ['compare'], ['report']]);

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.url).toBe('/v1beta/models/gemini-test:generateContent');
    expect(request.headers['x-goog-api-key']).toBe('test-key');
    const prompt = readFileSync(new URL('../../prompts/dependency-analysis.md', import.meta.url), 'utf8');
    expect(request.body.systemInstruction).toEqual({ role: 'system', parts: [{ text: prompt }] });
    expect(request.body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: LLM_RESPONSE_SCHEMA,
      temperature: 0,
    });
    expect(request.body.contents[0].parts[0].text).toContain('"id": "paris"');
  });

  it('keeps orderings the text states even when the model leaves them out, and drops only plan-order defaults', async () => {
    const pipeline: AnalysisStep[] = [
      { id: 'download', title: 'Download the housing dataset' },
      { id: 'baseline', title: 'Tabulate baseline scores' },
      { id: 'clean', title: 'Clean the dataset' },
    ];
    const heuristic = await analyzeDependencies(pipeline, { strategy: 'heuristic' });
    expect(heuristic.edges).toEqual([
      { from: 'download', to: 'baseline', source: 'default', reason: 'no evidence that "baseline" is independent of "download": kept in plan order' },
      { from: 'baseline', to: 'clean', source: 'default', reason: 'no evidence that "clean" is independent of "baseline": kept in plan order' },
    ]);
    fake.reply = { kind: 'text', text: JSON.stringify({ edges: [] }) };
    const result = await analyzeDependencies(pipeline, { gemini: gemini() });
    expect(result.method).toBe('llm');
    expect(result.edges).toEqual([{ from: 'download', to: 'clean', source: 'heuristic', reason: '"clean" works on "dataset", which "download" handles first' }]);
    expect(result.stages).toEqual([['download', 'baseline'], ['clean']]);
    expect(result.independence).toEqual([
      { steps: ['download', 'baseline', 'clean'], reason: 'the model (gemini) found no dependency between them, and no evidence of dependence contradicts it' },
    ]);
    // The model was told the text's orderings as edges to keep.
    expect(fake.requests[0]!.body.contents[0].parts[0].text).toContain('{"from":"download","to":"clean"}');
  });

  it('drops unknown ids and self-edges with warnings and re-adds certain edges when the answer has them', async () => {
    fake.reply = {
      kind: 'text',
      text: JSON.stringify({
        edges: [
          { from: 'paris', to: 'compare', reason: 'r1' },
          { from: 'berlin', to: 'compare', reason: 'r2' },
          { from: 'london', to: 'london', reason: 'r3' },
        ],
      }),
    };
    const result = await analyzeDependencies(steps, { gemini: gemini() });
    expect(result.method).toBe('llm');
    // london -> compare is the text's own evidence: the model cannot remove it.
    expect(result.edges).toEqual(heuristicEdges);
    expect(result.warnings).toEqual([
      'llm edges[1]: expected step ids, got unknown "berlin"; edge dropped',
      'llm edges[2]: expected two different steps, got a self-edge on "london"; edge dropped',
    ]);
  });

  const failures: Array<[string, () => void, string]> = [
    ['the answer is malformed JSON', () => (fake.reply = { kind: 'text', text: '{"edges": [' }), 'gemini: expected a JSON object, got malformed JSON: "{\\"edges\\": ["'],
    [
      'the answer has the wrong shape',
      () => (fake.reply = { kind: 'text', text: '{"dependencies": []}' }),
      'gemini: expected {"edges": [{"from", "to", "reason"}]}, got an answer failing at $.edges: Invalid input: expected array, received undefined',
    ],
    [
      'the answer has a cycle',
      () =>
        (fake.reply = {
          kind: 'text',
          text: JSON.stringify({ edges: [{ from: 'report', to: 'paris', reason: 'x' }, { from: 'paris', to: 'compare', reason: 'y' }] }),
        }),
      'gemini: answer rejected: its edges form the cycle paris -> compare -> report -> paris',
    ],
    ['the server answers HTTP 429', () => (fake.reply = { kind: 'http', status: 429, message: 'Resource exhausted' }), 'gemini: HTTP 429: '],
    ['the server answers HTTP 500', () => (fake.reply = { kind: 'http', status: 500, message: 'Internal error' }), 'gemini: HTTP 500: '],
  ];
  for (const [when, arrange, fallback] of failures) {
    it(`falls back to the heuristic with a reason when ${when}`, async () => {
      arrange();
      const result = await analyzeDependencies(steps, { gemini: gemini() });
      expect(result.method).toBe('heuristic');
      expect(result.edges).toEqual(heuristicEdges);
      expect(result.fallbacks).toHaveLength(1);
      expect(result.fallbacks[0]!.startsWith(fallback)).toBe(true);
      expect(result.warnings).toEqual([`LLM analysis unavailable, used the heuristic instead (${result.fallbacks[0]})`]);
      expect(fake.requests).toHaveLength(1);
    });
  }

  it('falls back to the heuristic when the server hangs past the timeout', async () => {
    fake.reply = { kind: 'hang' };
    const result = await analyzeDependencies(steps, { gemini: gemini(), timeoutMs: 200 });
    expect(result.method).toBe('heuristic');
    expect(result.edges).toEqual(heuristicEdges);
    expect(result.fallbacks).toEqual(['gemini: no answer within 200 ms (timeout)']);
    expect(result.warnings).toEqual(['LLM analysis unavailable, used the heuristic instead (gemini: no answer within 200 ms (timeout))']);
  });

  it('never calls Gemini when the strategy is heuristic', async () => {
    const result = await analyzeDependencies(steps, { strategy: 'heuristic', gemini: gemini() });
    expect(result.method).toBe('heuristic');
    expect(fake.requests).toEqual([]);
  });

  it('returns no client when GEMINI_API_KEY is unset or blank', () => {
    expect(createGeminiClient({})).toBeUndefined();
    expect(createGeminiClient({ GEMINI_API_KEY: '  ' })).toBeUndefined();
  });
});
