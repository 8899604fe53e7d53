/**
 * Section 5 — cold start: spawn `node <cli> --config mcp.json` (the repo's default config:
 * everything, memory, filesystem) until `initialize` is answered, and until the first
 * `tools/list` is answered; lazy (default) and `--eager`. Medians of several spawns.
 */

import { join } from 'node:path';
import type { Table } from './markdown.js';
import { openCli, repoRoot } from './mcp-session.js';
import { fmt, median, round } from './stats.js';

export interface ColdStartResult {
  mode: 'lazy' | 'eager';
  runs: number;
  initialize_ms: number[];
  first_tools_list_ms: number[];
  tools: number;
}

export async function benchColdStart(options: { cli: string; repeats: number }): Promise<ColdStartResult[]> {
  const config = join(repoRoot, 'mcp.json');
  const results: ColdStartResult[] = [];
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
    results.push({ mode, runs: options.repeats, initialize_ms: init.map((v) => round(v, 1)), first_tools_list_ms: list.map((v) => round(v, 1)), tools });
  }
  return results;
}

export function coldStartTables(results: ColdStartResult[]): Table[] {
  return [
    {
      title: '5. Cold start with the default mcp.json (3 downstream servers), median',
      headers: ['mode', 'spawn -> initialize answered (ms)', 'spawn -> first tools/list (ms)', 'runs', 'tools listed'],
      rows: results.map((r) => [r.mode, fmt(median(r.initialize_ms), 1), fmt(median(r.first_tools_list_ms), 1), String(r.runs), String(r.tools)]),
    },
  ];
}
