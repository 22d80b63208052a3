/**
 * What a chart view shows, from its logs as they are now: its runs and their labels, the data message
 * (charts, run list, seed groups, notices, title) and the CSV export. The host's ChartView
 * (src/chartView.ts) wires this to a webview, the files and the save dialogs.
 */
import {
  axisMetric,
  type ChartPayload,
  type ExportCsvMessage,
  type DataMessage,
  type ErrorMessage,
  type SkippedSummary,
  type ViewSettings,
  type XAxis,
} from '../protocol';
import { buildCharts, seedGroups, xMetricChoices, type ColumnMemo, type RunColumns } from './charts';
import { csvField } from './csv';
import { distinctLabels, isDeletedRun, logLocation } from './formats';
import { dualAxisChoices } from './pairs';
import { runIdPrefix } from './runUri';
import type { ParsedRuns } from './types';

/** One log of a view. */
export interface ViewLog {
  readonly parser: ParsedRuns;
  /** Its path: tells apart runs of the same name in different logs, and names it in notices. */
  readonly path: string;
  /** A folder run (TensorBoard, lm-eval, MLflow) rather than a file. */
  readonly folder: boolean;
  /** Why it could not be read, when it could not. */
  readonly error?: string;
  /** Until its first read has ended: `parser` may hold part of the log only. */
  readonly loading: boolean;
}

/** What a view is asked to show, beyond its logs. */
export interface ViewOptions {
  /** Show only these metrics (a benchmark's, or one); every metric when absent. */
  readonly metrics?: readonly string[];
  /** Handed back by the webview after a window reload (see DataMessage.restore). */
  readonly restore?: unknown;
  /**
   * The view's title from its runs' labels, once read (a folder run's name comes from its content, e.g. an
   * MLflow runName); the title given is kept while it gives undefined.
   */
  readonly titleOf?: (labels: readonly string[]) => string | undefined;
}

/** A view's logs, and what its user and settings chose. */
export interface ViewInput {
  readonly logs: readonly ViewLog[];
  readonly options: ViewOptions;
  /** Runs marked deleted (MLflow) are shown (trainingCurves.showDeletedMlflowRuns). */
  readonly showDeleted: boolean;
  /** The user's benchmark patterns. */
  readonly patterns: readonly string[];
  readonly settings: ViewSettings;
  /** Width of one chart's plot in CSS pixels, which decides how far the series are downsampled. */
  readonly chartWidth: number;
  /** What was derived from the logs' data as it is now (see ColumnMemo). */
  readonly memo: ColumnMemo;
}

/** The runs of one parsed log, labelled by run name, their ids starting with `idPrefix` (see runIdPrefix). */
export function runsOfParser(parser: ParsedRuns, idPrefix = ''): RunColumns[] {
  return [...parser.runs.values()].map((run) => ({
    id: idPrefix + run.name,
    label: run.name,
    method: run.method,
    metrics: run.metrics,
    times: run.times,
    stepField: run.stepField,
  }));
}

/** The runs of the view: each with an id unique in it and a label telling it apart, with the view's metrics only. */
export function viewRuns(view: ViewInput): RunColumns[] {
  const { logs, showDeleted, options } = view;
  const located = logs.flatMap((log, i) => {
    const parsed = [...log.parser.runs.values()];
    // As the MLflow UI, and the sidebar: runs marked deleted are hidden unless the setting shows them.
    return runsOfParser(log.parser, runIdPrefix(i, logs.length))
      .filter((_, k) => showDeleted || !isDeletedRun(parsed[k]!))
      .map((run) => ({ run, location: logLocation(log.path, log.folder) }));
  });
  // Runs of different logs may share a name (two `exp/train` folders): their labels get the path that differs.
  const labels = distinctLabels(
    located.map((l) => l.run.label),
    located.map((l) => l.location),
  );
  const runs = located.map(({ run }, i) => {
    const label = labels[i]!;
    return label === run.label ? run : { ...run, label };
  });
  const only = options.metrics && new Set(options.metrics);
  if (!only) return runs;
  return runs.map((run) => ({ ...run, metrics: new Map([...run.metrics].filter(([name]) => only.has(name))) }));
}

/** What the user is told about lines that were not used. */
function skippedSummary(parser: ParsedRuns): SkippedSummary {
  return { count: parser.skipped.count, first: parser.skipped.first.slice(0, 10), pendingLine: parser.pendingLine };
}

/** In a comparison, lines skipped in the second and later logs are told as notices, log by log. */
function otherLogsSkipped(logs: readonly ViewLog[]): string[] {
  return logs.slice(1).flatMap((log) => {
    const { count, first } = log.parser.skipped;
    if (count === 0) return [];
    const name = log.path.slice(log.path.lastIndexOf('/') + 1);
    const lines = first.map((s) => `${s.line} (${s.reason})`).join(', ');
    return [`${name}: ${count} line${count === 1 ? '' : 's'} skipped: ${lines}${count > first.length ? ', …' : ''}`];
  });
}

/** Runs that have nothing to plot against the x axis: no logged time, or not the metric it plots against. */
function axisNotices(runs: readonly RunColumns[], xAxis: XAxis): string[] {
  const untimed =
    xAxis === 'relative' || xAxis === 'wall' ? runs.filter((r) => r.times.length === 0).map((r) => r.label) : [];
  const xMetric = axisMetric(xAxis);
  const withoutX =
    xMetric === undefined ? [] : runs.filter((r) => r.metrics.size > 0 && !r.metrics.has(xMetric)).map((r) => r.label);
  return [
    ...(untimed.length > 0
      ? [
          `No time field (time, timestamp, _timestamp, wall_time) in ${untimed.join(', ')}: nothing to plot against time.`,
        ]
      : []),
    ...(withoutX.length > 0 ? [`${withoutX.join(', ')} did not log ${xMetric}: nothing to plot against it.`] : []),
  ];
}

/**
 * What to send the webview of a view now titled `title`: the data, or an error when no log could be read;
 * and the view's title after it (from its runs' labels once every log is read, see ViewOptions.titleOf).
 */
export function viewMessage(view: ViewInput, title: string): { message: DataMessage | ErrorMessage; title: string } {
  const { logs, options, patterns, settings, chartWidth, memo } = view;
  const errors = logs.map((log) => log.error).filter((e): e is string => e !== undefined);
  if (errors.length > 0 && errors.length === logs.length)
    return { message: { type: 'error', message: errors.join('\n') }, title };
  const runs = viewRuns(view);
  const complete = logs.every((log) => !log.loading);
  const retitled = complete ? options.titleOf?.(runs.map((r) => r.label)) : undefined;
  // Runs with nothing in this view (e.g. a benchmark only another run has) are not listed.
  const listed = runs.filter((r) => r.metrics.size > 0);
  const message: DataMessage = {
    type: 'data',
    title: retitled ?? title,
    xAxis: settings.xAxis,
    charts: buildCharts(runs, chartWidth, patterns, settings, memo),
    runs: listed.map((r) => ({ id: r.id, label: r.label })),
    groups: seedGroups(listed),
    xMetrics: xMetricChoices(runs, memo),
    dualAxis: dualAxisChoices(
      runs.flatMap((r) => [...r.metrics.keys()]),
      patterns,
    ),
    // A view has at least one log (its own); the first log's skipped lines are told in full.
    skipped: skippedSummary(logs[0]!.parser),
    notices: [
      ...errors,
      ...otherLogsSkipped(logs),
      ...logs.flatMap((log) => log.parser.notices),
      ...axisNotices(runs, settings.xAxis),
    ],
    complete,
    restore: options.restore,
  };
  return { message, title: message.title };
}

/** Names of this many runs fit a comparison's title; more are counted. */
const TITLE_RUNS = 3;

/** A comparison's tab title: `Compare: a vs b vs c +2 more`, after its own `title` when it has one. */
export function comparisonTitle(title: string | undefined, names: readonly string[]): string {
  const more = names.length - TITLE_RUNS;
  const runs = more > 1 ? `${names.slice(0, TITLE_RUNS).join(' vs ')} +${more} more` : names.join(' vs ');
  return title ? `${title} — ${runs}` : `Compare: ${runs}`;
}

/** The view's data as a CSV file, named after the view's `title` (see ExportCsvMessage). */
export function csvExport(
  view: ViewInput,
  title: string,
  resolution: ExportCsvMessage['resolution'],
): { name: string; text: string } {
  const base = title.replace(/\.metrics\.jsonl$|\.jsonl$/i, '').replace(/[^\w.-]+/g, '_');
  const runs = viewRuns(view);
  if (resolution === 'full') return { name: `${base}.csv`, text: dataCsv(runs) };
  const { chartWidth, patterns, settings, memo } = view;
  return {
    name: `${base}-shown.csv`,
    text: shownCsv(buildCharts(runs, chartWidth, patterns, settings, memo), settings.xAxis),
  };
}

/** A value as CSV: empty for NaN (a gap), `inf`/`-inf` for infinities. */
function csvNumber(v: number): string {
  return Number.isNaN(v) ? '' : Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf';
}

/** Every point of every metric of every run, full resolution, as long-format CSV: run,metric,step,value. */
export function dataCsv(runs: readonly RunColumns[]): string {
  const lines = ['run,metric,step,value'];
  for (const run of runs) {
    const runField = csvField(run.label);
    for (const [name, col] of run.metrics) {
      const metricField = csvField(name);
      // An empty field is a logged NaN; infinities keep their sign.
      for (let i = 0; i < col.length; i++)
        lines.push(`${runField},${metricField},${col.steps[i]!},${csvNumber(col.values[i]!)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * The data as the charts draw it: one row per drawn point of each chart's series, x on the view's x axis
 * (the column named after it), with the smoothed value and the seed band's edges where the view shows them.
 */
export function shownCsv(charts: readonly ChartPayload[], xAxis: XAxis): string {
  const xName =
    axisMetric(xAxis) ??
    { step: 'step', relative: 'seconds_since_start', wall: 'wall_time' }[xAxis as 'step' | 'relative' | 'wall'];
  const lines = [`chart,series,${csvField(xName)},value,smoothed,band_lower,band_upper`];
  for (const chart of charts) {
    const chartField = csvField(chart.id);
    for (const s of chart.series) {
      const seriesField = csvField(s.label);
      for (let i = 0; i < s.x.length; i++) {
        const smoothed = s.smoothed ? csvNumber(s.smoothed[i]!) : '';
        const band = s.band ? `${csvNumber(s.band.lower[i]!)},${csvNumber(s.band.upper[i]!)}` : ',';
        lines.push(`${chartField},${seriesField},${s.x[i]!},${csvNumber(s.y[i]!)},${smoothed},${band}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}
