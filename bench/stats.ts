/** Small statistics helpers for the benchmarks. */

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : sum(values) / values.length;
}

/** Nearest-rank percentile (p in 0..100) of the values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A number for a table cell: fixed digits, or "-" for NaN/undefined. */
export function fmt(value: number | undefined, digits = 2): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

export interface Spread {
  min: number;
  median: number;
  max: number;
  n: number;
}

/** min / median / max of the values (NaN when empty), rounded to `digits`. */
export function spread(values: readonly number[], digits = 3): Spread {
  if (values.length === 0) return { min: NaN, median: NaN, max: NaN, n: 0 };
  return { min: round(Math.min(...values), digits), median: round(median(values), digits), max: round(Math.max(...values), digits), n: values.length };
}

/** "median (min-max)" for a table cell. */
export function fmtSpread(s: Spread | undefined, digits = 2): string {
  if (!s || s.n === 0) return '-';
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}-${fmt(s.max, digits)})`;
}
