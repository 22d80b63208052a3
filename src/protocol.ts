/**
 * The one channel between the extension host and the webview. Both sides import this module, so a
 * message type added here without a handler on the receiving side fails to compile (see `Handlers`).
 * Numeric series travel as Float64Array (structured-cloned as ArrayBuffers), never as point objects.
 */
import type { BandKind } from './core/groups';
import type { MethodsAsk, MethodsView } from './core/methodsTypes';
import type { DualAxisChoices } from './core/pairs';
import type { SmoothingKind } from './core/smoothing';
import type { Goal } from './core/summary';

export type { BandKind, DualAxisChoices, Goal, MethodsAsk, MethodsView, SmoothingKind };

/**
 * What the x axis shows: the step, seconds since the run's first logged time, the wall clock (epoch
 * seconds), or a logged metric that only grows (`metric:perf/total_num_tokens`; see DataMessage.xMetrics).
 */
export type XAxis = 'step' | 'relative' | 'wall' | `metric:${string}`;

const METRIC_AXIS = 'metric:';

/** The x axis that plots against this metric. */
export function metricAxis(metric: string): XAxis {
  return `${METRIC_AXIS}${metric}`;
}

/** The metric an x axis plots against, or undefined for step and time axes. */
export function axisMetric(axis: XAxis): string | undefined {
  return axis.startsWith(METRIC_AXIS) ? axis.slice(METRIC_AXIS.length) : undefined;
}

/** The view settings the host needs to build the data: the rest (log scales, from zero) is drawn by the webview alone. */
export interface ViewSettings {
  readonly smoothing: { readonly kind: SmoothingKind; readonly weight: number };
  readonly xAxis: XAxis;
  /** The zoomed x range, in the x axis' units; absent when the whole run is shown. */
  readonly range?: { readonly min: number; readonly max: number };
  /** Send `yRange`: the 5th–95th percentile of each chart's values in view. */
  readonly ignoreOutliers: boolean;
  /**
   * Dual-axis mode: one chart per benchmark that logs both metrics (names within the benchmark, e.g.
   * `accuracy` and `response_length/mean`), the first on the left y axis, the second on the right.
   * The two metrics' own charts are left out. Absent: every metric has its own chart.
   */
  readonly dualAxis?: { readonly left: string; readonly right: string };
  /**
   * Seed groups (DataMessage.groups) drawn as one line each, their mean, with this band around it.
   * Absent: every run is its own line.
   */
  readonly groups?: BandKind;
  /** The summary's "At step" column: each series' value at this step (SeriesPayload.at). */
  readonly summaryStep?: number;
  /** The summary's "Reaches" column: the first step each series reaches this value (SeriesPayload.reached). */
  readonly threshold?: number;
}

/** A point of a run, by step, with its place on the current x axis (absent when it has none, e.g. no logged time). */
export interface MarkedPoint {
  readonly step: number;
  readonly x?: number;
  readonly value: number;
}

/** One line of one chart, already downsampled by the host for the chart's pixel width. */
export interface SeriesPayload {
  /** Stable id of the run (file or `run` field); also the key for its colour. */
  readonly run: string;
  /** Label shown in legend and tooltip: the run's, or on a dual-axis chart the metric's (`grpo · accuracy` with several runs). */
  readonly label: string;
  /** On a dual-axis chart: the y axis the series is drawn against. */
  readonly axis?: 'left' | 'right';
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Against a time or a metric: the step of each point, for the tooltip (absent for a seed group's mean). */
  readonly steps?: Float64Array;
  /** Points in the full-resolution column, so the view can say when it shows a sample of them. */
  readonly total: number;
  /** The smoothed value at each x (computed on the full column, then sampled); absent when smoothing is off. */
  readonly smoothed?: Float64Array;
  /** Over the whole run (not just the zoomed range): the last finite value and the best one. */
  readonly last?: MarkedPoint;
  readonly best?: MarkedPoint;
  /**
   * With `summaryStep`: the value logged at that step or, if none was, the last finite one before it
   * (its own step says which); absent before the first.
   */
  readonly at?: MarkedPoint;
  /**
   * With `threshold`: the first point at or above it (at or below for a metric better low); absent
   * when never reached.
   */
  readonly reached?: MarkedPoint;
  /**
   * Set on a seed group's line (whose `y` is the members' mean, `run` the GroupInfo.id): the band's
   * edges and how many members had a value, at each x. With smoothing, the edges are smoothed too.
   */
  readonly band?: { readonly lower: Float64Array; readonly upper: Float64Array; readonly count: Float64Array };
  /**
   * Set when the series has points in view but none is finite: how many of its values in the range (or
   * the whole run) are NaN, +Infinity and -Infinity. `y` cannot tell: every non-finite value is sent as NaN.
   */
  readonly nonFinite?: NonFiniteCounts;
}

export interface NonFiniteCounts {
  readonly nan: number;
  readonly posInf: number;
  readonly negInf: number;
}

export interface ChartPayload {
  /** Stable id (the metric's full name in the single-log editor). */
  readonly id: string;
  readonly title: string;
  /** Heading the chart sits under: a benchmark, or a diagnostics group. */
  readonly section: string;
  readonly sectionKind: 'benchmark' | 'diagnostic';
  readonly series: readonly SeriesPayload[];
  /** Whether higher or lower values are better, which decides `best`. */
  readonly goal: Goal;
  /** With `ignoreOutliers`: the y range to show (of the left axis, on a dual-axis chart). */
  readonly yRange?: { readonly min: number; readonly max: number };
  /** Set on a dual-axis chart: the metric of each y axis. */
  readonly dual?: { readonly left: AxisMetric; readonly right: AxisMetric };
  /**
   * The logged field its runs' steps come from (`current_steps`, `epoch`; several joined by ` / `), named
   * on the step axis; absent when it is a plain `step` or the line order.
   */
  readonly stepField?: string;
}

/** The metric a y axis of a dual-axis chart shows. */
export interface AxisMetric {
  /** Within the benchmark, e.g. `response_length/mean`. */
  readonly name: string;
  /** As logged, e.g. `val/MATH500/response_length/mean`. */
  readonly full: string;
}

/** A run of the view, in the order runs receive their colours. */
export interface RunInfo {
  /** SeriesPayload.run of its series. */
  readonly id: string;
  readonly label: string;
}

/** Runs of the view that can be drawn as one line: two or more sharing a `method`, or a name but for a seed suffix. */
export interface GroupInfo {
  /** SeriesPayload.run of the group's line; never a RunInfo.id. */
  readonly id: string;
  /** E.g. `grpo (3 seeds)`. */
  readonly label: string;
  /** RunInfo.id of each member. */
  readonly members: readonly string[];
}

export interface SkippedSummary {
  /** Lines skipped in all. */
  readonly count: number;
  /** The first few, 1-based, with the reason. */
  readonly first: readonly { readonly line: number; readonly reason: string }[];
  /** A trailing line without newline that does not parse yet: probably still being written. */
  readonly pendingLine?: number;
}

// ---- host → webview ----
export interface DataMessage {
  readonly type: 'data';
  readonly title: string;
  /** What the series' x values are (the settings may have changed since this was built). */
  readonly xAxis: XAxis;
  readonly charts: readonly ChartPayload[];
  /** Every run with a metric in the view, for the run list (shown and hidden runs) and the colours. */
  readonly runs: readonly RunInfo[];
  /** The metric names a dual-axis chart can pair; absent when no benchmark logs both a score and a length. */
  readonly dualAxis?: DualAxisChoices;
  /**
   * The metrics that can be the x axis: ones that only grow (tokens seen, samples) in every run that
   * logs them. Absent or empty: none.
   */
  readonly xMetrics?: readonly string[];
  /** The seed groups of two or more runs (whether or not drawn as groups now); absent or empty offers no grouping. */
  readonly groups?: readonly GroupInfo[];
  readonly skipped: SkippedSummary;
  /** Other things the user should know (restarts detected, duplicate steps, …). */
  readonly notices: readonly string[];
  /** True once the whole file has been read; false while a large file is still loading. */
  readonly complete: boolean;
  /** Opaque to the webview: kept in its saved state so the host can restore the view after a window reload. */
  readonly restore?: unknown;
}
export interface ErrorMessage {
  readonly type: 'error';
  readonly message: string;
}
/** The methods panel for `ask` (answering a CompareMethodsMessage, and again after data while it follows). */
export interface MethodsMessage {
  readonly type: 'methods';
  readonly ask: MethodsAsk;
  readonly view: MethodsView;
}
/** A palette command for the view: the page does what its own button does. */
export interface ActionMessage {
  readonly type: 'action';
  readonly action: 'compareMethods' | 'exportSvg' | 'exportReport';
}
export type HostToWebview = DataMessage | ErrorMessage | MethodsMessage | ActionMessage;

// ---- webview → host (checked at the host's boundary by src/messages.ts: keep the two in step) ----
export interface ReadyMessage {
  readonly type: 'ready';
  /** Width of one chart's plot area in CSS pixels: the host downsamples to about 2 points per pixel. */
  readonly chartWidth: number;
  /** The settings restored from the webview's saved state. */
  readonly settings: ViewSettings;
}
/** The user changed smoothing, x axis, outliers or zoom: the host rebuilds the data. */
export interface SettingsMessage {
  readonly type: 'settings';
  readonly settings: ViewSettings;
}
/** Put text (the summary table as Markdown or CSV) on the clipboard. */
export interface CopyMessage {
  readonly type: 'copy';
  readonly text: string;
  /** What was copied, for the confirmation: a fixed label, so a webview cannot word the host's message. */
  readonly what:
    | 'summary as Markdown'
    | 'summary as CSV'
    | 'comparison sentences'
    | 'comparison as LaTeX'
    | 'comparison as Markdown';
}
/** Save one chart as a PNG file, asking where. */
export interface SavePngMessage {
  readonly type: 'savePng';
  /** Suggested file name. */
  readonly name: string;
  /** `data:image/png;base64,…` from canvas.toDataURL. */
  readonly dataUrl: string;
}
/**
 * Save the view's data as CSV, asking where: `full`, every point of every metric and run as logged;
 * `shown`, the points the charts draw (downsampled, zoomed range, smoothed values and seed bands).
 */
export interface ExportCsvMessage {
  readonly type: 'exportCsv';
  readonly resolution: 'full' | 'shown';
}
/**
 * Compute the methods panel for `ask` and answer with a MethodsMessage; with `follow`, answer again after
 * every data message (the logs grow) until the next CompareMethodsMessage. Without `ask`, stop following.
 */
export interface CompareMethodsMessage {
  readonly type: 'compareMethods';
  readonly ask?: MethodsAsk;
  readonly follow: boolean;
}
/** Save text the page made (charts as SVG, a report, the comparison's tables), asking where. */
export interface ExportFileMessage {
  readonly type: 'exportFile';
  readonly format: 'svg' | 'html' | 'tex' | 'md';
  /** Suggested file name. */
  readonly name: string;
  readonly text: string;
}
export interface ResizeMessage {
  readonly type: 'resize';
  readonly chartWidth: number;
}
export interface OpenAsTextMessage {
  readonly type: 'openAsText';
}
/** The user clicked a point: open its run's log as text at the line that logged that step. */
export interface RevealLineMessage {
  readonly type: 'revealLine';
  /** SeriesPayload.run of the clicked series (a single run, not a seed group). */
  readonly run: string;
  readonly step: number;
}
export type WebviewToHost =
  | ReadyMessage
  | ResizeMessage
  | SettingsMessage
  | OpenAsTextMessage
  | RevealLineMessage
  | CopyMessage
  | SavePngMessage
  | ExportCsvMessage
  | CompareMethodsMessage
  | ExportFileMessage;

/** A handler for every message of a union: leaving one out is a compile error. */
export type Handlers<U extends { readonly type: string }> = {
  readonly [K in U['type']]: (message: Extract<U, { readonly type: K }>) => void;
};

/**
 * Sends `message` to the handler for its type. Own properties only: a type such as `constructor` or
 * `__proto__` must not find Object.prototype's members. The host checks webview messages first (src/messages.ts).
 */
export function dispatch<U extends { readonly type: string }>(handlers: Handlers<U>, message: U): void {
  const type: unknown = typeof message === 'object' && message !== null ? message.type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return;
  (handlers[type as U['type']] as (m: U) => void)(message);
}
