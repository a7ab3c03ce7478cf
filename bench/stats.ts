/** Small statistics for the benchmarks: medians and percentiles over repetitions, never single samples. */

/** Milliseconds between two process.hrtime.bigint() readings (the only clock the benchmarks use). */
export function elapsedMs(start: bigint, end: bigint = process.hrtime.bigint()): number {
  return Number(end - start) / 1e6;
}

/** The q-quantile (0..1) by nearest rank; NaN for an empty list. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Median (the 0.5 quantile). */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/** Arithmetic mean (0 for none). */
export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/** Rounds to a fixed number of decimals, for stable JSON and tables. */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
