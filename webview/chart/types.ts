/** What a chart card shares with the page, and what its parts (options, overlay, hover, keys) read of it. */

import type { Chart } from 'chart.js';
import type { ChartPayload, SeriesPayload, XAxis } from '../../src/protocol';
import type { RunStyles, Theme } from '../theme';
import type { Tooltip } from '../tooltip';
import type { YBounds, YScale } from './math';

/** A point as Chart.js reads it with `parsing: false`. */
export interface Point {
  x: number;
  y: number;
}
export type LineChart = Chart<'tcLine', Point[]>;

/** How the page wants charts drawn: shared by all cards of the view. */
export interface ViewOptions {
  /** What the data's x values are. */
  readonly xAxis: XAxis;
  readonly xLog: boolean;
  readonly yScale: YScale;
  /** The user's fixed range of every chart's left y axis; undefined unless Fixed is chosen and valid. */
  readonly yFixed: YBounds | undefined;
  /** The zoomed x range, or undefined for all of it. */
  readonly range: { readonly min: number; readonly max: number } | undefined;
}

/** What every card shares with the page. */
export interface CardContext {
  theme(): Theme;
  readonly view: () => ViewOptions;
  /** The user zoomed or panned one chart (or reset with undefined): every chart follows. */
  readonly setRange: (range: { min: number; max: number } | undefined) => void;
  /** Save the chart's image (a PNG data URL) under a suggested file name. */
  savePng(name: string, dataUrl: string): void;
  /** Save the chart as drawn as an SVG figure. */
  saveSvg(card: CardView): void;
  readonly runs: RunStyles;
  readonly tooltip: Tooltip;
  /** Whether the user hid this run (in the run list or a legend): it is hidden in every chart. */
  readonly isHidden: (run: string) => boolean;
  /** Hides or shows a run in every chart. */
  readonly toggleRun: (run: string) => void;
  /** Runs in the view: with more than one, every chart names its runs in a legend, even a single one. */
  runCount(): number;
  /** This card's hover moved to `step`, or ended (undefined): the other cards follow. */
  hovered(card: CardView, step: number | undefined): void;
  /** Whether a series' `run` is a single run (a RunInfo.id), whose log has a line per step; a seed group's has none. */
  isRun(run: string): boolean;
  /** Opens the run's log as text at the line that logged `step`. */
  revealLine(run: string, step: number): void;
}

/** A series drawn in a chart, with the index of its dataset. */
export interface VisibleSeries {
  readonly series: SeriesPayload;
  readonly index: number;
}

/** One card as its parts see it (the ChartCard itself, so it is also the tooltip's owner). */
export interface CardView {
  readonly ctx: CardContext;
  /** The chart's data as last sent by the host. */
  readonly payload: ChartPayload;
  readonly element: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  /** Read only once the card is built: the options are made before the chart. */
  readonly chart: LineChart;
  /** Whether the series is drawn: its run is not hidden, nor is it hidden in this chart's legend. */
  isShown(series: SeriesPayload): boolean;
  /** The visible series that have points. */
  visibleSeries(): VisibleSeries[];
}
