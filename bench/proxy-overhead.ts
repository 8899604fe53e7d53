/**
 * Section 1 — proxy overhead (issue 13's rows). The same `echo` calls to the real
 * server-everything over three paths, each with a server of its own, measured in rotating
 * order inside every repetition so each ratio has a baseline from the same minute:
 *   (a) direct: an SDK client calling the server itself;
 *   (b) parallel-mcp over stdio (the CLI, --cli);
 *   (c) bench/pass-through.mjs: raw JSON-RPC, id remapping, `server__tool` routing and a batch
 *       tool, no SDK — the ceiling of a stdio proxy.
 * Rows: one batch of N calls (a: N calls, K in flight; b: one call_tools_parallel with
 * max_concurrency K; c: one call_batch); N separate one-call requests, K in flight; CPU of
 * the proxy process per proxied call (/proc schedstat, ns); single-call latency added over
 * direct, paired. Every figure min / median / max over the repetitions.
 */

import type { Table } from './markdown.js';
import { cpuMsPrecise, EVERYTHING, echoesInOrder, inFlight, openCli, openPassThrough, openSession, parallelEcho, textOf, writeConfig, type Session } from './mcp-session.js';
import { fmt, fmtSpread, median, round, spread, type Spread } from './stats.js';

export interface ProxyOptions {
  cli: string;
  calls: number;
  inFlight: number;
  repeats: number;
  warmupBatches: number;
  latencySamples: number;
  /** Latency samples are cut into this many groups; each group gives one p50. */
  latencyGroups: number;
}

export interface ProxyResult {
  options: Omit<ProxyOptions, 'cli'>;
  batch: {
    direct_calls_per_s: Spread;
    proxy_calls_per_s: Spread;
    pass_calls_per_s: Spread;
    /** Per repetition, proxy / direct. */
    proxy_ratio: Spread;
    pass_ratio: Spread;
    proxy_cpu_us_per_call: Spread;
    pass_cpu_us_per_call: Spread;
  };
  requests: {
    direct_calls_per_s: Spread;
    proxy_calls_per_s: Spread;
    pass_calls_per_s: Spread;
    proxy_ratio: Spread;
    pass_ratio: Spread;
    proxy_cpu_us_per_call: Spread;
    pass_cpu_us_per_call: Spread;
  };
  latency: {
    direct_p50_ms: Spread;
    proxy_added_p50_ms: Spread;
    pass_added_p50_ms: Spread;
    /** Per group, proxy's added p50 / the pass-through's. */
    added_ratio: Spread;
  };
  all_in_order: boolean;
  /** Kept for earlier readers of latest.json: the median batch ratio. */
  median_ratio: number;
}

type Path = 'direct' | 'proxy' | 'pass';
const PATHS: Path[] = ['direct', 'proxy', 'pass'];

async function directEcho(session: Session, message: string): Promise<void> {
  const result = await session.client.callTool({ name: 'echo', arguments: { message } });
  if (textOf(result) !== `Echo: ${message}`) throw new Error(`Expected "Echo: ${message}" directly, got ${JSON.stringify(result).slice(0, 300)}`);
}

async function passEcho(session: Session, message: string): Promise<void> {
  const result = await session.client.callTool({ name: 'everything__echo', arguments: { message } });
  if (textOf(result) !== `Echo: ${message}`) throw new Error(`Expected "Echo: ${message}" through the pass-through, got ${JSON.stringify(result).slice(0, 300)}`);
}

async function passBatch(session: Session, count: number, cap: number): Promise<boolean> {
  const calls = Array.from({ length: count }, (_, i) => ({ tool: 'everything__echo', arguments: { message: `m${i}` } }));
  const response = await session.client.callTool({ name: 'call_batch', arguments: { calls, max_concurrency: cap } }, undefined, { timeout: 300_000 });
  const results = (response.structuredContent as { results?: Array<{ ok: boolean; result?: unknown }> } | undefined)?.results ?? [];
  return results.length === count && results.every((r, i) => r.ok && textOf(r.result) === `Echo: m${i}`);
}

/** Rotates the order of the three paths by repetition, so none always runs first. */
function rotation(r: number): Path[] {
  return PATHS.map((_, k) => PATHS[(k + r) % PATHS.length]!);
}

export async function benchProxy(options: ProxyOptions): Promise<ProxyResult> {
  const direct = await openSession(EVERYTHING.command, EVERYTHING.args);
  const proxy = await openCli(options.cli, writeConfig('proxy', { everything: EVERYTHING }));
  const pass = await openPassThrough('everything', EVERYTHING);
  const n = options.calls;
  const k = options.inFlight;
  let allInOrder = true;
  try {
    const batchOnce: Record<Path, () => Promise<void>> = {
      direct: () => inFlight(n, k, (i) => directEcho(direct, `m${i}`)),
      proxy: async () => {
        const { results } = await parallelEcho(proxy, n, k);
        allInOrder &&= echoesInOrder(results, n);
      },
      pass: async () => {
        allInOrder &&= await passBatch(pass, n, k);
      },
    };
    const requestsOnce: Record<Path, () => Promise<void>> = {
      direct: () => inFlight(n, k, (i) => directEcho(direct, `r${i}`)),
      proxy: () =>
        inFlight(n, k, async () => {
          const { results } = await parallelEcho(proxy, 1, 1);
          allInOrder &&= results.length === 1 && results[0]!.ok;
        }),
      pass: () => inFlight(n, k, (i) => passEcho(pass, `r${i}`)),
    };
    const pids: Record<Path, number> = { direct: direct.pid, proxy: proxy.pid, pass: pass.pid };

    // Warm-up until the JIT has settled on every side (throughput kept rising for ~5 batches
    // when measured on this machine), and the lazy downstream connect in parallel-mcp.
    for (let w = 0; w < options.warmupBatches; w++) {
      for (const path of PATHS) await batchOnce[path]();
      for (const path of PATHS) await requestsOnce[path]();
    }

    /** Per path: calls/s and CPU µs per call of that path's own process, per repetition. */
    const measure = async (runs: Record<Path, () => Promise<void>>) => {
      const rate: Record<Path, number[]> = { direct: [], proxy: [], pass: [] };
      const cpu: Record<Path, number[]> = { direct: [], proxy: [], pass: [] };
      for (let r = 0; r < options.repeats; r++) {
        for (const path of rotation(r)) {
          const cpu0 = cpuMsPrecise(pids[path]);
          const t0 = performance.now();
          await runs[path]();
          const ms = performance.now() - t0;
          rate[path].push(n / (ms / 1000));
          cpu[path].push(((cpuMsPrecise(pids[path]) - cpu0) * 1000) / n);
        }
      }
      const ratio = (path: Path) => rate[path].map((v, i) => v / rate.direct[i]!);
      return {
        direct_calls_per_s: spread(rate.direct, 0),
        proxy_calls_per_s: spread(rate.proxy, 0),
        pass_calls_per_s: spread(rate.pass, 0),
        proxy_ratio: spread(ratio('proxy'), 3),
        pass_ratio: spread(ratio('pass'), 3),
        proxy_cpu_us_per_call: spread(cpu.proxy, 1),
        pass_cpu_us_per_call: spread(cpu.pass, 1),
      };
    };
    const batch = await measure(batchOnce);
    const requests = await measure(requestsOnce);

    const single: Record<Path, (i: number) => Promise<void>> = {
      direct: (i) => directEcho(direct, `l${i}`),
      proxy: async () => {
        const { results } = await parallelEcho(proxy, 1, 1);
        allInOrder &&= results.length === 1 && results[0]!.ok;
      },
      pass: (i) => passEcho(pass, `l${i}`),
    };
    const groupSize = Math.max(1, Math.floor(options.latencySamples / options.latencyGroups));
    const directP50: number[] = [];
    const proxyAdded: number[] = [];
    const passAdded: number[] = [];
    for (let g = 0; g < options.latencyGroups; g++) {
      const ms: Record<Path, number[]> = { direct: [], proxy: [], pass: [] };
      for (let i = 0; i < groupSize; i++) {
        for (const path of rotation(g * groupSize + i)) {
          const t = performance.now();
          await single[path](i);
          ms[path].push(performance.now() - t);
        }
      }
      directP50.push(median(ms.direct));
      proxyAdded.push(median(ms.proxy.map((v, i) => v - ms.direct[i]!)));
      passAdded.push(median(ms.pass.map((v, i) => v - ms.direct[i]!)));
    }

    return {
      options: {
        calls: n,
        inFlight: k,
        repeats: options.repeats,
        warmupBatches: options.warmupBatches,
        latencySamples: groupSize * options.latencyGroups,
        latencyGroups: options.latencyGroups,
      },
      batch,
      requests,
      latency: {
        direct_p50_ms: spread(directP50, 3),
        proxy_added_p50_ms: spread(proxyAdded, 3),
        pass_added_p50_ms: spread(passAdded, 3),
        added_ratio: spread(proxyAdded.map((v, i) => v / passAdded[i]!), 3),
      },
      all_in_order: allInOrder,
      median_ratio: batch.proxy_ratio.median,
    };
  } finally {
    await Promise.allSettled([direct.close(), proxy.close(), pass.close()]);
  }
}

export function proxyTables(result: ProxyResult): Table[] {
  const o = result.options;
  const { batch, requests, latency } = result;
  return [
    {
      title: `1. Proxy overhead — ${o.calls} echo calls to server-everything, ${o.inFlight} in flight: median (min-max) of ${o.repeats} repetitions, paths in rotating order, after ${o.warmupBatches} warm-up rounds`,
      headers: ['path', 'one batch: calls/s', 'one batch: ratio to direct', `${o.calls} one-call requests: calls/s`, 'requests: ratio to direct', 'CPU per call, batch (µs)', 'CPU per call, requests (µs)'],
      rows: [
        ['(a) direct SDK client', fmtSpread(batch.direct_calls_per_s, 0), '1', fmtSpread(requests.direct_calls_per_s, 0), '1', '-', '-'],
        ['(b) parallel-mcp (call_tools_parallel)', fmtSpread(batch.proxy_calls_per_s, 0), fmtSpread(batch.proxy_ratio, 3), fmtSpread(requests.proxy_calls_per_s, 0), fmtSpread(requests.proxy_ratio, 3), fmtSpread(batch.proxy_cpu_us_per_call, 1), fmtSpread(requests.proxy_cpu_us_per_call, 1)],
        ['(c) raw pass-through (bench/pass-through.mjs, call_batch)', fmtSpread(batch.pass_calls_per_s, 0), fmtSpread(batch.pass_ratio, 3), fmtSpread(requests.pass_calls_per_s, 0), fmtSpread(requests.pass_ratio, 3), fmtSpread(batch.pass_cpu_us_per_call, 1), fmtSpread(requests.pass_cpu_us_per_call, 1)],
      ],
      notes: [
        `Every result ok and in input order: ${result.all_in_order ? 'yes' : 'NO'}. A batch is one request: (a) makes the ${o.calls} calls itself, ${o.inFlight} in flight; (b) one call_tools_parallel with max_concurrency ${o.inFlight}; (c) one call_batch. Requests: ${o.calls} one-call requests, ${o.inFlight} in flight (through (c) as everything__echo).`,
        'CPU: the proxy process alone (not its client nor its server), the sum of its threads\' /proc/<pid>/task/*/schedstat run time around each repetition, divided by the calls.',
      ],
    },
    {
      title: `1b. Single-call latency added over direct — ${o.latencySamples} rotating samples in ${o.latencyGroups} groups, median (min-max) of the groups' p50`,
      headers: ['direct p50 (ms)', 'parallel-mcp added p50 (ms)', 'pass-through added p50 (ms)', 'added ratio parallel-mcp / pass-through'],
      rows: [[fmtSpread(latency.direct_p50_ms, 3), fmtSpread(latency.proxy_added_p50_ms, 3), fmtSpread(latency.pass_added_p50_ms, 3), fmtSpread(latency.added_ratio, 2)]],
      notes: [`Added = a path's time minus the direct call's time of the same sample. parallel-mcp: one call_tools_parallel of one echo; pass-through: one tools/call of everything__echo. Median direct p50 ${fmt(latency.direct_p50_ms.median, 3)} ms; batch ratio median ${fmt(round(result.median_ratio, 3), 3)}.`],
    },
  ];
}
