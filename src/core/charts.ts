/**
 * Turns parsed runs into chart payloads: one chart per metric, one series per run, downsampled to the
 * chart's width.
 */
import {
  axisMetric,
  type ChartPayload,
  type Goal,
  type GroupInfo,
  type MarkedPoint,
  type NonFiniteCounts,
  type SeriesPayload,
  type ViewSettings,
} from '../protocol';
import type { Point, SeriesColumns } from './types';
import { lowerBound, upperBound } from './column';
import { ColumnMemo } from './columnMemo';
import { chartPoints, SUMMARY_ABOVE } from './downsample';
import { aggregate, groupRuns, type Aggregate } from './groups';
import { dualAxisPairs } from './pairs';
import { rangeSummary } from './pyramid';
import { groupCharts } from './sections';
import { smooth } from './smoothing';
import { best, firstReaching, lastFinite, valueAt } from './stats';
import { goalOf, percentiles } from './summary';
import { byX, firstTime, isMonotone, monotoneMetrics, type ReplottedColumns } from './xaxis';

export { ColumnMemo } from './columnMemo';

/** Enough points for about two per pixel: more cannot be seen, fewer would hide peaks. */
export const POINTS_PER_PIXEL = 2;

export interface RunColumns {
  /** Unique within a view; keys the run's colour. */
  readonly id: string;
  readonly label: string;
  /** The run's `method` field: runs sharing one are a seed group. */
  readonly method?: string;
  readonly metrics: ReadonlyMap<string, SeriesColumns>;
  /** Wall time in seconds per step, for the time x axes. */
  readonly times: SeriesColumns;
  /** The logged field its steps come from (Run.stepField). */
  readonly stepField?: string;
}

/** What a view shows before the user changes anything: raw curves against steps. */
export const DEFAULT_SETTINGS: ViewSettings = {
  smoothing: { kind: 'ema', weight: 0 },
  xAxis: 'step',
  ignoreOutliers: false,
};

/** The percentiles "ignore outliers" keeps in view. */
const OUTLIER_PERCENTILES = [5, 95];

/** What a line draws (see buildCharts' plotOf). */
interface Plot {
  /** Re-plotted against a time or metric, a run's column says each point's step. */
  readonly column: SeriesColumns | ReplottedColumns;
  /** A seed group's mean (`column`) comes with its band. */
  readonly band?: Aggregate;
  readonly marks: SeriesColumns;
  readonly x: (step: number) => number | undefined;
}

/** How one run's steps map to the x axis: the column to plot, and the x of a given step. */
interface XMapping {
  readonly column: (col: SeriesColumns) => SeriesColumns | ReplottedColumns;
  readonly x: (step: number) => number | undefined;
}

/** A run without the x axis' metric has no point to plot against it. */
const NO_POINTS: SeriesColumns = { steps: new Float64Array(0), values: new Float64Array(0), length: 0 };

function xMapping(run: RunColumns, xAxis: ViewSettings['xAxis']): XMapping {
  if (xAxis === 'step') return { column: (col) => col, x: (step) => step };
  const metric = axisMetric(xAxis);
  const xs = metric === undefined ? run.times : (run.metrics.get(metric) ?? NO_POINTS);
  const origin = xAxis === 'relative' ? (firstTime(run.times) ?? 0) : 0;
  return {
    column: (col) => byX(col, xs, origin),
    x: (step) => {
      const at = valueAt(xs, step);
      return at && at.step === step && Number.isFinite(at.value) ? at.value - origin : undefined;
    },
  };
}

function marked(point: Point | undefined, x: XMapping['x']): MarkedPoint | undefined {
  return point && { step: point.step, x: x(point.step), value: point.value };
}

/** The full-resolution `smoothed` values at the downsampled `x` (each x is a point of `col`). */
function sampleAt(col: SeriesColumns, smoothed: Float64Array, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const j = lowerBound(col, x[i]!);
    out[i] = j < col.length ? smoothed[j]! : NaN;
  }
  return out;
}

/** The values of `col` with x in [min, max] (all of them without a range), for the outlier percentiles. */
function valuesInRange(col: SeriesColumns, range: ViewSettings['range']): Float64Array {
  if (!range) return col.values.subarray(0, col.length);
  const from = lowerBound(col, range.min);
  return col.values.subarray(from, Math.max(from, upperBound(col, range.max)));
}

/** How many of `values` are NaN, +Infinity and -Infinity. */
function countNonFinite(values: Float64Array): NonFiniteCounts {
  const counts = { nan: 0, posInf: 0, negInf: 0 };
  for (const v of values) {
    if (Number.isNaN(v)) counts.nan++;
    else if (v === Infinity) counts.posInf++;
    else if (v === -Infinity) counts.negInf++;
  }
  return counts;
}

/** What one line of a chart is drawn from: one run, or the runs of a seed group (two or more). */
interface Line {
  readonly id: string;
  /** The group's name; a run's line is labelled by the run. */
  readonly name: string;
  readonly members: readonly RunColumns[];
}

/** Starts a group's id; no run's id does (a NUL is in no path or run name anyone writes). */
const GROUP_ID_PREFIX = 'group\u0000';

/** `grpo (3 seeds)`. */
function groupLabel(name: string, members: number): string {
  return `${name} (${members} ${members === 1 ? 'seed' : 'seeds'})`;
}

/** The view's lines: every run alone, or with `grouped` the seed groups as one line each. */
function linesOf(runs: readonly RunColumns[], grouped: boolean): Line[] {
  if (!grouped) return runs.map((run) => ({ id: run.id, name: run.label, members: [run] }));
  return groupRuns(runs, (run) => ({ name: run.label, method: run.method })).map(({ name, members }) => {
    if (members.length !== 1) return { id: GROUP_ID_PREFIX + name, name, members };
    const run = members[0]!;
    return { id: run.id, name: run.label, members };
  });
}

/** The metrics that can be the x axis of a view of `runs`, for DataMessage.xMetrics. */
export function xMetricChoices(runs: readonly RunColumns[], memo: ColumnMemo = new ColumnMemo()): string[] {
  // Every column is checked whole: a view asks again at each zoom, so the verdicts are kept in its memo.
  return monotoneMetrics(
    runs.map((run) => run.metrics),
    (col) => memo.get(col, 'monotone', () => isMonotone(col)),
  );
}

/** The seed groups of two or more runs among `runs`, for DataMessage.groups. */
export function seedGroups(runs: readonly RunColumns[]): GroupInfo[] {
  return linesOf(runs, true)
    .filter((line) => line.members.length > 1)
    .map((line) => ({
      id: line.id,
      label: groupLabel(line.name, line.members.length),
      members: line.members.map((m) => m.id),
    }));
}

/**
 * One chart per metric, one series per run (or per seed group, when grouped): smoothed on the full
 * column, then downsampled to the chart's width over the zoomed range, so zooming in shows the detail
 * that was sampled away. In dual-axis mode, each benchmark that logs both chosen metrics gets one chart
 * of the two instead, ahead of the rest.
 */
export function buildCharts(
  runs: readonly RunColumns[],
  chartWidth: number,
  patterns?: readonly string[],
  settings: ViewSettings = DEFAULT_SETTINGS,
  memo: ColumnMemo = new ColumnMemo(),
): ChartPayload[] {
  const maxPoints = Math.max(16, Math.round(chartWidth * POINTS_PER_PIXEL));
  const { smoothing, range, summaryStep, threshold } = settings;
  const names = new Set<string>();
  for (const run of runs) for (const name of run.metrics.keys()) names.add(name);
  const mappings = new Map(runs.map((run) => [run, xMapping(run, settings.xAxis)]));
  const lines = linesOf(runs, settings.groups !== undefined);
  const smoothed = (col: SeriesColumns): Float64Array | undefined =>
    smoothing.weight > 0
      ? memo.get(col.values, `smooth ${smoothing.kind} ${smoothing.weight} ${col.length}`, () =>
          smooth(col, smoothing.kind, smoothing.weight),
        )
      : undefined;

  /**
   * `best`, from the column's min/max summary when it is long enough for a chart of it to use one: the
   * same point, without another pass over the column.
   */
  const bestOf = (col: SeriesColumns, goal: Goal): Point | undefined => {
    if (col.length <= SUMMARY_ABOVE * maxPoints) return best(col, goal);
    const i = memo.pyramid(col).scan(col.values, 0, col.length, rangeSummary())[goal];
    return i < 0 ? undefined : { step: col.steps[i]!, value: col.values[i]! };
  };

  /**
   * What a line draws of `metric` (its `members` that logged it): the column on the x axis, the
   * column its marks (last, best) are taken from, by step, and the x of a step. A seed group draws its
   * members' mean, with the band.
   */
  const plotOf = (line: Line, members: readonly RunColumns[], metric: string): Plot => {
    // Derived columns are kept in the memo, so that a zoom only downsamples them again (see memo.pyramid).
    if (line.members.length === 1) {
      const run = members[0]!;
      const raw = run.metrics.get(metric)!;
      const mapping = mappings.get(run)!;
      const column = settings.xAxis === 'step' ? raw : memo.latest(raw, 'x', settings.xAxis, () => mapping.column(raw));
      return { column, marks: raw, x: mapping.x };
    }
    const raws = members.map((run) => run.metrics.get(metric)!);
    const band = settings.groups!;
    const version = [band, settings.xAxis, ...members.map((run) => run.id)].join('\u0000');
    return memo.latest(raws[0]!, 'group', version, (): Plot => {
      const bySteps = aggregate(raws, band);
      if (settings.xAxis === 'step') return { column: bySteps, band: bySteps, marks: bySteps, x: (step) => step };
      const plotted = aggregate(
        raws.map((raw, i) => mappings.get(members[i]!)!.column(raw)),
        band,
      );
      // Against a time or metric, a group has no one x for a step (its members' differ): no marks are drawn.
      return { column: plotted, band: plotted, marks: bySteps, x: () => undefined };
    });
  };

  /**
   * The series of `metric` for each line that has it, `goal` deciding its best point and threshold
   * crossing; `inView` collects the values for the outlier range.
   */
  const seriesOf = (
    metric: string,
    goal: Goal,
    inView: Float64Array[] | undefined,
    label: (name: string) => string,
    axis?: 'left' | 'right',
  ): SeriesPayload[] => {
    const series: SeriesPayload[] = [];
    for (const line of lines) {
      const members = line.members.filter((run) => (run.metrics.get(metric)?.length ?? 0) > 0);
      if (members.length === 0) continue;
      const { column, band, marks, x: xOf } = plotOf(line, members, metric);
      const { x, y } = chartPoints(column, maxPoints, range?.min, range?.max, () => memo.pyramid(column));
      // Smoothed on the full column, then read at the points drawn; a band's edges likewise.
      const drawn = (values: Float64Array): Float64Array =>
        sampleAt(column, smoothed({ steps: column.steps, values, length: column.length }) ?? values, x);
      if (inView) inView.push(valuesInRange(column, range));
      series.push({
        run: line.id,
        label: label(band ? groupLabel(line.name, members.length) : line.name),
        axis,
        x,
        y,
        steps: 'sourceSteps' in column ? sampleAt(column, column.sourceSteps, x) : undefined,
        total: column.length,
        smoothed: smoothing.weight > 0 ? drawn(column.values) : undefined,
        band: band && { lower: drawn(band.lower), upper: drawn(band.upper), count: sampleAt(column, band.count, x) },
        last: marked(
          memo.get(marks, 'last', () => lastFinite(marks)),
          xOf,
        ),
        // A length has no better direction: only the left axis' score gets a best point.
        best:
          axis === 'right'
            ? undefined
            : marked(
                memo.get(marks, `best ${goal}`, () => bestOf(marks, goal)),
                xOf,
              ),
        at: summaryStep === undefined ? undefined : marked(lastFinite(marks, upperBound(marks, summaryStep)), xOf),
        reached:
          threshold === undefined
            ? undefined
            : marked(
                memo.get(marks, `reaches ${goal} ${threshold}`, () => firstReaching(marks, threshold, goal)),
                xOf,
              ),
        // The view says what the log has instead of an empty plot; downsampling made every kind NaN.
        nonFinite: y.length > 0 && !y.some(Number.isFinite) ? countNonFinite(valuesInRange(column, range)) : undefined,
      });
    }
    return series;
  };
  const outliers = (): Float64Array[] | undefined => (settings.ignoreOutliers ? [] : undefined);
  const logs = (run: RunColumns, metric: string): boolean => (run.metrics.get(metric)?.length ?? 0) > 0;

  const charts: ChartPayload[] = [];
  const paired = new Set<string>();
  if (settings.dualAxis) {
    const { left, right } = settings.dualAxis;
    // With several runs, each label says the run as well as the metric.
    const label = (metric: string) => (line: string) => (runs.length > 1 ? `${line} · ${metric}` : metric);
    for (const pair of dualAxisPairs(names, left, right, patterns)) {
      paired.add(pair.left);
      paired.add(pair.right);
      const goal = goalOf(pair.left);
      const inView = outliers();
      const series = [
        ...seriesOf(pair.left, goal, inView, label(left), 'left'),
        // The length's own direction (by its name) decides which way a threshold is crossed.
        ...seriesOf(pair.right, goalOf(pair.right), undefined, label(right), 'right'),
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
        stepField: stepFieldOf(runs.filter((run) => logs(run, pair.left) || logs(run, pair.right))),
      });
    }
  }
  for (const section of groupCharts(names, patterns)) {
    for (const metric of section.metrics) {
      if (paired.has(metric.full)) continue;
      const goal = goalOf(metric.full);
      const inView = outliers();
      const series = seriesOf(metric.full, goal, inView, (line) => line);
      const { metric: name, statistic } = metric.parsed;
      charts.push({
        id: metric.full,
        title: statistic ? `${name}/${statistic}` : name,
        section: section.title,
        sectionKind: section.kind,
        series,
        goal,
        yRange: inView && outlierRange(inView),
        stepField: stepFieldOf(runs.filter((run) => logs(run, metric.full))),
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
  // One percentile per one asked for.
  const [min, max] = percentiles(all, OUTLIER_PERCENTILES) as [number, number];
  // A flat series has no range to clip to: let the chart pick its own.
  return Number.isFinite(min) && max > min ? { min, max } : undefined;
}

/** The step axis' field names (DataMessage.stepField): each one the runs use, unless it is plain `step`. */
export function stepFieldOf(runs: readonly RunColumns[]): string | undefined {
  // A CSV's `Step` column is as plain a step as the format's own.
  const fields = new Set(runs.map((r) => (r.stepField?.toLowerCase() === 'step' ? 'step' : (r.stepField ?? 'step'))));
  if (fields.size === 1 && fields.has('step')) return undefined;
  return [...fields].join(' / ');
}
