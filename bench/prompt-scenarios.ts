/**
 * Section 6 — the seed scenarios of section 4 as plans of *prompt* steps, run by the built
 * CLI over stdio against the fake Gemini of the tests (test/helpers/fake-gemini.ts) on
 * 127.0.0.1 through the real @google/generative-ai client. Each step's latency is its
 * scenario duration (1 s = 40 ms: four times section 4's scale, as each step here is a real HTTP request through the SDK) times a seeded factor in [0.9, 1.1], written into the
 * prompt for the fake to honour; the theoretical maximum is computed from those same
 * latencies. Every step but the roots uses `context: "dependencies"`, so the dependency
 * results travel in the requests as they would with a real model.
 */

import { criticalPath, makespanLowerBound } from '../src/engine/graph.js';
import { startFakeGemini } from '../test/helpers/fake-gemini.js';
import { seededRandom } from '../test/helpers/ten-cities.js';
import type { Table } from './markdown.js';
import { openSession, writeConfig } from './mcp-session.js';
import { SCENARIOS } from './seed-scenarios.js';
import { fmt, median, round } from './stats.js';

const SCALE_MS_PER_S = 40;
const MAX_CONCURRENCY = 10;

export interface PromptScenarioResult {
  name: string;
  sum_ms: number;
  lower_bound_ms: number;
  theoretical_speedup: number;
  makespan_ms: number[];
  speedup: number;
  of_theoretical: number;
  requests: number;
  all_ok: boolean;
}

export async function benchPromptScenarios(options: { cli: string; repeats: number; seed: number }): Promise<PromptScenarioResult[]> {
  const fake = await startFakeGemini();
  fake.respond = (request) => {
    const text = JSON.stringify(request.body?.contents ?? '');
    const ms = Number(/\[latency (\d+) ms\]/.exec(text)?.[1] ?? 0);
    return { kind: 'text', text: `answer after ${ms} ms`, delayMs: ms };
  };
  const config = writeConfig('prompt-scenarios', {}, { llm: { maxConcurrency: MAX_CONCURRENCY } });
  const session = await openSession(process.execPath, [options.cli, '--config', config], {
    env: { GEMINI_API_KEY: 'bench-key', GEMINI_MODEL: 'gemini-bench', GEMINI_BASE_URL: fake.baseUrl },
  });
  const random = seededRandom(options.seed);
  try {
    await session.client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'warm', prompt: 'warm up [latency 1 ms]' }] } });
    const results: PromptScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      const latency = new Map(scenario.steps.map((s) => [s.id, Math.round(s.seconds * SCALE_MS_PER_S * (0.9 + 0.2 * random()))]));
      const graph = { ids: scenario.steps.map((s) => s.id), dependsOn: new Map(scenario.steps.map((s) => [s.id, s.dependsOn])) };
      const sum = [...latency.values()].reduce((a, b) => a + b, 0);
      const lowerBound = makespanLowerBound(criticalPath(graph, (id) => latency.get(id)!).ms, sum, MAX_CONCURRENCY);
      const steps = scenario.steps.map((s) => ({
        id: s.id,
        prompt: `Do step ${s.id}. [latency ${latency.get(s.id)} ms]`,
        estimated_ms: latency.get(s.id),
        ...(s.dependsOn.length > 0 ? { depends_on: s.dependsOn, context: 'dependencies' } : {}),
      }));
      const makespans: number[] = [];
      let allOk = true;
      const before = fake.requests.length;
      for (let r = 0; r < options.repeats; r++) {
        const response = await session.client.callTool(
          { name: 'run_plan', arguments: { steps, max_concurrency: MAX_CONCURRENCY } },
          undefined,
          { timeout: 120_000 },
        );
        const structured = response.structuredContent as { steps?: Array<{ id: string; status: string }>; summary?: { makespan_ms?: number } } | undefined;
        const makespan = structured?.summary?.makespan_ms;
        if (typeof makespan !== 'number' || !structured?.steps) {
          throw new Error(`Expected run_plan structuredContent { steps, summary.makespan_ms }, got ${JSON.stringify(response).slice(0, 400)}\n${session.stderrTail()}`);
        }
        makespans.push(makespan);
        allOk &&= structured.steps.length === steps.length && structured.steps.every((s, i) => s.id === steps[i]!.id && s.status === 'ok');
      }
      const theoretical = sum / lowerBound;
      const speedup = sum / median(makespans);
      results.push({
        name: scenario.name,
        sum_ms: sum,
        lower_bound_ms: lowerBound,
        theoretical_speedup: round(theoretical, 3),
        makespan_ms: makespans.map((v) => round(v, 1)),
        speedup: round(speedup, 3),
        of_theoretical: round(speedup / theoretical, 4),
        requests: (fake.requests.length - before) / options.repeats,
        all_ok: allOk,
      });
    }
    return results;
  } finally {
    await session.close();
    await fake.close();
  }
}

export function promptScenarioTables(results: PromptScenarioResult[]): Table[] {
  return [
    {
      title: `6. Seed scenarios as prompt-step plans against the fake Gemini (real SDK; 1 s = ${SCALE_MS_PER_S} ms, seeded x0.9-1.1, max_concurrency ${MAX_CONCURRENCY})`,
      headers: ['scenario', 'requests', 'sequential (ms)', 'limit (ms)', 'theoretical max', 'makespan (ms)', 'speedup', 'of max', 'all ok'],
      rows: results.map((r) => [
        r.name,
        String(r.requests),
        String(r.sum_ms),
        String(r.lower_bound_ms),
        `${fmt(r.theoretical_speedup, 2)}x`,
        fmt(median(r.makespan_ms), 1),
        `${fmt(r.speedup, 2)}x`,
        `${fmt(r.of_theoretical * 100, 1)}%`,
        r.all_ok ? 'yes' : 'NO',
      ]),
      notes: ['Sequential = sum of the seeded latencies; limit = max(critical path, sum / k); makespan is run_plan\'s summary.makespan_ms (median).'],
    },
  ];
}
