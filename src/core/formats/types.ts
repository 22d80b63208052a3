import type { Run, SkippedLines } from '../types';

/** One file handed to a parser: its path (relative to a run folder where the parser says so) and its bytes. */
export interface LogFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** The result of reading a whole log (a file, or a folder's files for folder formats). */
export interface ParsedLog {
  /** The runs read, in first-seen order. Empty when `error` is set. */
  readonly runs: Run[];
  /**
   * Lines, rows or records that were not used, with why. `line` is the 1-based line (text formats),
   * row start line (CSV), record number (TensorBoard) or `log_history` entry number (trainer_state.json);
   * the reason names the file when the log has several.
   */
  readonly skipped: SkippedLines;
  /** Things the user should know that did not lose a line: restarts, duplicate steps, unread files. */
  readonly notices: string[];
  /** Set when nothing could be read, e.g. a JSON file cut short while it is being written. */
  readonly error?: string;
}

/** The log formats detectFormat() recognises; each names the parser to use. */
export type LogFormat =
  /** JSON lines (including verl's file logger): MetricsLogParser in core/jsonl.ts. */
  | 'metrics-jsonl'
  /** Hugging Face Trainer / TRL `trainer_state.json`: parseTrainerState. */
  | 'trainer-state'
  /** A metric file of an MLflow file store (`mlruns/<exp>/<run>/metrics/<key>`): groupMlflowRuns + parseMlflowRun. */
  | 'mlflow'
  /** TensorBoard event file (`events.out.tfevents.*`): TensorBoardEventParser / parseTensorBoardRun. */
  | 'tensorboard'
  /** CSV exported from a W&B chart (`Step`, `<run> - <metric>` columns): parseCsv. */
  | 'wandb-csv'
  /** CSV with a step column: parseCsv. */
  | 'csv'
  /** lm-evaluation-harness `results_*.json`: parseLmEvalResults. */
  | 'lm-eval';
