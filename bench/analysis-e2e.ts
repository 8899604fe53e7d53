/**
 * analyze_dependencies and run_plan's infer_dependencies end to end on a generated plan
 * (bench/generate-plan.ts), through the CLI over stdio with the SDK client: request
 * validation, the analysis, rendering the preview, and the JSON of the answer. Per fresh CLI
 * process: the first analyze_dependencies call (strategy "heuristic"), a second one, then
 * run_plan on the same plan (without step_type, which run_plan does not take) without and with infer_dependencies (their difference is the
 * inference's cost inside a run). Wall time, and the CPU the CLI process used
 * (/proc/<pid>/task/<tid>/schedstat, all its threads) per call. `--hash`: also the sha256 of
 * each analyze_dependencies answer (content and structuredContent), to check that two builds
 * answer the same bytes.
 *
 *   tsx bench/analysis-e2e.ts [--cli PATH] [--steps 10000] [--runs 3] [--no-run-plan] [--hash]
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { generatePlan } from './generate-plan.js';
import { EVERYTHING, openCli, resolveCli, writeConfig } from './mcp-session.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const cli = resolveCli(option('--cli'));
const steps = Number(option('--steps') ?? 10_000);
const runs = Number(option('--runs') ?? 3);
const withRunPlan = !args.includes('--no-run-plan');
const withHash = args.includes('--hash');
if (!Number.isInteger(steps) || !Number.isInteger(runs)) throw new Error(`Expected integer --steps and --runs, got ${option('--steps')} and ${option('--runs')}`);

/** CPU time (ms) of every thread of a process so far. */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return ns / 1e6;
}

const plan = generatePlan(steps, 1);
/** run_plan takes no step_type: the same plan without it. */
const runnable = plan.map(({ step_type: _type, ...step }) => step);
const config = writeConfig('analysis-e2e', { everything: EVERYTHING });
const round = (x: number) => Math.round(x * 10) / 10;

for (let run = 0; run < runs; run++) {
  const session = await openCli(cli, config);
  const row: Record<string, number | string> = { run };
  const timed = async (name: string, tool: string, toolArgs: Record<string, unknown>) => {
    const cpu0 = cpuMs(session.pid);
    const t0 = performance.now();
    const result = await session.client.callTool({ name: tool, arguments: toolArgs }, undefined, { timeout: 600_000 });
    row[`${name}_ms`] = round(performance.now() - t0);
    row[`${name}_cpu_ms`] = round(cpuMs(session.pid) - cpu0);
    if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content).slice(0, 500)}`);
    const text = (result.content as Array<{ type: string; text?: string }>).find((c) => c.type === 'text')?.text ?? '';
    row[`${name}_text_kb`] = round(text.length / 1024);
    if (withHash && tool === 'analyze_dependencies') row[`${name}_sha256`] = createHash('sha256').update(JSON.stringify([result.content, result.structuredContent])).digest('hex').slice(0, 16);
    return result;
  };
  try {
    await timed('analyze_first', 'analyze_dependencies', { steps: plan, strategy: 'heuristic' });
    await timed('analyze_second', 'analyze_dependencies', { steps: plan, strategy: 'heuristic' });
    if (withRunPlan) {
      await timed('run_plan', 'run_plan', { steps: runnable, max_concurrency: 256 });
      await timed('run_plan_infer', 'run_plan', { steps: runnable, max_concurrency: 256, infer_dependencies: true });
    }
  } finally {
    await session.close();
  }
  process.stdout.write(`${JSON.stringify(row)}\n`);
}
