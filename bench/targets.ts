/** The targets of issue 5, checked against whatever sections ran. */

import type { Table } from './markdown.js';
import type { BenchResults } from './index.js';
import { fmt } from './stats.js';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { proxy, scheduling, adversarial, scale, seeds, prompt_seeds: promptSeeds } = results.sections;
  if (proxy) {
    checks.push({ target: 'proxy throughput ratio b/a >= 0.8', measured: fmt(proxy.median_ratio, 3), met: proxy.median_ratio >= 0.8 });
    checks.push({ target: 'added single-call latency p50 <= 0.5 ms', measured: `${fmt(proxy.latency.added_p50_ms, 3)} ms`, met: proxy.latency.added_p50_ms <= 0.5 });
  }
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
