/** The Chart.js side of a card: its options and scales, and each dataset's points and style. */

import type { Chart, ChartDataset, ChartOptions, Scale } from 'chart.js';
import { color } from 'chart.js/helpers';
import { axisMetric, type SeriesPayload } from '../../src/protocol';
import { formatAxisValue, formatTick } from '../format';
import type { Theme } from '../theme';
import { dataSpan, leftBounds, roundTicks, type YBounds } from './math';
import type { CardView, Point } from './types';

/** Series with at most this many points get markers (like the reference figures); denser ones are bare lines. */
const MARKER_MAX_POINTS = 60;
/** Opacity of the raw curve drawn behind a smoothed one (TensorBoard's look). */
const RAW_ALPHA = 0.25;
/** A drag shorter than this (CSS px) is a click, not a zoom. */
export const DRAG_THRESHOLD = 5;
/**
 * A dual-axis chart of a single run is coloured by axis, like reference figure 4: the palette's blue
 * (left, circles) and orange (right, squares). With several runs colours stay the runs'.
 */
const AXIS_COLOUR = { left: 0, right: 2 } as const;
const AXIS_POINT_STYLE = { left: 'circle', right: 'rect' } as const;
/** With several runs on a dual-axis chart, right-axis lines are dashed so the two axes' lines differ. */
const RIGHT_AXIS_DASH = [5, 3];
const SOLID: number[] = [];
/** Points on the edge of the plot area (first/last step, max of the y axis) keep their whole marker. */
const CLIP_MARKERS = 6;
/** A y axis with explicit bounds cuts lines at its edges, rather than 6 px beyond them. */
const CLIP_Y_EDGES = { left: CLIP_MARKERS, right: CLIP_MARKERS, top: 0, bottom: 0 };

/** The chart's options; `legendClick` gets the dataset index of a clicked legend item. */
export function chartOptions(card: CardView, legendClick: (index: number) => void): ChartOptions<'tcLine'> {
  const theme = card.ctx.theme();
  const font = { family: theme.fontFamily, size: theme.fontSize };
  const complete = ({ chart }: { chart: Chart }): void => {
    // Every chart has an x scale (chartScales).
    const { min, max } = chart.scales.x!;
    card.ctx.setRange({ min, max });
  };
  return {
    parsing: false,
    normalized: true,
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    // Hover is handled by our own listeners; Chart.js only needs clicks, for the legend.
    events: ['click'],
    spanGaps: false,
    layout: { padding: { top: 4, right: 8 } },
    scales: chartScales(card),
    plugins: {
      legend: {
        display: showsLegend(card),
        position: 'top',
        align: 'end',
        labels: {
          color: theme.foreground,
          font,
          usePointStyle: true,
          boxWidth: 7,
          boxHeight: 7,
          padding: 8,
          // The faint raw copies are not runs of their own.
          filter: (item) => (item.datasetIndex ?? 0) < card.payload.series.length,
        },
        onClick: (_event, item) => legendClick(item.datasetIndex ?? 0),
      },
      zoom: {
        zoom: {
          mode: 'x',
          drag: {
            enabled: true,
            threshold: DRAG_THRESHOLD,
            backgroundColor: theme.selection,
            borderColor: theme.focus,
            borderWidth: 1,
          },
          onZoomComplete: complete,
        },
        pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: complete },
      },
    },
  };
}

/** A legend names the series when there are several, and in a comparison the run of a chart that has one. */
export function showsLegend(card: CardView): boolean {
  return card.payload.series.length > 1 || card.ctx.runCount() > 1;
}

/** The x and y scale options for the view's axis choices, zoom and outlier range. */
export function chartScales(card: CardView): NonNullable<ChartOptions<'tcLine'>['scales']> {
  const theme = card.ctx.theme();
  const view = card.ctx.view();
  const font = { family: theme.fontFamily, size: theme.fontSize };
  const axis = {
    grid: { color: theme.grid, lineWidth: 0.5 },
    border: { color: theme.grid },
    ticks: { color: theme.muted, font, maxRotation: 0, autoSkip: true },
  };
  const xMetric = axisMetric(view.xAxis);
  const axisTitle = xMetric ?? (view.xAxis === 'step' ? card.payload.stepField : undefined);
  const logY = view.yScale === 'log';
  const y = yBounds(card);
  const bounded = yBounded(card);
  const yTicks = {
    ...axis.ticks,
    maxTicksLimit: 6,
    callback: (value: number | string, _i: number, ticks: { value: number }[]) =>
      formatAxisValue(Number(value), Math.max(...ticks.map((t) => Math.abs(t.value)))),
  };
  // Coloured by axis, the tick labels say which axis is whose.
  const axisColour = (side: 'left' | 'right'): string =>
    byAxis(card) ? seriesAt(theme, AXIS_COLOUR[side]) : theme.muted;
  const y2 = card.payload.dual && {
    right: {
      ...axis,
      type: logY ? ('logarithmic' as const) : ('linear' as const),
      position: 'right' as const,
      // An axis with none of its series shown would only show an arbitrary 0–1.
      display: card.payload.series.some((s) => s.axis === 'right' && card.isShown(s)),
      // Lengths are counts: from zero their growth reads in proportion, as in reference figure 4.
      beginAtZero: true,
      grid: { ...axis.grid, drawOnChartArea: false },
      ticks: { ...yTicks, color: axisColour('right') },
    },
  };
  return {
    x: {
      ...axis,
      type: view.xLog ? 'logarithmic' : 'linear',
      bounds: 'data',
      min: view.range?.min,
      max: view.range?.max,
      afterDataLimits: bounded && !view.range ? (scale) => spanX(card, scale, view.xLog) : undefined,
      // A zoom range, or a metric's values (tokens from 1,832,216), start anywhere: ticks go at round values.
      afterBuildTicks:
        (view.range || xMetric !== undefined) && !view.xLog
          ? (scale) => (scale.ticks = roundTicks(scale.min, scale.max, 8))
          : undefined,
      ticks: {
        ...axis.ticks,
        maxTicksLimit: 8,
        callback: (value: number | string, _i: number, ticks: { value: number }[]) =>
          formatTick(Number(value), view.xAxis, Math.max(...ticks.map((t) => Math.abs(t.value)))),
      },
      // Against a metric, or steps from a field of another name (epoch, current_steps), the axis says which.
      title: { display: axisTitle !== undefined, text: axisTitle ?? '', color: theme.muted, font },
    },
    y: {
      ...axis,
      type: logY ? 'logarithmic' : 'linear',
      beginAtZero: view.yScale === 'zero',
      min: y.min,
      max: y.max,
      afterBuildTicks: bounded && !logY ? (scale) => (scale.ticks = roundTicks(scale.min, scale.max, 6)) : undefined,
      ticks: { ...yTicks, color: axisColour('left') },
    },
    ...(y2 && { y2: y2.right }),
  };
}

/** The left y axis' bounds from the view's fixed range and the chart's outlier range. */
function yBounds(card: CardView): YBounds {
  const view = card.ctx.view();
  return leftBounds(view.yFixed, card.payload.yRange, view.yScale);
}

/** Whether the left y axis has an explicit end (fixed, or the outlier range): points beyond it are cut off. */
function yBounded(card: CardView): boolean {
  const { min, max } = yBounds(card);
  return min !== undefined || max !== undefined;
}

/**
 * Chart.js leaves points beyond a y axis' explicit bounds out of the x axis' range, which would then
 * shrink to the points in view: unzoomed, the x axis spans every shown point (on a log axis, every positive one).
 */
function spanX(card: CardView, scale: Scale, log: boolean): void {
  const span = dataSpan(
    card.visibleSeries().map((v) => v.series.x),
    log,
  );
  if (!span) return;
  scale.min = span.min;
  scale.max = span.max;
}

/** A dual-axis chart in a view of one run: coloured by axis rather than by run. */
function byAxis(card: CardView): boolean {
  return card.payload.dual !== undefined && card.ctx.runCount() <= 1;
}

/** A series' colour: its axis' on a chart coloured by axis, otherwise its run's. */
export function seriesColour(card: CardView, series: SeriesPayload): string {
  const theme = card.ctx.theme();
  return series.axis && byAxis(card)
    ? seriesAt(theme, AXIS_COLOUR[series.axis])
    : card.ctx.runs.colour(series.run, theme);
}

/** The palette's colour at `index`: one of its first few, which every palette has (readTheme). */
function seriesAt(theme: Theme, index: number): string {
  return theme.series[index]!;
}

/** Series arrive as Float64Arrays (already downsampled); Chart.js with `parsing: false` wants {x, y} objects. */
export function toPoints(x: Float64Array, y: Float64Array): Point[] {
  const points = new Array<Point>(x.length);
  // y has a value at each x.
  for (let i = 0; i < x.length; i++) points[i] = { x: x[i]!, y: y[i]! };
  return points;
}

/** Sets the series' colour, markers and width (faint and bare for a raw curve behind a smoothed one); true when any changed. */
export function styleDataset(
  card: CardView,
  ds: ChartDataset<'tcLine', Point[]>,
  series: SeriesPayload,
  faint: boolean,
): boolean {
  const theme = card.ctx.theme();
  const full = seriesColour(card, series);
  const colour = faint ? color(full).alpha(RAW_ALPHA).rgbString() : full;
  const markers = !faint && series.x.length <= MARKER_MAX_POINTS;
  const dashed = series.axis === 'right' && !byAxis(card);
  const style = {
    borderColor: colour,
    backgroundColor: colour,
    pointBackgroundColor: colour,
    pointBorderColor: colour,
    pointHoverBackgroundColor: colour,
    pointHoverBorderColor: colour,
    pointStyle: series.axis ? AXIS_POINT_STYLE[series.axis] : card.ctx.runs.pointStyle(series.run),
    yAxisID: series.axis === 'right' ? 'y2' : 'y',
    borderDash: dashed ? RIGHT_AXIS_DASH : SOLID,
    pointRadius: markers ? 3 : 0,
    pointHoverRadius: markers ? 4.5 : 3,
    borderWidth: faint ? 1 : theme.highContrast ? 2.5 : 1.5,
    tension: 0,
    spanGaps: false,
    clip: series.axis !== 'right' && yBounded(card) ? CLIP_Y_EDGES : CLIP_MARKERS,
  };
  const changed = (Object.keys(style) as (keyof typeof style)[]).some((k) => ds[k] !== style[k]);
  Object.assign(ds, style);
  return changed;
}
