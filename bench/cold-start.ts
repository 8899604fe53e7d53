/**
 * Section 5 — cold start. (a) Spawn `node <cli> --config mcp.json` (the repo's default config:
 * everything, memory, filesystem) until `initialize` is answered and until the first
 * `tools/list` is answered; lazy (default) and `--eager`. (b) Issue 13's figure, paired and
 * alternating in order: spawn of the CLI to the first successful `call_tools_parallel` of one
 * server-everything `echo`, against spawning server-everything directly to its first `echo`.
 * Every figure min / median / max over the spawns.
 */

import { dirname, join } from 'node:path';
import type { Table } from './markdown.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { childPidsOf, cpuMs, EVERYTHING, openCli, openSession, parallelEcho, repoRoot, textOf } from './mcp-session.js';
import { fmtSpread, round, spread, type Spread } from './stats.js';

export interface ColdStartResult {
  mode: 'lazy' | 'eager';
  runs: number;
  initialize_ms: number[];
  first_tools_list_ms: number[];
  tools: number;
  initialize: Spread;
  first_tools_list: Spread;
}

export interface FirstCallResult {
  runs: number;
  /** Spawn of the CLI to the first call_tools_parallel of one echo answered ok, per run. */
  proxy_ms: number[];
  /** Spawn of server-everything to its first echo answered, per run. */
  direct_ms: number[];
  /** Per run, proxy / direct (the "x a direct server"). */
  ratios: number[];
  proxy: Spread;
  direct: Spread;
  ratio: Spread;
  /** CPU parallel-mcp itself (not its child) had used by its first answer; the machine's load hardly moves it. */
  proxy_cpu: Spread;
  /** CPU server-everything had used by its first direct answer. */
  direct_cpu: Spread;
}

export interface ColdStart {
  modes: ColdStartResult[];
  first_call: FirstCallResult[];
}

export interface FirstCall {
  /** Spawn to the first echo answered, wall. */
  ms: number;
  /** CPU (user + system, /proc) the spawned process had used by then. */
  cpu_ms: number;
  /**
   * parallel-mcp only: how long after parallel-mcp's own start its first downstream process
   * started (start times from /proc, 10 ms ticks); the machine's load moves it less than the
   * wall times, and it shows whether the server boots while parallel-mcp loads.
   */
  downstream_spawned_ms?: number;
}

/** A process's start time, in ms since boot (10 ms ticks; /proc/<pid>/stat field 22). */
function startedMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) * 10;
}

/** Start-up events of one first call, from bench/first-call-probe.mjs (ms since the process started). */
export interface FirstCallPhases {
  /** First bytes read from stdin (the client's initialize). */
  stdin_ms: number;
  /** The first downstream process spawned. */
  spawn_ms: number;
  /** CPU parallel-mcp had used when it spawned it. */
  spawn_cpu_ms: number;
  /** The first downstream spawn to its initialize answer read: the server's boot (and what slows it). */
  spawn_to_server_up_ms: number;
  /** The first downstream initialize answer read, to our answer written: what we do once the server is up. */
  server_up_to_answer_ms: number;
  /** Its tools/list answer read, to the tools/call written to it. */
  listed_to_call_ms: number;
}

const PROBE = join(repoRoot, 'bench/first-call-probe.mjs');

function phasesOf(file: string): FirstCallPhases {
  const events = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { event: string; ms: number; cpu_ms: number });
  const first = (name: string) => {
    const found = events.find((e) => e.event === name);
    if (!found) throw new Error(`Expected a "${name}" event from the probe, got ${events.map((e) => e.event).join(', ')}`);
    return found;
  };
  return {
    stdin_ms: first('stdin').ms,
    spawn_ms: first('spawn').ms,
    spawn_cpu_ms: first('spawn').cpu_ms,
    spawn_to_server_up_ms: first('down-initialized').ms - first('spawn').ms,
    server_up_to_answer_ms: first('answer').ms - first('down-initialized').ms,
    listed_to_call_ms: first('down-call').ms - first('down-listed').ms,
  };
}

async function timeProxyFirstCall(cli: string, config: string, extraArgs: string[], probeFile?: string): Promise<FirstCall & { phases?: FirstCallPhases }> {
  const t0 = performance.now();
  const session = probeFile
    ? await openSession(process.execPath, ['--import', PROBE, cli, '--config', config, ...extraArgs], { env: { PARALLEL_MCP_STATE_DIR: 'none', FIRST_CALL_PROBE: probeFile } })
    : await openCli(cli, config, extraArgs);
  try {
    const { results } = await parallelEcho(session, 1, 1);
    const ms = performance.now() - t0;
    const cpu = cpuMs(session.pid);
    const children = childPidsOf(session.pid).flatMap((pid) => {
      try {
        return [startedMs(pid)];
      } catch {
        return []; // gone since
      }
    });
    const spawned = children.length > 0 ? Math.min(...children) - startedMs(session.pid) : undefined;
    if (!(results.length === 1 && results[0]!.ok)) throw new Error(`Expected the first echo through parallel-mcp to succeed, got ${JSON.stringify(results).slice(0, 300)}`);
    return { ms, cpu_ms: cpu, ...(spawned === undefined ? {} : { downstream_spawned_ms: spawned }), ...(probeFile ? { phases: phasesOf(probeFile) } : {}) };
  } finally {
    await session.close();
  }
}

async function timeDirectFirstCall(): Promise<FirstCall> {
  const t0 = performance.now();
  const session = await openSession(EVERYTHING.command, EVERYTHING.args);
  try {
    const result = await session.client.callTool({ name: 'echo', arguments: { message: 'm0' } });
    const ms = performance.now() - t0;
    const cpu = cpuMs(session.pid);
    if (textOf(result) !== 'Echo: m0') throw new Error(`Expected the direct echo to answer "Echo: m0", got ${JSON.stringify(result).slice(0, 300)}`);
    return { ms, cpu_ms: cpu };
  } finally {
    await session.close();
  }
}

/** Issue 13's figure: `repeats` pairs, the order inside a pair alternating. */
export async function benchFirstCall(options: { cli: string; repeats: number; eager?: boolean }): Promise<FirstCallResult> {
  const config = join(repoRoot, 'mcp.json');
  const extra = options.eager ? ['--eager'] : [];
  const proxy: FirstCall[] = [];
  const direct: FirstCall[] = [];
  for (let r = 0; r < options.repeats; r++) {
    if (r % 2 === 0) {
      direct.push(await timeDirectFirstCall());
      proxy.push(await timeProxyFirstCall(options.cli, config, extra));
    } else {
      proxy.push(await timeProxyFirstCall(options.cli, config, extra));
      direct.push(await timeDirectFirstCall());
    }
  }
  const ratios = proxy.map((p, i) => p.ms / direct[i]!.ms);
  return {
    runs: options.repeats,
    proxy_ms: proxy.map((v) => round(v.ms, 1)),
    direct_ms: direct.map((v) => round(v.ms, 1)),
    ratios: ratios.map((v) => round(v, 3)),
    proxy: spread(proxy.map((v) => v.ms), 1),
    direct: spread(direct.map((v) => v.ms), 1),
    ratio: spread(ratios, 3),
    proxy_cpu: spread(proxy.map((v) => v.cpu_ms), 0),
    direct_cpu: spread(direct.map((v) => v.cpu_ms), 0),
  };
}

export async function benchColdStart(options: { cli: string; repeats: number; firstCallRepeats: number }): Promise<ColdStart> {
  const config = join(repoRoot, 'mcp.json');
  const modes: ColdStartResult[] = [];
  for (const mode of ['lazy', 'eager'] as const) {
    const init: number[] = [];
    const list: number[] = [];
    let tools = 0;
    for (let r = 0; r < options.repeats; r++) {
      const t0 = performance.now();
      const session = await openCli(options.cli, config, mode === 'eager' ? ['--eager'] : []);
      try {
        init.push(performance.now() - t0);
        const listed = await session.client.listTools();
        list.push(performance.now() - t0);
        tools = listed.tools.length;
      } finally {
        await session.close();
      }
    }
    modes.push({
      mode,
      runs: options.repeats,
      initialize_ms: init.map((v) => round(v, 1)),
      first_tools_list_ms: list.map((v) => round(v, 1)),
      tools,
      initialize: spread(init, 1),
      first_tools_list: spread(list, 1),
    });
  }
  const firstCall = [
    await benchFirstCall({ cli: options.cli, repeats: options.firstCallRepeats }),
    await benchFirstCall({ cli: options.cli, repeats: options.firstCallRepeats, eager: true }),
  ];
  return { modes, first_call: firstCall };
}

export function coldStartTables(result: ColdStart): Table[] {
  const [lazy, eager] = result.first_call;
  return [
    {
      title: '5. Cold start with the default mcp.json (3 downstream servers), median (min-max)',
      headers: ['mode', 'spawn -> initialize answered (ms)', 'spawn -> first tools/list (ms)', 'runs', 'tools listed'],
      rows: result.modes.map((r) => [r.mode, fmtSpread(r.initialize, 1), fmtSpread(r.first_tools_list, 1), String(r.runs), String(r.tools)]),
    },
    {
      title: '5b. First call after spawn vs a direct server (issue 13), median (min-max) of paired spawns',
      headers: ['path', 'spawn -> first echo answered (ms)', 'ratio to direct, per pair', 'CPU of the spawned process by then (ms)', 'runs'],
      rows: [
        ['server-everything spawned directly, SDK client', fmtSpread(lazy?.direct, 1), '1', fmtSpread(lazy?.direct_cpu, 0), String(lazy?.runs ?? 0)],
        ['parallel-mcp --config mcp.json (lazy), one call_tools_parallel', fmtSpread(lazy?.proxy, 1), fmtSpread(lazy?.ratio, 3), fmtSpread(lazy?.proxy_cpu, 0), String(lazy?.runs ?? 0)],
        ['parallel-mcp --config mcp.json --eager, one call_tools_parallel', fmtSpread(eager?.proxy, 1), fmtSpread(eager?.ratio, 3), fmtSpread(eager?.proxy_cpu, 0), String(eager?.runs ?? 0)],
      ],
      notes: [
        'Each pair: one direct spawn and one parallel-mcp spawn, the order alternating; the ratio is taken inside the pair. The direct row shows the lazy pairs\' direct spawns.',
        'CPU: user + system time from /proc of the spawned process alone (parallel-mcp without its downstream child), 10 ms ticks; it moves far less with the machine\'s load than wall time.',
      ],
    },
  ];
}

/**
 * Side by side: `npx tsx bench/cold-start.ts [--cli A] [--cli B ...] [--repeats 9] [--eager] [--only-everything] [--phases]`.
 * Each round spawns server-everything directly and every CLI once, the order rotating;
 * prints each CLI's first call after spawn and its ratio to the same round's direct spawn.
 * The config is the repo's mcp.json (three servers), or with --only-everything one that
 * holds server-everything alone (what --eager's early spawn can gain without the other two
 * servers booting on the same cores). --phases preloads bench/first-call-probe.mjs into each
 * parallel-mcp process (a little slower to start, the same for every build) and prints when it
 * read stdin and spawned its server, and how long it took from the server's initialize answer to
 * its own answer.
 */
async function compareClis(): Promise<void> {
  const { parseArgs } = await import('node:util');
  const { resolveCli, writeConfig } = await import('./mcp-session.js');
  const { values } = parseArgs({
    options: {
      cli: { type: 'string', multiple: true },
      repeats: { type: 'string', default: '9' },
      eager: { type: 'boolean', default: false },
      'only-everything': { type: 'boolean', default: false },
      phases: { type: 'boolean', default: false },
    },
  });
  const clis = (values.cli ?? [undefined]).map((c) => resolveCli(c));
  const repeats = Number(values.repeats);
  const config = values['only-everything'] ? writeConfig('cold-start-everything', { everything: EVERYTHING }) : join(repoRoot, 'mcp.json');
  const extra = values.eager ? ['--eager'] : [];
  const direct: FirstCall[] = [];
  const byCli = clis.map(() => [] as Array<FirstCall & { phases?: FirstCallPhases }>);
  const probeFile = (r: number, i: number) => {
    if (!values.phases) return undefined;
    const file = join(repoRoot, '.tmp', 'bench', `first-call-probe-${process.pid}-${r}-${i}.jsonl`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    return file;
  };
  for (let r = 0; r < repeats; r++) {
    const order = [-1, ...clis.map((_, i) => i)];
    for (let k = 0; k < order.length; k++) {
      const which = order[(k + r) % order.length]!;
      if (which === -1) direct.push(await timeDirectFirstCall());
      else byCli[which]!.push(await timeProxyFirstCall(clis[which]!, config, extra, probeFile(r, which)));
    }
  }
  const ms = (runs: FirstCall[]) => spread(runs.map((v) => v.ms), 1);
  const cpu = (runs: FirstCall[]) => spread(runs.map((v) => v.cpu_ms), 0);
  process.stdout.write(`config ${values['only-everything'] ? 'server-everything alone' : 'mcp.json (everything, memory, filesystem)'}\n`);
  process.stdout.write(`direct server-everything, spawn -> first echo: ${fmtSpread(ms(direct), 1)} ms, CPU ${fmtSpread(cpu(direct), 0)} ms (median (min-max) of ${repeats})\n`);
  clis.forEach((cli, i) => {
    const ratios = byCli[i]!.map((p, r) => p.ms / direct[r]!.ms);
    const spawned = byCli[i]!.flatMap((v) => (v.downstream_spawned_ms === undefined ? [] : [v.downstream_spawned_ms]));
    const spawnedText = spawned.length > 0 ? `; first downstream spawned ${fmtSpread(spread(spawned, 0), 0)} ms after parallel-mcp` : '';
    process.stdout.write(`${cli}${values.eager ? ' --eager' : ''}: ${fmtSpread(ms(byCli[i]!), 1)} ms; ratio to direct ${fmtSpread(spread(ratios, 3), 3)}; own CPU ${fmtSpread(cpu(byCli[i]!), 0)} ms${spawnedText}\n`);
    const phases = byCli[i]!.flatMap((v) => (v.phases ? [v.phases] : []));
    if (phases.length > 0) {
      const of = (key: keyof FirstCallPhases) => fmtSpread(spread(phases.map((p) => p[key]), 1), 1);
      process.stdout.write(
        `  phases (ms since its start, probe preloaded): first stdin read ${of('stdin_ms')}; first downstream spawn ${of('spawn_ms')} (CPU by then ${of('spawn_cpu_ms')}); its initialize answer ${of('spawn_to_server_up_ms')} later; ` +
          `server's initialize answer -> our answer ${of('server_up_to_answer_ms')}, of which its tools/list answer -> our tools/call ${of('listed_to_call_ms')}\n`,
      );
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  compareClis().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
