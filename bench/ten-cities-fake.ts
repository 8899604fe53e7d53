/**
 * `npx tsx bench/ten-cities-fake.ts [--sampling] [--cli path]`: runs examples/plans/ten-cities-research.json
 * through the built CLI over stdio against the tests' fake Gemini on 127.0.0.1 (the real
 * @google/generative-ai client), with seeded latencies (research 200-300 ms, compare and
 * report 300 ms), and prints analyze_dependencies' preview and run_plan's text answer.
 * The README's example output comes from this script.
 */
import { startFakeGemini, requestText } from '../test/helpers/fake-gemini.js';
import { TEN_CITIES_PLAN, classify, seededRandom, tenCitiesAnswer } from '../test/helpers/ten-cities.js';
import { openSession, resolveCli, textOf, writeConfig } from './mcp-session.js';

const fake = await startFakeGemini();
const random = seededRandom(20261);
fake.respond = (request) => {
  const text = requestText(request);
  const delayMs = classify(text).turn === 'research' ? 200 + Math.round(random() * 100) : 300;
  return { kind: 'text', text: tenCitiesAnswer(text), delayMs, usage: { promptTokenCount: Math.ceil(text.length / 4), candidatesTokenCount: 40 } };
};
const config = writeConfig('ten-cities-fake', {}, { llm: { maxConcurrency: 10 } });
const cliFlag = process.argv.indexOf('--cli');
const session = await openSession(process.execPath, [resolveCli(cliFlag >= 0 ? process.argv[cliFlag + 1] : undefined), '--config', config], {
  env: { GEMINI_API_KEY: 'fake-key', GEMINI_BASE_URL: fake.baseUrl },
});
try {
  // One warm-up request first: a fresh process's first requests pay for loading and JIT.
  await session.client.callTool({ name: 'run_plan', arguments: { steps: [{ id: 'warm', prompt: 'Research Nowhere as a city break' }] } });
  const preview = await session.client.callTool({ name: 'analyze_dependencies', arguments: { steps: TEN_CITIES_PLAN.steps, strategy: 'heuristic' } });
  process.stdout.write(`${textOf(preview)}\n\n`);
  const run = await session.client.callTool({ name: 'run_plan', arguments: TEN_CITIES_PLAN }, undefined, { timeout: 60_000 });
  process.stdout.write(`${textOf(run)}\n`);
} finally {
  await session.close();
  await fake.close();
}
