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

/** Lines the parser did not use: how many in all, and the first few in detail. */
export interface SkippedLines {
  readonly count: number;
  readonly first: readonly SkippedLine[];
}

/** One point of a series. */
export interface Point {
  readonly step: number;
  readonly value: number;
}

/**
 * A value of run metadata: strings and booleans as logged; numbers only where a format says a value is
 * configuration, not a curve (a JSON-lines `config` / `hparams` object, TensorBoard hparams).
 */
export type MetadataValue = string | number | boolean;

/** One run: a file, or the lines of a file sharing a `run` / `method` / `seed`. */
export interface Run {
  /** Stable id within its file: the `run` field, else `method` and `seed`, else the file's default name. */
  readonly name: string;
  /** The `method` field of the run's lines (last value), for legends. */
  readonly method?: string;
  /** The `seed` field of the run's lines (last value), as text. */
  readonly seed?: string;
  /**
   * String and boolean fields (flattened names), and configuration values (see MetadataValue); the last
   * value wins. core/config.ts reads a run's configuration from them.
   */
  readonly metadata: ReadonlyMap<string, MetadataValue>;
  /**
   * Names of `metadata` fields whose value changed within the run (JSON lines, CSV): they describe a
   * step (`elapsed_time`), not the run. Absent where a format gives each field once.
   */
  readonly varying?: ReadonlySet<string>;
  /** One column per metric, by full name, in first-seen order. Steps strictly increase. */
  readonly metrics: ReadonlyMap<string, SeriesColumns>;
  /** Wall time in seconds (y) per step (x), for lines that carried one. */
  readonly times: SeriesColumns;
  /**
   * The logged field that gave the steps (`global_step`, `current_steps`, `epoch`, a CSV's `Step`), for
   * the view to name its x axis; undefined when the format's own step or the line order did.
   */
  readonly stepField?: string;
  /**
   * Where each step is in the file: the 1-based number (y) of the last line that logged a metric of this
   * run at that step (x), for revealing a point's line. Absent for formats without lines.
   */
  readonly lines?: SeriesColumns;
}

/** A group of charts: one benchmark, or one diagnostics group. */
export interface Section {
  readonly title: string;
  readonly kind: 'benchmark' | 'diagnostic';
  readonly metrics: readonly { readonly full: string; readonly parsed: MetricName }[];
}

/** What every view reads of a parsed log, whatever its format (MetricsLogParser has this shape). */
export interface ParsedRuns {
  readonly runs: ReadonlyMap<string, Run>;
  readonly skipped: SkippedLines;
  readonly notices: readonly string[];
  readonly pendingLine?: number;
}
