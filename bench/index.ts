/**
 * `npm run bench [-- --quick] [--only proxy,scheduling,adversarial,scale,seeds,prompt-seeds,cold-start] [--cli <path>] [--seed <n>]`
 *
 * Runs the benchmark sections of issues 5 and 13, prints one Markdown table per section on stdout
 * and writes bench/results/latest.json. Sections that need the stdio server spawn the built
 * CLI (package.json's bin, dist/bundle/parallel-mcp.js, unless --cli is given; --cli dist/cli.js
 * runs the unbundled build). Timing lives here, never in `npm test`.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AdversarialResult } from './adversarial.js';
import type { ColdStart } from './cold-start.js';
import { renderTable, type Table } from './markdown.js';
import { repoRoot, resolveCli } from './mcp-session.js';
import type { ProxyResult } from './proxy-overhead.js';
import type { ScaleResult } from './scale.js';
import type { SchedulingResult } from './scheduling.js';
import type { ScenarioResult } from './seed-scenarios.js';
import type { PromptScenarioResult } from './prompt-scenarios.js';
import { round } from './stats.js';
import { checkIssue13, checkTargets, issue13Table, targetsTable, type Issue13Check, type TargetCheck } from './targets.js';

const SECTIONS = ['proxy', 'scheduling', 'adversarial', 'scale', 'seeds', 'prompt-seeds', 'cold-start'] as const;
type SectionName = (typeof SECTIONS)[number];

export interface BenchResults {
  generated_at: string;
  command: string;
  quick: boolean;
  machine: { node: string; platform: string; cpus: number; cpu_model: string; total_mem_gb: number };
  sections: {
    proxy?: ProxyResult;
    scheduling?: SchedulingResult;
    adversarial?: AdversarialResult[];
    scale?: ScaleResult;
    seeds?: ScenarioResult[];
    prompt_seeds?: PromptScenarioResult[];
    cold_start?: ColdStart;
  };
  section_ms: Partial<Record<SectionName, number>>;
  failures: Array<{ section: SectionName; error: string }>;
  targets: TargetCheck[];
  issue13_targets: Issue13Check[];
  wall_ms: number;
}

function parse() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      cli: { type: 'string' },
      seed: { type: 'string', default: '20261' },
      out: { type: 'string' },
    },
  });
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...SECTIONS];
  for (const name of only) {
    if (!(SECTIONS as readonly string[]).includes(name)) {
      throw new Error(`Expected --only to list sections from ${SECTIONS.join(', ')}, got "${name}"`);
    }
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`Expected --seed to be an integer, got "${values.seed}"`);
  return { quick: values.quick, only: only as SectionName[], cli: values.cli, seed, out: values.out };
}

async function main(): Promise<number> {
  const args = parse();
  const q = args.quick;
  const started = performance.now();
  const cpu = cpus();
  const results: BenchResults = {
    generated_at: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    quick: q,
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpu.length,
      cpu_model: cpu[0]?.model ?? 'unknown',
      total_mem_gb: round(totalmem() / 2 ** 30, 1),
    },
    sections: {},
    section_ms: {},
    failures: [],
    targets: [],
    issue13_targets: [],
    wall_ms: 0,
  };
  const print = (tables: Table[]) => {
    for (const table of tables) process.stdout.write(`${renderTable(table)}\n`);
  };
  process.stdout.write(`## parallel-mcp benchmarks${q ? ' (quick)' : ''}\n\n` +
    `${results.machine.cpus} x ${results.machine.cpu_model}, ${results.machine.total_mem_gb} GB, Node ${results.machine.node}, ${results.machine.platform}. Command: \`${results.command}\`\n\n`);

  const run = async (name: SectionName, body: () => Promise<Table[]>) => {
    if (!args.only.includes(name)) return;
    const t0 = performance.now();
    process.stderr.write(`bench: ${name} ...\n`);
    try {
      print(await body());
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.failures.push({ section: name, error: message });
      process.stdout.write(`### ${name}: FAILED\n\n\`\`\`\n${message}\n\`\`\`\n\n`);
    }
    results.section_ms[name] = round(performance.now() - t0, 0);
  };

  await run('proxy', async () => {
    const { benchProxy, proxyTables } = await import('./proxy-overhead.js');
    const r = await benchProxy({ cli: resolveCli(args.cli), calls: 1000, inFlight: 64, repeats: q ? 5 : 11, warmupBatches: q ? 3 : 5, latencySamples: q ? 150 : 500, latencyGroups: 5 });
    results.sections.proxy = r;
    return proxyTables(r);
  });
  await run('scheduling', async () => {
    const { benchScheduling, schedulingTables } = await import('./scheduling.js');
    const r = await benchScheduling({
      sizes: [20, 50, 200],
      concurrencies: [4, 8, Infinity],
      dagsPerCell: q ? 8 : 30,
      group: q ? 8 : 6,
      seed: args.seed,
      worstCaseRepeats: q ? 3 : 5,
    });
    results.sections.scheduling = r;
    return schedulingTables(r);
  });
  await run('adversarial', async () => {
    const { benchAdversarial, adversarialTable } = await import('./adversarial.js');
    const r = await benchAdversarial({ repeats: q ? 3 : 10, seed: args.seed });
    results.sections.adversarial = r;
    return [adversarialTable(r)];
  });
  await run('scale', async () => {
    const { benchScaleAnalysis, benchScaleCalls, scaleTables } = await import('./scale.js');
    const r: ScaleResult = {};
    results.sections.scale = r;
    r.analysis = [
      await benchScaleAnalysis({ steps: 1_000, repeats: q ? 1 : 3, seed: args.seed, deadlineMs: 60_000 }),
      await benchScaleAnalysis({ steps: 10_000, repeats: q ? 3 : 7, seed: args.seed, deadlineMs: q ? 10_000 : 30_000 }),
    ];
    r.calls = await benchScaleCalls({ cli: resolveCli(args.cli), count: 10_000, maxConcurrency: 256 });
    return scaleTables(r);
  });
  await run('seeds', async () => {
    const { benchSeedScenarios, seedTables } = await import('./seed-scenarios.js');
    const r = await benchSeedScenarios({ cli: resolveCli(args.cli), repeats: q ? 1 : 3 });
    results.sections.seeds = r;
    return seedTables(r);
  });
  await run('prompt-seeds', async () => {
    const { benchPromptScenarios, promptScenarioTables } = await import('./prompt-scenarios.js');
    const r = await benchPromptScenarios({ cli: resolveCli(args.cli), repeats: q ? 1 : 3, seed: args.seed });
    results.sections.prompt_seeds = r;
    return promptScenarioTables(r);
  });
  await run('cold-start', async () => {
    const { benchColdStart, coldStartTables } = await import('./cold-start.js');
    const r = await benchColdStart({ cli: resolveCli(args.cli), repeats: q ? 3 : 5, firstCallRepeats: q ? 5 : 9 });
    results.sections.cold_start = r;
    return coldStartTables(r);
  });

  results.targets = checkTargets(results);
  results.issue13_targets = checkIssue13(results);
  results.wall_ms = round(performance.now() - started, 0);
  print([issue13Table(results.issue13_targets), targetsTable(results.targets)]);
  process.stdout.write(`Whole run: ${(results.wall_ms / 1000).toFixed(1)} s.${results.failures.length ? ` Failed sections: ${results.failures.map((f) => f.section).join(', ')}.` : ''}\n`);

  const out = args.out ?? join(repoRoot, 'bench', 'results', 'latest.json');
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify(results, (_k, v: unknown) => (v === Infinity ? 'unlimited' : v), 2) + '\n');
  process.stderr.write(`bench: wrote ${out}\n`);
  return results.failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
