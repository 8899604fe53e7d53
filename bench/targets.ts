/**
 * The targets of issues 13 and 5, checked against whatever sections ran. Issue 13's rows
 * (the proxy's hot path, start-up, memory, schedules without estimates) replace issue 5's
 * proxy throughput and latency rows; its other rows stay.
 */

import type { Table } from './markdown.js';
import type { BenchResults } from './index.js';
import { fmt, fmtSpread, type Spread } from './stats.js';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

/** One row of issue 13's table: met is undefined for a row without a target (the ceiling). */
export interface Issue13Check {
  figure: string;
  measured: string;
  target: string;
  met: boolean | undefined;
}

/** Issue 13's paired figures need >= 10 repetitions; quick runs have fewer. */
const MIN_PAIRED_REPS = 10;

export function checkIssue13(results: BenchResults): Issue13Check[] {
  const rows: Issue13Check[] = [];
  const { proxy, adversarial, scale, cold_start: coldStart } = results.sections;
  const enough = (s: Spread) => s.n >= MIN_PAIRED_REPS;
  if (proxy) {
    const b = proxy.batch;
    rows.push({
      figure: `one batch of ${proxy.options.calls} echo vs direct, ${proxy.options.inFlight} in flight`,
      measured: `${fmtSpread(b.proxy_ratio, 3)}, n=${b.proxy_ratio.n}`,
      target: `>= 1.0 (median of >= ${MIN_PAIRED_REPS} paired reps)`,
      met: b.proxy_ratio.median >= 1 && enough(b.proxy_ratio),
    });
    rows.push({ figure: 'the same batch through the raw pass-through (the ceiling)', measured: `${fmtSpread(b.pass_ratio, 3)}, n=${b.pass_ratio.n}`, target: '-', met: undefined });
    rows.push({ figure: 'parallel-mcp CPU per proxied call, batched', measured: `${fmtSpread(b.proxy_cpu_us_per_call, 1)} µs (pass-through ${fmt(b.pass_cpu_us_per_call.median, 1)})`, target: '<= 15 µs', met: b.proxy_cpu_us_per_call.median <= 15 });
    rows.push({ figure: 'parallel-mcp CPU per proxied call, one-call requests', measured: `${fmtSpread(proxy.requests.proxy_cpu_us_per_call, 1)} µs (pass-through ${fmt(proxy.requests.pass_cpu_us_per_call.median, 1)})`, target: '-', met: undefined });
    rows.push({
      figure: `${proxy.options.calls} one-call requests vs direct`,
      measured: `${fmtSpread(proxy.requests.proxy_ratio, 3)}, n=${proxy.requests.proxy_ratio.n}`,
      target: '>= 0.6',
      met: proxy.requests.proxy_ratio.median >= 0.6,
    });
    rows.push({
      figure: "added single-call latency vs the raw pass-through's",
      measured: `${fmtSpread(proxy.latency.added_ratio, 2)} x (${fmt(proxy.latency.proxy_added_p50_ms.median, 3)} vs ${fmt(proxy.latency.pass_added_p50_ms.median, 3)} ms)`,
      target: '<= 1.3 x',
      met: proxy.latency.added_ratio.median <= 1.3,
    });
  }
  if (adversarial?.length) {
    const worst = Math.max(...adversarial.map((r) => r.ratios.second_run.median));
    rows.push({
      figure: 'adversarial DAGs, second run (durations learnable)',
      measured: adversarial.map((r) => `${fmt(r.ratios.second_run.median, 3)} (first run ${fmt(r.ratios.first_run.median, 3)})`).join('; '),
      target: '<= 1.05 x optimum',
      met: worst <= 1.05,
    });
  }
  const lazy = coldStart?.first_call[0];
  if (lazy) {
    rows.push({ figure: 'first call after spawn vs a direct server', measured: `${fmtSpread(lazy.ratio, 3)} x, n=${lazy.ratio.n}`, target: '<= 1.4 x', met: lazy.ratio.median <= 1.4 });
  }
  if (scale?.calls) {
    rows.push({ figure: `peak RSS, ${scale.calls.count} calls in one batch`, measured: `${fmt(scale.calls.peak_rss_mb, 1)} MB`, target: '<= 100 MB', met: scale.calls.peak_rss_mb <= 100 });
  }
  return rows;
}

export function issue13Table(rows: Issue13Check[]): Table {
  return {
    title: 'Targets (issue 13), ratios against baselines of the same run, median (min-max)',
    headers: ['figure', 'measured', 'target', 'met'],
    rows: rows.map((r) => [r.figure, r.measured, r.target, r.met === undefined ? '-' : r.met ? 'yes' : '**NO**']),
  };
}

export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { scheduling, adversarial, scale, seeds, prompt_seeds: promptSeeds } = results.sections;
  if (scheduling) {
    const cells = scheduling.cells;
    const worstMean = Math.max(...cells.map((c) => c.executors.ours.mean_ratio));
    const worstP95 = Math.max(...cells.map((c) => c.executors.ours.p95_ratio));
    const meanCell = cells.find((c) => c.executors.ours.mean_ratio === worstMean);
    const p95Cell = cells.find((c) => c.executors.ours.p95_ratio === worstP95);
    checks.push({
      target: 'scheduler mean makespan / lower bound <= 1.03 in every cell (estimates known)',
      measured: `worst cell ${fmt(worstMean, 3)} (n=${meanCell?.n}, k=${meanCell?.k})`,
      met: worstMean <= 1.03,
    });
    checks.push({
      target: 'scheduler p95 makespan / lower bound <= 1.08 in every cell (estimates known)',
      measured: `worst cell ${fmt(worstP95, 3)} (n=${p95Cell?.n}, k=${p95Cell?.k})`,
      met: worstP95 <= 1.08,
    });
  }
  if (adversarial) {
    for (const r of adversarial) {
      checks.push({
        target: `adversarial DAG "${r.name}": second run (durations learned) median <= 1.05 x lower bound`,
        measured: `${fmt(r.ratios.second_run.median, 3)} (first run ${fmt(r.ratios.first_run.median, 3)}, FIFO ${fmt(r.ratios.fifo.median, 3)})`,
        met: r.ratios.second_run.median <= 1.05,
      });
    }
  }
  if (scale) {
    if (scale.calls) {
      checks.push({ target: `${scale.calls.count} calls: all results ok and in order`, measured: scale.calls.all_in_order ? 'yes' : 'no', met: scale.calls.all_in_order });
      checks.push({ target: 'peak RSS of parallel-mcp <= 250 MB', measured: `${fmt(scale.calls.peak_rss_mb, 1)} MB`, met: scale.calls.peak_rss_mb <= 250 });
    }
    const big = scale.analysis?.find((a) => a.steps === 10_000);
    if (big) {
      checks.push({
        target: '10,000-step validation + heuristic analysis <= 200 ms',
        measured: big.timed_out ? `not done after ${big.deadline_ms} ms` : `${fmt(big.total_ms_median, 1)} ms (median)${big.heuristic_warnings?.length ? ', analyzer fell back' : ''}`,
        met: !big.timed_out && big.total_ms_median <= 200 && !big.heuristic_warnings?.length,
      });
    }
  }
  if (seeds) {
    for (const s of seeds) {
      checks.push({
        target: `seed scenario within 3% of the theoretical max: ${s.name.split(' (')[0]}`,
        measured: `${fmt(s.speedup, 2)}x of ${fmt(s.theoretical_speedup, 2)}x = ${fmt(s.of_theoretical * 100, 1)}% (with stdio round trip ${fmt(s.of_theoretical_wall * 100, 1)}%)`,
        met: s.of_theoretical >= 0.97 && s.all_ok,
      });
    }
  }
  for (const s of promptSeeds ?? []) {
    checks.push({
      target: `prompt-step plan within 2% of the theoretical max: ${s.name.split(' (')[0]}`,
      measured: `${fmt(s.speedup, 2)}x of ${fmt(s.theoretical_speedup, 2)}x = ${fmt(s.of_theoretical * 100, 1)}%`,
      met: s.of_theoretical >= 0.98 && s.all_ok,
    });
  }
  return checks;
}

export function targetsTable(checks: TargetCheck[]): Table {
  return {
    title: 'Targets (issue 5)',
    headers: ['target', 'measured', 'met'],
    rows: checks.map((c) => [c.target, c.measured, c.met ? 'yes' : '**NO**']),
  };
}
