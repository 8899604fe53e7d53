/**
 * The model path of analyzeDependencies (strategy `llm`) on generated plans, with a fake
 * model client in-process that returns a fixed answer (no network, no model time): what the
 * analysis itself costs around the model's answer. Prints one JSON line per plan size with
 * min/median/max wall and CPU ms (user + system, all threads) over the repeats (all in one process, the first repeat included).
 *
 *   tsx bench/analysis-model.ts [repeats=5] [sizes=1000,10000] [answer=chain|empty]
 *
 * answer `chain`: the model answers step_{i-1} -> step_i for every i (a full chain);
 * `empty`: the model answers no edge. The generated plans (bench/generate-plan.ts) have many
 * steps the heuristic finds depending on every earlier step (about half of them).
 */
import { analyzeDependencies, type LlmClient } from '../src/analysis/analyze.js';
import { generatePlan } from './generate-plan.js';

const [repeatsArg, sizesArg, answerArg] = process.argv.slice(2);
const repeats = Number(repeatsArg ?? 5);
const sizes = (sizesArg ?? '1000,10000').split(',').map(Number);
const answerKind = answerArg ?? 'chain';
if (!Number.isInteger(repeats) || repeats < 1 || sizes.some((n) => !Number.isInteger(n) || n < 2) || !['chain', 'empty'].includes(answerKind)) {
  throw new Error(`Expected [repeats] [sizes,comma,separated] [chain|empty], got ${process.argv.slice(2).join(' ')}`);
}

const round = (ms: number) => Number(ms.toFixed(1));
for (const n of sizes) {
  const plan = generatePlan(n, 1);
  const edges = answerKind === 'chain' ? plan.slice(1).map((s, i) => ({ from: plan[i]!.id, to: s.id, reason: 'the model says so' })) : [];
  const answer = JSON.stringify({ edges });
  const client: LlmClient = { name: 'gemini', completeJson: async () => answer };
  const wall: number[] = [];
  const cpu: number[] = [];
  let result: Awaited<ReturnType<typeof analyzeDependencies>> | undefined;
  for (let r = 0; r < repeats; r++) {
    const before = process.cpuUsage();
    const t0 = performance.now();
    result = await analyzeDependencies(plan, { strategy: 'llm', gemini: client });
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  const spread = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { min: round(sorted[0]!), median: round(sorted[Math.floor(sorted.length / 2)]!), max: round(sorted[sorted.length - 1]!) };
  };
  process.stdout.write(
    `${JSON.stringify({
      steps: n,
      answer: answerKind,
      repeats,
      wall_ms: spread(wall),
      cpu_ms: spread(cpu),
      method: result!.method,
      edges: result!.edges.length,
    })}\n`,
  );
}
