/**
 * Section 1 — proxy overhead. The same echo calls to the real server-everything, (a) straight
 * from an SDK client and (b) through parallel-mcp over stdio, measured alternately in the
 * same run. Throughput: 1,000 calls, 64 in flight vs one call_tools_parallel with
 * max_concurrency 64. Latency: one echo direct vs one call_tools_parallel of one echo,
 * paired (order alternating), added time = through - direct.
 */

import type { Table } from './markdown.js';
import { EVERYTHING, echoesInOrder, inFlight, openCli, openSession, parallelEcho, writeConfig, type Session } from './mcp-session.js';
import { fmt, median, percentile, round } from './stats.js';

export interface ProxyOptions {
  cli: string;
  calls: number;
  inFlight: number;
  repeats: number;
  warmupBatches: number;
  latencySamples: number;
}

export interface ProxyResult {
  options: Omit<ProxyOptions, 'cli'>;
  direct_calls_per_s: number[];
  proxy_calls_per_s: number[];
  /** Per repeat, b / a. */
  ratios: number[];
  median_ratio: number;
  all_in_order: boolean;
  latency: {
    direct_p50_ms: number;
    proxy_p50_ms: number;
    added_p50_ms: number;
    added_p99_ms: number;
  };
}

async function directEcho(session: Session, message: string): Promise<void> {
  const result = await session.client.callTool({ name: 'echo', arguments: { message } });
  if (result.isError) throw new Error(`Expected echo to succeed directly, got ${JSON.stringify(result)}`);
}

export async function benchProxy(options: ProxyOptions): Promise<ProxyResult> {
  const direct = await openSession(EVERYTHING.command, EVERYTHING.args);
  const proxy = await openCli(options.cli, writeConfig('proxy', { everything: EVERYTHING }));
  try {
    // Warm-up until the JIT has settled on every side (throughput kept rising for ~5 batches
    // when measured on this machine), and the lazy downstream connect in parallel-mcp.
    for (let w = 0; w < options.warmupBatches; w++) {
      await inFlight(options.calls, options.inFlight, (i) => directEcho(direct, `w${i}`));
      await parallelEcho(proxy, options.calls, options.inFlight);
    }

    const directRates: number[] = [];
    const proxyRates: number[] = [];
    let allInOrder = true;
    for (let r = 0; r < options.repeats; r++) {
      let t0 = performance.now();
      await inFlight(options.calls, options.inFlight, (i) => directEcho(direct, `m${i}`));
      directRates.push(options.calls / ((performance.now() - t0) / 1000));

      t0 = performance.now();
      const { results } = await parallelEcho(proxy, options.calls, options.inFlight);
      proxyRates.push(options.calls / ((performance.now() - t0) / 1000));
      allInOrder &&= echoesInOrder(results, options.calls);
    }

    const directMs: number[] = [];
    const proxyMs: number[] = [];
    const added: number[] = [];
    for (let i = 0; i < options.latencySamples; i++) {
      const timeDirect = async () => {
        const t = performance.now();
        await directEcho(direct, `l${i}`);
        return performance.now() - t;
      };
      const timeProxy = async () => {
        const t = performance.now();
        const { results } = await parallelEcho(proxy, 1, 1);
        const elapsed = performance.now() - t;
        allInOrder &&= results.length === 1 && results[0]!.ok;
        return elapsed;
      };
      let d: number;
      let p: number;
      if (i % 2 === 0) {
        d = await timeDirect();
        p = await timeProxy();
      } else {
        p = await timeProxy();
        d = await timeDirect();
      }
      directMs.push(d);
      proxyMs.push(p);
      added.push(p - d);
    }

    const ratios = directRates.map((a, i) => proxyRates[i]! / a);
    return {
      options: { calls: options.calls, inFlight: options.inFlight, repeats: options.repeats, warmupBatches: options.warmupBatches, latencySamples: options.latencySamples },
      direct_calls_per_s: directRates.map((v) => round(v, 0)),
      proxy_calls_per_s: proxyRates.map((v) => round(v, 0)),
      ratios: ratios.map((v) => round(v, 3)),
      median_ratio: round(median(ratios), 3),
      all_in_order: allInOrder,
      latency: {
        direct_p50_ms: round(median(directMs), 3),
        proxy_p50_ms: round(median(proxyMs), 3),
        added_p50_ms: round(median(added), 3),
        added_p99_ms: round(percentile(added, 99), 3),
      },
    };
  } finally {
    await Promise.allSettled([direct.close(), proxy.close()]);
  }
}

export function proxyTables(result: ProxyResult): Table[] {
  const o = result.options;
  return [
    {
      title: `1. Proxy overhead — ${o.calls} echo calls to server-everything, ${o.inFlight} in flight (median of ${o.repeats}, after ${o.warmupBatches} warm-up batches)`,
      headers: ['path', 'calls/s (median)', 'per repeat'],
      rows: [
        ['(a) direct SDK client', fmt(median(result.direct_calls_per_s), 0), result.direct_calls_per_s.join(', ')],
        ['(b) one call_tools_parallel via parallel-mcp', fmt(median(result.proxy_calls_per_s), 0), result.proxy_calls_per_s.join(', ')],
        ['ratio b/a', fmt(result.median_ratio, 3), result.ratios.join(', ')],
      ],
      notes: [`Every result ok and in input order: ${result.all_in_order ? 'yes' : 'NO'}.`],
    },
    {
      title: `1b. Single-call latency — ${o.latencySamples} paired samples`,
      headers: ['direct p50 (ms)', 'via call_tools_parallel p50 (ms)', 'added p50 (ms)', 'added p99 (ms)'],
      rows: [[fmt(result.latency.direct_p50_ms, 3), fmt(result.latency.proxy_p50_ms, 3), fmt(result.latency.added_p50_ms, 3), fmt(result.latency.added_p99_ms, 3)]],
    },
  ];
}
