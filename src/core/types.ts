/**
 * The data model shared by every parser and view. Pure data: no vscode, no DOM, no Node built-ins.
 */

/** A growable pair of typed-array columns: x (step) and y (value) for one metric of one run. */
export interface SeriesColumns {
  /** Backing arrays may be longer than `length`; only [0, length) is valid. */
  readonly steps: Float64Array;
  readonly values: Float64Array;
  readonly length: number;
}

/** Where a metric name puts a metric: under a benchmark, or in a diagnostics group. */
export interface MetricName {
  /** The full name as logged, e.g. `val-core/math500/acc/mean@4`. */
  readonly full: string;
  /** `benchmark` when the name names one (val/…, eval/…, test/…), else `diagnostic`. */
  readonly kind: 'benchmark' | 'diagnostic';
  /** Benchmark name (`math500`) or diagnostics group (`actor`, `critic`, `response_length`, `other`). */
  readonly group: string;
  /** The metric within the group, e.g. `acc` (benchmark) or `kl_loss` (diagnostic). */
  readonly metric: string;
  /** The statistic suffix when present, e.g. `mean@4`, `mean`, `max`. */
  readonly statistic?: string;
}

/** A line the parser did not use, with why (1-based line number within the file). */
export interface SkippedLine {
  readonly line: number;
  readonly reason: string;
}
