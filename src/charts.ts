/**
 * Turns parsed runs into chart payloads: one chart per metric, one series per run, downsampled to the
 * chart's width. Pure (no vscode), so it is unit-tested with the core.
 */
import type { ChartPayload, Goal, MarkedPoint, SeriesPayload, SkippedSummary, ViewSettings } from './protocol';
import type { Point, SeriesColumns } from './core/types';
import { lowerBound, upperBound } from './core/column';
import { csvField } from './core/csv';
import { downsample } from './core/downsample';
import { dualAxisPairs } from './core/pairs';
import { groupCharts } from './core/sections';
import type { ParsedRuns } from './core/types';
import { smooth } from './core/smoothing';
import { best, lastFinite, valueAt } from './core/stats';
import { goalOf, percentiles } from './core/summary';
import { byTime, firstTime } from './core/xaxis';

/** Enough points for about two per pixel: more cannot be seen, fewer would hide peaks. */
export const POINTS_PER_PIXEL = 2;

export interface RunColumns {
  /** Unique within a view; keys the run's colour. */
  readonly id: string;
  readonly label: string;
  readonly metrics: ReadonlyMap<string, SeriesColumns>;
  /** Wall time in seconds per step, for the time x axes. */
  readonly times: SeriesColumns;
}

/** What a view shows before the user changes anything: raw curves against steps. */
export const DEFAULT_SETTINGS: ViewSettings = {
  smoothing: { kind: 'ema', weight: 0 },
  xAxis: 'step',
  ignoreOutliers: false,
};

/** The percentiles "ignore outliers" keeps in view. */
const OUTLIER_PERCENTILES = [5, 95];

/** `grpo.metrics.jsonl` → `grpo`; any other `.jsonl` loses that suffix only. */
export function runNameFromPath(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.metrics\.jsonl$/i, '').replace(/\.jsonl$/i, '') || base;
}

export function runNameFromUri(uri: { readonly path: string }): string {
  return runNameFromPath(uri.path);
}

/** The runs of one parsed file, labelled by run name. */
export function runsOfParser(parser: ParsedRuns, idPrefix = ''): RunColumns[] {
  return [...parser.runs.values()].map((run) => ({ id: idPrefix + run.name, label: run.name, metrics: run.metrics, times: run.times }));
}

/** How one run's steps map to the x axis: the column to plot, and the x of a given step. */
interface XMapping {
  column(col: SeriesColumns): SeriesColumns;
  x(step: number): number | undefined;
}

function xMapping(run: RunColumns, xAxis: ViewSettings['xAxis']): XMapping {
  if (xAxis === 'step') return { column: (col) => col, x: (step) => step };
  const origin = xAxis === 'relative' ? (firstTime(run.times) ?? 0) : 0;
  return {
    column: (col) => byTime(col, run.times, origin),
    x: (step) => {
      const at = valueAt(run.times, step);
      return at && at.step === step && Number.isFinite(at.value) ? at.value - origin : undefined;
    },
  };
}

function marked(point: Point | undefined, mapping: XMapping): MarkedPoint | undefined {
  return point && { step: point.step, x: mapping.x(point.step), value: point.value };
}

/** The full-resolution `smoothed` values at the downsampled `x` (each x is a point of `col`). */
function sampleAt(col: SeriesColumns, smoothed: Float64Array, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const j = lowerBound(col, x[i]);
    out[i] = j < col.length ? smoothed[j] : NaN;
  }
  return out;
}

/** The values of `col` with x in [min, max] (all of them without a range), for the outlier percentiles. */
function valuesInRange(col: SeriesColumns, range: ViewSettings['range']): Float64Array {
  if (!range) return col.values.subarray(0, col.length);
  const from = lowerBound(col, range.min);
  return col.values.subarray(from, Math.max(from, upperBound(col, range.max)));
}

/**
 * One chart per metric, one series per run: smoothed on the full column, then downsampled to the
 * chart's width over the zoomed range, so zooming in shows the detail that was sampled away. In
 * dual-axis mode, each benchmark that logs both chosen metrics gets one chart of the two instead,
 * ahead of the rest.
 */
export function buildCharts(
  runs: readonly RunColumns[],
  chartWidth: number,
  patterns?: readonly string[],
  settings: ViewSettings = DEFAULT_SETTINGS,
): ChartPayload[] {
  const maxPoints = Math.max(16, Math.round(chartWidth * POINTS_PER_PIXEL));
  const { smoothing, range } = settings;
  const names = new Set<string>();
  for (const run of runs) for (const name of run.metrics.keys()) names.add(name);
  const mappings = new Map(runs.map((run) => [run, xMapping(run, settings.xAxis)]));

  /** The series of `metric` in each run that logged it; `inView` collects the values for the outlier range. */
  const seriesOf = (
    metric: string,
    goal: Goal,
    inView: Float64Array[] | undefined,
    label: (run: RunColumns) => string,
    axis?: 'left' | 'right',
  ): SeriesPayload[] => {
    const series: SeriesPayload[] = [];
    for (const run of runs) {
      const raw = run.metrics.get(metric);
      if (!raw || raw.length === 0) continue;
      const mapping = mappings.get(run)!;
      const column = mapping.column(raw);
      const { x, y } = downsample(column, maxPoints, range?.min, range?.max);
      const smoothed = smoothing.weight > 0 ? sampleAt(column, smooth(column, smoothing.kind, smoothing.weight), x) : undefined;
      if (inView) inView.push(valuesInRange(column, range));
      series.push({
        run: run.id,
        label: label(run),
        axis,
        x,
        y,
        total: column.length,
        smoothed,
        last: marked(lastFinite(raw), mapping),
        // A length has no better direction: only the left axis' score gets a best point.
        best: axis === 'right' ? undefined : marked(best(raw, goal), mapping),
      });
    }
    return series;
  };
  const outliers = (): Float64Array[] | undefined => (settings.ignoreOutliers ? [] : undefined);

  const charts: ChartPayload[] = [];
  const paired = new Set<string>();
  if (settings.dualAxis) {
    const { left, right } = settings.dualAxis;
    // With several runs, each label says the run as well as the metric.
    const label = (name: string) => (run: RunColumns) => (runs.length > 1 ? `${run.label} · ${name}` : name);
    for (const pair of dualAxisPairs(names, left, right, patterns)) {
      paired.add(pair.left);
      paired.add(pair.right);
      const goal = goalOf(pair.left);
      const inView = outliers();
      const series = [
        ...seriesOf(pair.left, goal, inView, label(left), 'left'),
        ...seriesOf(pair.right, goal, undefined, label(right), 'right'),
      ];
      charts.push({
        id: `${pair.left} & ${pair.right}`,
        title: pair.benchmark,
        section: `${left} and ${right}`,
        sectionKind: 'benchmark',
        series,
        goal,
        yRange: inView && outlierRange(inView),
        dual: { left: { name: left, full: pair.left }, right: { name: right, full: pair.right } },
      });
    }
  }
  for (const section of groupCharts(names, patterns)) {
    for (const metric of section.metrics) {
      if (paired.has(metric.full)) continue;
      const goal = goalOf(metric.full);
      const inView = outliers();
      const series = seriesOf(metric.full, goal, inView, (run) => run.label);
      const { metric: name, statistic } = metric.parsed;
      charts.push({
        id: metric.full,
        title: statistic ? `${name}/${statistic}` : name,
        section: section.title,
        sectionKind: section.kind,
        series,
        goal,
        yRange: inView && outlierRange(inView),
      });
    }
  }
  return charts;
}

function outlierRange(parts: readonly Float64Array[]): { min: number; max: number } | undefined {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const [min, max] = percentiles(all, OUTLIER_PERCENTILES);
  // A flat series has no range to clip to: let the chart pick its own.
  return Number.isFinite(min) && max > min ? { min, max } : undefined;
}

/** Every point of every metric of every run, full resolution, as long-format CSV: run,metric,step,value. */
export function dataCsv(runs: readonly RunColumns[]): string {
  const lines = ['run,metric,step,value'];
  for (const run of runs) {
    const runField = csvField(run.label);
    for (const [name, col] of run.metrics) {
      const metricField = csvField(name);
      for (let i = 0; i < col.length; i++) {
        const v = col.values[i];
        // An empty field is a logged NaN; infinities keep their sign.
        const value = Number.isNaN(v) ? '' : Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf';
        lines.push(`${runField},${metricField},${col.steps[i]},${value}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** What the user is told about lines that were not used. */
export function skippedSummary(parser: ParsedRuns): SkippedSummary {
  return { count: parser.skipped.count, first: parser.skipped.first.slice(0, 10), pendingLine: parser.pendingLine };
}
