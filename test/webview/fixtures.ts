/**
 * The webview tests' data: logs (the demo samples, and test-only logs under test/fixtures) parsed by the
 * core parser and turned into the data message by the host's own view model (src/core/viewModel.ts), so
 * what a test posts is what the extension would send for those logs. Loaded by test/webview/harness.mjs
 * through esbuild, which defines REPO_ROOT.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ColumnMemo, DEFAULT_SETTINGS } from '../../src/core/charts';
import { logName } from '../../src/core/formats/detect';
import { MetricsLogParser } from '../../src/core/jsonl';
import { methodsView } from '../../src/core/methodsView';
import { comparisonTitle, viewMessage, type ViewInput, type ViewLog } from '../../src/core/viewModel';
import type { DataMessage, MethodsAsk, MethodsMessage, ViewSettings } from '../../src/protocol';

declare const REPO_ROOT: string;

const SEEDS = ['drgrpo-seed1', 'drgrpo-seed2', 'drgrpo-seed3', 'dapo-seed1', 'dapo-seed2', 'dapo-seed3'];

/** The logs the tests open (paths from the repository's root). */
export const LOGS = {
  /** Figures 1 and 2: GRPO and MEL on MATH500 and AIME24, and their diagnostics. */
  grpo: 'samples/grpo.metrics.jsonl',
  mel: 'samples/mel.metrics.jsonl',
  /** Figure 3: one long run (801 steps). */
  mmlu: 'samples/mmlu-pro-long.metrics.jsonl',
  /** Figure 4: thirteen benchmarks, each with an accuracy and a response length. */
  dualAxis: 'samples/dual-axis.metrics.jsonl',
  /** Figure 5: two runs' diagnostics over steps 0–30. */
  seriesA: 'samples/series-a.metrics.jsonl',
  seriesB: 'samples/series-b.metrics.jsonl',
  /** Three seeds each of two methods; logs perf/total_num_tokens, which only grows. */
  seeds: SEEDS.map((run) => `samples/seeds/${run}.metrics.jsonl`),
  /** Skipped lines, NaN and ±Infinity, a torn last line (see test/fixtures/README.md). */
  malformed: 'test/fixtures/malformed.metrics.jsonl',
  /** Markup and script in the run's and the metrics' names. */
  hostile: 'test/fixtures/hostile.metrics.jsonl',
  /** A run that crashed (a traceback in the log), resumed from a checkpoint, and is writing its next line. */
  resumed: 'test/fixtures/webview/resumed.metrics.jsonl',
  /** A loss falling by decades: 1000, 100, 10, 1. */
  decades: 'test/fixtures/webview/decades.metrics.jsonl',
  /** Sixteen runs (a `run` field) of one metric. */
  manyRuns: 'test/fixtures/webview/many-runs.metrics.jsonl',
} as const;

/** Figure 1's chart: MATH500 as the GRPO and MEL samples (and the seed logs) log it. */
export const MATH500 = 'val-core/MATH500/acc/mean@1';
/** A metric of the seed logs that only grows (the tokens seen so far): one the x axis can be. */
export const TOKENS = 'perf/total_num_tokens';
/** The metrics of each benchmark of the dual-axis sample: one per y axis. */
export const DUAL_AXIS = { left: 'accuracy', right: 'response_length/mean' } as const;

/** A log as the host reads it: its path, and the lines the trainer wrote after it was first read. */
export interface LogInput {
  readonly file: string;
  readonly appended?: string;
}

export interface ViewOptions {
  /** The tab's title; by default as the host titles a log's editor or a comparison. */
  readonly title?: string;
  /** What the webview asked for; the rest as a new view has it. */
  readonly settings?: Partial<ViewSettings>;
  /** The plot width the webview reported, which decides how far the host downsamples. */
  readonly chartWidth?: number;
}

/** The chart width the host assumes until the webview reports its own (src/chartView.ts). */
const CHART_WIDTH = 400;

/** A log parsed as the host parses it: the whole file, then (a live append) only the new bytes. */
export function parseLog(log: LogInput): MetricsLogParser {
  const parser = new MetricsLogParser(logName(log.file));
  parser.push(fs.readFileSync(path.join(REPO_ROOT, log.file)));
  parser.finish();
  if (log.appended !== undefined) {
    parser.push(new TextEncoder().encode(log.appended));
    parser.finish();
  }
  return parser;
}

/** What the host's ChartView has of a view of `logs`. */
function viewInput(inputs: readonly LogInput[], options: ViewOptions): ViewInput {
  const viewLogs: ViewLog[] = inputs.map((log) => ({
    parser: parseLog(log),
    path: `/workspace/${log.file}`,
    folder: false,
    loading: false,
  }));
  return {
    logs: viewLogs,
    options: {},
    showDeleted: false,
    patterns: [],
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    chartWidth: options.chartWidth ?? CHART_WIDTH,
    memo: new ColumnMemo(),
  };
}

const inputsOf = (logs: readonly (string | LogInput)[]): LogInput[] =>
  logs.map((log) => (typeof log === 'string' ? { file: log } : log));

/** The data message of a chart view of `logs`: one log's editor, or a comparison of several. */
export function view(logs: readonly (string | LogInput)[], options: ViewOptions = {}): DataMessage {
  const inputs = inputsOf(logs);
  const files = inputs.map((log) => log.file);
  const title =
    options.title ?? (files.length === 1 ? path.basename(files[0]!) : comparisonTitle(undefined, files.map(logName)));
  const { message } = viewMessage(viewInput(inputs, options), title);
  if (message.type !== 'data') throw new Error(`the host would show an error: ${message.message}`);
  return message;
}

/** Figure 1's logs after both trainers logged MATH500 at step 160 (GRPO 0.83, MEL 0.85): a live append. */
export const FIGURE1_AT_160: readonly LogInput[] = [
  { file: LOGS.grpo, appended: '{"step": 160, "val-core/MATH500/acc/mean@1": 0.83}\n' },
  { file: LOGS.mel, appended: '{"step": 160, "val-core/MATH500/acc/mean@1": 0.85}\n' },
];

/** The host's answer to the methods panel's `ask` in a view of `logs`. */
export function methods(logs: readonly (string | LogInput)[], ask: MethodsAsk): MethodsMessage {
  return { type: 'methods', ask, view: methodsView(viewInput(inputsOf(logs), {}), ask) };
}
