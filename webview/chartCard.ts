import {
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  type ChartDataset,
  type ChartOptions,
  type Plugin,
  type Scale,
} from 'chart.js';
import { color } from 'chart.js/helpers';
import zoomPlugin from 'chartjs-plugin-zoom';
import { axisMetric, type ChartPayload, type SeriesPayload, type XAxis } from '../src/protocol';
import { formatAxisValue, formatStep, formatTick, formatValue, formatX, lowerBound, nearestIndex } from './format';
import { buildTable } from './table';
import type { RunStyles, Theme } from './theme';
import type { Tooltip, TooltipRow } from './tooltip';

// Only what a line chart on linear or log axes needs; the host-side data is already downsampled, and
// the tooltip is our own DOM element, so neither Decimation nor Tooltip is registered.
Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, zoomPlugin);

interface Point {
  x: number;
  y: number;
}
type LineChart = Chart<'line', Point[]>;

/** Series with at most this many points get markers (like the reference figures); denser ones are bare lines. */
const MARKER_MAX_POINTS = 60;
/** Opacity of the raw curve drawn behind a smoothed one (TensorBoard's look). */
const RAW_ALPHA = 0.25;
/** Opacity of a seed group's band around its mean. */
const BAND_ALPHA = 0.18;
/** Radius of the ring around each run's best point, larger than a marker so it surrounds it. */
const BEST_RING_RADIUS = 6;
/** A drag shorter than this (CSS px) is a click, not a zoom. */
const DRAG_THRESHOLD = 5;
/** A click waits this long for a second one, so a double-click (which resets the zoom) does not also open the log. */
const REVEAL_DELAY_MS = 300;
/** The tooltip's last line where a point's log line can be opened, by how the hover got there. */
const REVEAL_HINT = { mouse: 'Click to open the log at this step', key: 'Press Enter to open the log at this step' } as const;
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

/** How the left y axis is drawn; 'fixed' is linear between the user's bounds (ViewOptions.yFixed). */
export type YScale = 'linear' | 'zero' | 'log' | 'fixed';
/** A y range the user typed; an end left open comes from the data. */
export interface YBounds {
  readonly min?: number;
  readonly max?: number;
}

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
  view(): ViewOptions;
  /** The user zoomed or panned one chart (or reset with undefined): every chart follows. */
  setRange(range: { min: number; max: number } | undefined): void;
  /** Save the chart's image (a PNG data URL) under a suggested file name. */
  savePng(name: string, dataUrl: string): void;
  readonly runs: RunStyles;
  readonly tooltip: Tooltip;
  /** Whether the user hid this run (in the run list or a legend): it is hidden in every chart. */
  isHidden(run: string): boolean;
  /** Hides or shows a run in every chart. */
  toggleRun(run: string): void;
  /** Runs in the view: with more than one, every chart names its runs in a legend, even a single one. */
  runCount(): number;
  /** This card's hover moved to `step`, or ended (undefined): the other cards follow. */
  hovered(card: ChartCard, step: number | undefined): void;
  /** Whether a series' `run` is a single run (a RunInfo.id), whose log has a line per step; a seed group's has none. */
  isRun(run: string): boolean;
  /** Opens the run's log as text at the line that logged `step`. */
  revealLine(run: string, step: number): void;
}

/** One chart: its card, canvas, Chart.js instance, hover state and optional data table. */
export class ChartCard {
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  /** Said instead of the plot when no value is finite. */
  private readonly note: HTMLParagraphElement;
  private readonly heading: HTMLHeadingElement;
  private readonly saveButton: HTMLButtonElement;
  private readonly chart: LineChart;
  private payload: ChartPayload;
  private hoverStep: number | undefined;
  /** Whether the keys (not the mouse) moved the hover last: the tooltip's hint says Enter rather than click. */
  private hoverByKey = false;
  /** Where the mouse button went down, to tell a click from a drag. */
  private pressedAt: { x: number; y: number } | undefined;
  private revealTimer: ReturnType<typeof setTimeout> | undefined;
  private table: HTMLElement | undefined;
  /** Series hidden from this chart's legend when the view has one run (the axes of a dual-axis chart), by label. */
  private readonly hiddenHere = new Set<string>();

  constructor(
    payload: ChartPayload,
    private readonly ctx: CardContext,
    showTable: boolean,
  ) {
    this.payload = payload;
    this.element = document.createElement('div');
    this.element.className = 'tc-card';
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-keyshortcuts', 'ArrowLeft ArrowRight Home End Enter Escape');
    const header = document.createElement('div');
    header.className = 'tc-card-header';
    this.heading = document.createElement('h3');
    this.heading.className = 'tc-card-title';
    const save = document.createElement('button');
    save.type = 'button';
    save.className = 'tc-icon-button';
    save.textContent = 'PNG';
    save.title = 'Save this chart as a PNG image';
    save.addEventListener('click', () => this.savePng());
    this.saveButton = save;
    header.append(this.heading, save);
    const wrap = document.createElement('div');
    wrap.className = 'tc-canvas-wrap';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.note = document.createElement('p');
    this.note.className = 'tc-no-values';
    this.note.hidden = true;
    wrap.append(this.canvas, this.note);
    this.element.append(header, wrap);

    const overlay: Plugin<'line'> = {
      id: 'tcOverlay',
      // After every layout (data, options, or the canvas resized): the axes' ranges are known then.
      afterUpdate: () => this.canvas.setAttribute('aria-label', describe(this.payload) + this.describeAxes()),
      // Behind the lines, so a group's mean stays crisp on top of its band.
      beforeDatasetsDraw: (chart) => this.drawBands(chart as LineChart),
      afterDatasetsDraw: (chart) => {
        this.drawBest(chart as LineChart);
        this.drawGuide(chart as LineChart);
      },
    };
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: { datasets: [] },
      options: this.options(),
      plugins: [overlay],
    });
    this.update(payload);
    this.setTableVisible(showTable);
    this.listen();
  }

  /** Text the filter matches against. */
  get searchText(): string {
    return `${this.payload.id}\n${this.payload.section}/${this.payload.title}`;
  }

  /** Width of the plot area in CSS px, 0 before the chart was laid out (e.g. while filtered out). */
  plotWidth(): number {
    return this.chart.chartArea?.width ?? 0;
  }

  /**
   * New data for the same chart: datasets are updated in place so legend visibility and hover survive.
   * Datasets 0..n-1 are the series as drawn (smoothed when smoothing is on); with smoothing, n..2n-1
   * are the raw series, drawn faint behind them (Chart.js draws higher indices first).
   */
  update(payload: ChartPayload): void {
    const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
    const scalesChanged = !same(payload.yRange, this.payload.yRange) || !same(payload.dual, this.payload.dual);
    this.payload = payload;
    this.heading.textContent = payload.title;
    this.heading.title = payload.id;
    this.saveButton.setAttribute('aria-label', `Save ${payload.id} as PNG`);
    this.element.setAttribute('aria-label', payload.id);
    this.canvas.setAttribute('aria-description', this.describeKeys());
    const note = noFiniteValues(payload);
    this.note.textContent = note ?? '';
    this.note.hidden = note === undefined;
    // Hidden but laid out, so the card keeps its size next to the others.
    this.canvas.style.visibility = note === undefined ? '' : 'hidden';

    const n = payload.series.length;
    const smoothed = this.smoothed;
    const datasets = this.chart.data.datasets;
    const wanted = smoothed ? 2 * n : n;
    // Series removed: drop them (and the raw copies after them) and start the raw block afresh.
    if (datasets.length !== wanted) datasets.length = Math.min(datasets.length, n);
    let restyled = false;
    const set = (i: number, series: SeriesPayload, data: Point[], faint: boolean): void => {
      if (datasets[i]) {
        datasets[i].data = data;
        datasets[i].label = series.label;
      } else {
        datasets[i] = { label: series.label, data };
      }
      restyled = this.styleDataset(datasets[i], series, faint) || restyled;
    };
    payload.series.forEach((series, i) => set(i, series, toPoints(series.x, series.smoothed ?? series.y), false));
    if (smoothed) payload.series.forEach((series, i) => set(n + i, series, toPoints(series.x, series.y), true));
    this.applyVisibility();
    if (scalesChanged) this.applyScales();
    this.chart.options.plugins!.legend!.display = this.showsLegend();
    this.redraw(restyled);
    if (this.table) this.setTableVisible(true);
    this.rehover();
  }

  /** A legend names the series when there are several, and in a comparison the run of a chart that has one. */
  private showsLegend(): boolean {
    return this.payload.series.length > 1 || this.ctx.runCount() > 1;
  }

  /** Runs were hidden or shown (in this chart's legend, another's or the run list): redraw without them. */
  applyRuns(): void {
    this.applyVisibility();
    // The right axis goes with its series; tick colours follow colouring by axis or by run.
    this.applyScales();
    this.chart.options.plugins!.legend!.display = this.showsLegend();
    // Colours by axis or by run depend on how many runs the view has.
    const n = this.payload.series.length;
    const restyled = this.chart.data.datasets.map((ds, i) => this.styleDataset(ds, this.payload.series[i % n], i >= n)).some(Boolean);
    this.redraw(restyled);
    if (this.table) this.setTableVisible(true);
    this.rehover();
  }

  /** Each series (and its faint raw copy) is shown unless its run is hidden, or it is hidden in this legend. */
  private applyVisibility(): void {
    const n = this.payload.series.length;
    this.chart.data.datasets.forEach((_, i) => this.chart.setDatasetVisibility(i, this.isShown(this.payload.series[i % n])));
  }

  private isShown(series: SeriesPayload): boolean {
    return !this.ctx.isHidden(series.run) && !this.hiddenHere.has(series.label);
  }

  /** After a redraw, the hover is shown again where it was: with the tooltip, or following another card. */
  private rehover(): void {
    if (this.hoverStep === undefined) return;
    if (this.ctx.tooltip.owner === this) this.showHover(this.hoverStep, false);
    else this.follow(this.hoverStep);
  }

  /** Re-reads the theme after VS Code switched it. */
  applyTheme(): void {
    const n = this.payload.series.length;
    this.chart.options = this.options();
    this.chart.data.datasets.forEach((ds, i) => this.styleDataset(ds, this.payload.series[i % n], i >= n));
    this.redraw(true);
    this.rehover();
  }

  /** The view's scales or zoom changed. */
  applyView(): void {
    this.applyScales();
    // Clipping at the y edges follows whether the left axis has bounds.
    const n = this.payload.series.length;
    const restyled = this.chart.data.datasets.map((ds, i) => this.styleDataset(ds, this.payload.series[i % n], i >= n)).some(Boolean);
    this.redraw(restyled);
    this.rehover();
  }

  /** True when the host sent smoothed values (smoothing is on). */
  private get smoothed(): boolean {
    return this.payload.series.some((s) => s.smoothed !== undefined);
  }

  private applyScales(): void {
    this.chart.options.scales = this.scales();
  }

  /** The chart on a white-or-dark background (the canvas is transparent), as a PNG data URL. */
  private savePng(): void {
    const out = document.createElement('canvas');
    out.width = this.canvas.width;
    out.height = this.canvas.height;
    const g = out.getContext('2d')!;
    g.fillStyle = this.ctx.theme().background;
    g.fillRect(0, 0, out.width, out.height);
    g.drawImage(this.canvas, 0, 0);
    this.ctx.savePng(`${this.payload.id.replace(/[^\w.-]+/g, '_')}.png`, out.toDataURL('image/png'));
  }

  /**
   * Chart.js caches point options shared by a dataset's points and does not refresh that cache in
   * 'none' mode, so a change of point style (theme, markers on/off) needs a default-mode update; with
   * animation off it is just as immediate.
   */
  private redraw(restyled: boolean): void {
    // A new card's canvas is not in the page yet: Chart.js would lay it out at 0 × 0 for nothing, and
    // lays it out and draws it with these datasets and options when the canvas is attached.
    if (!this.chart.attached) return;
    if (restyled) this.chart.update();
    else this.chart.update('none');
  }

  /**
   * On a dual-axis chart, what each y axis shows and its range as the ticks read, e.g. "; right axis:
   * response_length/mean, 0–30k". Otherwise a fixed y range, which may clip points: "; y axis 0.5–1 (fixed)".
   */
  private describeAxes(): string {
    const dual = this.payload.dual;
    if (!dual) {
      const y = this.chart.scales.y;
      return this.ctx.view().yFixed && y ? `; y axis ${formatValue(y.min)}–${formatValue(y.max)} (fixed)` : '';
    }
    const range = (id: string): string => {
      const ticks = this.chart.scales[id]?.ticks ?? [];
      return ticks.length > 0 ? `, ${ticks[0].label}–${ticks[ticks.length - 1].label}` : '';
    };
    return `; left axis: ${dual.left.name}${range('y')}; right axis: ${dual.right.name}${range('y2')}`;
  }

  /** How the keyboard reads the chart; Enter only where a series is a single run's, whose log it can open. */
  private describeKeys(): string {
    const keys = 'Arrow keys, Home and End move through the steps';
    return this.payload.series.some((s) => this.ctx.isRun(s.run)) ? `${keys}; Enter opens the log at the step` : keys;
  }

  setTableVisible(visible: boolean): void {
    const old = this.table;
    const shown = { ...this.payload, series: this.payload.series.filter((s) => !this.ctx.isHidden(s.run)) };
    this.table = visible ? buildTable(shown) : undefined;
    if (old && this.table) {
      // Live updates rebuild the table: keep the reader's place in it.
      const scroll = old.scrollTop;
      old.replaceWith(this.table);
      this.table.scrollTop = scroll;
    } else if (this.table) {
      this.element.appendChild(this.table);
    } else {
      old?.remove();
    }
  }

  destroy(): void {
    // Removing a focused card blurs it, which clears the hover: that must happen while the chart still exists.
    this.element.remove();
    this.clearHover();
    clearTimeout(this.revealTimer);
    this.chart.destroy();
  }

  /** The x and y scale options for the view's axis choices, zoom and outlier range. */
  private scales(): NonNullable<ChartOptions<'line'>['scales']> {
    const theme = this.ctx.theme();
    const view = this.ctx.view();
    const font = { family: theme.fontFamily, size: theme.fontSize };
    const axis = {
      grid: { color: theme.grid, lineWidth: 0.5 },
      border: { color: theme.grid },
      ticks: { color: theme.muted, font, maxRotation: 0, autoSkip: true },
    };
    const xMetric = axisMetric(view.xAxis);
    const axisTitle = xMetric ?? (view.xAxis === 'step' ? this.payload.stepField : undefined);
    const logY = view.yScale === 'log';
    const y = this.leftBounds();
    const yBounded = y.min !== undefined || y.max !== undefined;
    const yTicks = {
      ...axis.ticks,
      maxTicksLimit: 6,
      callback: (value: number | string, _i: number, ticks: { value: number }[]) =>
        formatAxisValue(Number(value), Math.max(...ticks.map((t) => Math.abs(t.value)))),
    };
    // Coloured by axis, the tick labels say which axis is whose.
    const axisColour = (side: 'left' | 'right'): string => (this.byAxis ? theme.series[AXIS_COLOUR[side]] : theme.muted);
    const y2 = this.payload.dual && {
      right: {
        ...axis,
        type: logY ? ('logarithmic' as const) : ('linear' as const),
        position: 'right' as const,
        // An axis with none of its series shown would only show an arbitrary 0–1.
        display: this.payload.series.some((s) => s.axis === 'right' && this.isShown(s)),
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
        afterDataLimits: yBounded && !view.range ? (scale) => this.spanX(scale, view.xLog) : undefined,
        // A zoom range, or a metric's values (tokens from 1,832,216), start anywhere: ticks go at round values.
        afterBuildTicks:
          (view.range || xMetric !== undefined) && !view.xLog ? (scale) => (scale.ticks = roundTicks(scale.min, scale.max, 8)) : undefined,
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
        afterBuildTicks: yBounded && !logY ? (scale) => (scale.ticks = roundTicks(scale.min, scale.max, 6)) : undefined,
        ticks: { ...yTicks, color: axisColour('left') },
      },
      ...(y2 && { y2: y2.right }),
    };
  }

  /**
   * The left y axis' bounds: the user's fixed ends win over the outlier range ("ignore outliers"), whose
   * ends fill those the user left open, unless one would cross a fixed end: that end then comes from the data.
   */
  private leftBounds(): YBounds {
    const fixed = this.ctx.view().yFixed;
    const outliers = this.payload.yRange;
    // On a log axis only a positive lower bound means anything.
    const outlierMin = outliers && (this.ctx.view().yScale !== 'log' || outliers.min > 0) ? outliers.min : undefined;
    const min = fixed?.min ?? outlierMin;
    const max = fixed?.max ?? outliers?.max;
    if (!fixed || min === undefined || max === undefined || min < max) return { min, max };
    return fixed;
  }

  /** Whether the left y axis has an explicit end (fixed, or the outlier range): points beyond it are cut off. */
  private get yBounded(): boolean {
    const { min, max } = this.leftBounds();
    return min !== undefined || max !== undefined;
  }

  /**
   * Chart.js leaves points beyond a y axis' explicit bounds out of the x axis' range, which would then
   * shrink to the points in view: unzoomed, the x axis spans every shown point (on a log axis, every positive one).
   */
  private spanX(scale: Scale, log: boolean): void {
    let min = Infinity;
    let max = -Infinity;
    for (const { series } of this.visibleSeries()) {
      const first = series.x[log ? lowerBound(series.x, Number.MIN_VALUE) : 0];
      const last = series.x[series.x.length - 1];
      if (first !== undefined) min = Math.min(min, first);
      if (!log || last > 0) max = Math.max(max, last);
    }
    // A single x is left to Chart.js, which widens it to a range.
    if (!(min < max)) return;
    scale.min = min;
    scale.max = max;
  }

  /** A dual-axis chart in a view of one run: coloured by axis rather than by run. */
  private get byAxis(): boolean {
    return this.payload.dual !== undefined && this.ctx.runCount() <= 1;
  }

  private seriesColour(series: SeriesPayload): string {
    const theme = this.ctx.theme();
    return series.axis && this.byAxis ? theme.series[AXIS_COLOUR[series.axis]] : this.ctx.runs.colour(series.run, theme);
  }

  private options(): ChartOptions<'line'> {
    const theme = this.ctx.theme();
    const font = { family: theme.fontFamily, size: theme.fontSize };
    const complete = ({ chart }: { chart: Chart }): void => {
      const { min, max } = chart.scales.x;
      this.ctx.setRange({ min, max });
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
      scales: this.scales(),
      plugins: {
        legend: {
          display: this.showsLegend(),
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
            filter: (item) => (item.datasetIndex ?? 0) < this.payload.series.length,
          },
          onClick: (_event, item) => this.legendClick(item.datasetIndex ?? 0),
        },
        zoom: {
          zoom: {
            mode: 'x',
            drag: { enabled: true, threshold: DRAG_THRESHOLD, backgroundColor: theme.selection, borderColor: theme.focus, borderWidth: 1 },
            onZoomComplete: complete,
          },
          pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: complete },
        },
      },
    };
  }

  /**
   * Legend click: in a comparison, hides or shows the run in every chart; in a view of one run (only a
   * dual-axis chart has a legend then), hides or shows that axis' series here.
   */
  private legendClick(index: number): void {
    const series = this.payload.series[index];
    if (this.ctx.runCount() > 1) {
      this.ctx.toggleRun(series.run);
      return;
    }
    if (!this.hiddenHere.delete(series.label)) this.hiddenHere.add(series.label);
    this.applyRuns();
  }

  /** Sets the series' colour, markers and width (faint and bare for a raw curve behind a smoothed one); true when any changed. */
  private styleDataset(ds: ChartDataset<'line', Point[]>, series: SeriesPayload, faint: boolean): boolean {
    const theme = this.ctx.theme();
    const full = this.seriesColour(series);
    const colour = faint ? color(full).alpha(RAW_ALPHA).rgbString() : full;
    const markers = !faint && series.x.length <= MARKER_MAX_POINTS;
    const dashed = series.axis === 'right' && !this.byAxis;
    const style = {
      borderColor: colour,
      backgroundColor: colour,
      pointBackgroundColor: colour,
      pointBorderColor: colour,
      pointHoverBackgroundColor: colour,
      pointHoverBorderColor: colour,
      pointStyle: series.axis ? AXIS_POINT_STYLE[series.axis] : this.ctx.runs.pointStyle(series.run),
      yAxisID: series.axis === 'right' ? 'y2' : 'y',
      borderDash: dashed ? RIGHT_AXIS_DASH : SOLID,
      pointRadius: markers ? 3 : 0,
      pointHoverRadius: markers ? 4.5 : 3,
      borderWidth: faint ? 1 : theme.highContrast ? 2.5 : 1.5,
      tension: 0,
      spanGaps: false,
      clip: series.axis !== 'right' && this.yBounded ? CLIP_Y_EDGES : CLIP_MARKERS,
    };
    const changed = (Object.keys(style) as (keyof typeof style)[]).some((k) => ds[k] !== style[k]);
    Object.assign(ds, style);
    return changed;
  }

  private listen(): void {
    this.canvas.addEventListener('mousemove', (e) => {
      const step = this.stepAt(e);
      if (step === undefined) this.clearHover();
      // Same step as before: only the tooltip follows the pointer, the canvas needs no redraw.
      else if (step === this.hoverStep && this.ctx.tooltip.owner === this && !this.hoverByKey) this.ctx.tooltip.place(e.clientX, e.clientY);
      else {
        this.hoverByKey = false;
        this.showHover(step, false, e.clientX, e.clientY);
      }
    });
    this.canvas.addEventListener('mouseleave', () => this.clearHover());
    this.canvas.addEventListener('dblclick', () => this.ctx.setRange(undefined));
    this.canvas.addEventListener('mousedown', (e) => (this.pressedAt = { x: e.clientX, y: e.clientY }));
    this.canvas.addEventListener('click', (e) => {
      clearTimeout(this.revealTimer);
      const from = this.pressedAt;
      this.pressedAt = undefined;
      // A drag (zoom), shift (pan), the second click of a double-click or a click off the plot (the legend) opens nothing.
      const moved = !from || Math.hypot(e.clientX - from.x, e.clientY - from.y) >= DRAG_THRESHOLD;
      if (moved || e.shiftKey || e.detail > 1 || !this.inPlot(e)) return;
      const step = this.stepAt(e);
      const target = step === undefined ? undefined : this.revealTarget(step, e);
      if (target) this.revealTimer = setTimeout(() => this.ctx.revealLine(target.run, target.step), REVEAL_DELAY_MS);
    });
    this.element.addEventListener('keydown', (e) => {
      const step = this.keyStep(e.key);
      if (e.key === 'Escape') {
        this.endHover();
      } else if (step !== undefined) {
        e.preventDefault();
        this.hoverByKey = true;
        this.showHover(step, true);
      } else if (e.key === 'Enter' && e.target === this.element && this.hoverStep !== undefined && this.ctx.tooltip.owner === this) {
        // Not on the card's buttons, which Enter presses.
        const target = this.revealTarget(this.hoverStep);
        if (!target) return;
        e.preventDefault();
        this.ctx.revealLine(target.run, target.step);
      }
    });
    this.element.addEventListener('blur', () => this.clearHover());
  }

  /** The pointer's position on the canvas, in CSS px. */
  private pointer(e: MouseEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  /** The data step the hover shows for the pointer; undefined left or right of the plot area. */
  private stepAt(e: MouseEvent): number | undefined {
    const area = this.chart.chartArea;
    const { x } = this.pointer(e);
    if (!area || x < area.left - 4 || x > area.right + 4) return undefined;
    return this.snap(this.chart.scales.x.getValueForPixel(x) ?? NaN);
  }

  /** Whether the pointer is level with the plot area, not on the legend above it or the ticks below. */
  private inPlot(e: MouseEvent): boolean {
    const area = this.chart.chartArea;
    const { y } = this.pointer(e);
    return area !== undefined && y >= area.top - 4 && y <= area.bottom + 4;
  }

  /** The index of the point the hover shows for `series` at `step` (the nearest); undefined outside the series' steps. */
  private pointAt(series: SeriesPayload, step: number): number | undefined {
    const n = series.x.length;
    if (n === 0 || step < series.x[0] || step > series.x[n - 1]) return undefined;
    return nearestIndex(series.x, step);
  }

  /**
   * The run and step whose log line a click at `step` opens: of the single runs' points the hover shows
   * with a value, the one drawn nearest the pointer, or without a pointer the first. Against a time or
   * a metric, the point's own step.
   */
  private revealTarget(step: number, e?: MouseEvent): { run: string; step: number } | undefined {
    const at = e && this.pointer(e);
    let nearest: { run: string; step: number } | undefined;
    let nearestDistance = Infinity;
    for (const { series } of this.visibleSeries()) {
      const i = this.pointAt(series, step);
      const value = i === undefined ? NaN : (series.smoothed ?? series.y)[i];
      if (i === undefined || !Number.isFinite(value) || !this.ctx.isRun(series.run)) continue;
      const target = { run: series.run, step: series.steps?.[i] ?? series.x[i] };
      if (!at) return target;
      const px = this.chart.scales.x.getPixelForValue(series.x[i]);
      const py = this.chart.scales[series.axis === 'right' ? 'y2' : 'y'].getPixelForValue(value);
      const distance = Math.hypot(px - at.x, py - at.y);
      if (distance < nearestDistance) {
        nearest = target;
        nearestDistance = distance;
      }
    }
    return nearest;
  }

  /** The visible series, with their dataset index. */
  private visibleSeries(): { series: SeriesPayload; index: number }[] {
    return this.payload.series
      .map((series, index) => ({ series, index }))
      .filter(({ series, index }) => series.x.length > 0 && this.chart.isDatasetVisible(index));
  }

  /** The data step nearest to `x` over all visible series. */
  private snap(x: number): number | undefined {
    if (Number.isNaN(x)) return undefined;
    let best: number | undefined;
    for (const { series } of this.visibleSeries()) {
      const candidate = series.x[nearestIndex(series.x, x)];
      if (best === undefined || Math.abs(candidate - x) < Math.abs(best - x)) best = candidate;
    }
    return best;
  }

  /** Where an arrow/Home/End key moves the hover step: to the previous/next step any visible series has. */
  private keyStep(key: string): number | undefined {
    const visible = this.visibleSeries().map((v) => v.series.x);
    if (visible.length === 0) return undefined;
    const first = Math.min(...visible.map((x) => x[0]));
    const last = Math.max(...visible.map((x) => x[x.length - 1]));
    const current = this.hoverStep;
    switch (key) {
      case 'Home':
        return first;
      case 'End':
        return last;
      case 'ArrowRight': {
        if (current === undefined) return first;
        // Each series' first step after `current`; steps within a series are unique and ascending.
        const after = visible.map((x) => {
          const i = lowerBound(x, current);
          return x[x[i] === current ? i + 1 : i];
        });
        const found = after.filter((v) => v !== undefined);
        return found.length > 0 ? Math.min(...found) : current;
      }
      case 'ArrowLeft': {
        if (current === undefined) return last;
        const before = visible.map((x) => x[lowerBound(x, current) - 1]).filter((v) => v !== undefined);
        return before.length > 0 ? Math.max(...before) : current;
      }
      default:
        return undefined;
    }
  }

  /**
   * Guide line, highlighted points and tooltip at `step`; without a pointer position, next to the guide
   * line. The other cards of the view show the guide and points at the same step.
   */
  private showHover(step: number, announce: boolean, clientX?: number, clientY?: number): void {
    const rows = this.highlight(step);
    const rect = this.canvas.getBoundingClientRect();
    const x = clientX ?? rect.left + this.chart.scales.x.getPixelForValue(step);
    const y = clientY ?? rect.top + (this.chart.chartArea?.top ?? 0);
    const hint = this.revealTarget(step) ? REVEAL_HINT[this.hoverByKey ? 'key' : 'mouse'] : undefined;
    this.ctx.tooltip.show(this, this.tooltipHeading(step), rows, x, y, announce, hint);
    this.ctx.hovered(this, step);
  }

  /** The tooltip's heading: the x value, and against a time or metric, the step logged there. */
  private tooltipHeading(x: number): string {
    const text = formatX(x, this.ctx.view().xAxis, this.payload.stepField);
    for (const { series } of this.visibleSeries()) {
      const i = nearestIndex(series.x, x);
      if (series.steps && series.x[i] === x) return `${text} · step ${formatStep(series.steps[i])}`;
    }
    return text;
  }

  /** Another card's hover: the guide line and highlighted points at `step` here too, without a tooltip; undefined clears them. */
  follow(step: number | undefined): void {
    if (step === undefined) this.unhighlight();
    else if (step !== this.hoverStep || this.ctx.tooltip.owner !== this) this.highlight(step);
  }

  /** Draws the guide line and highlights each visible series' point at `step`; returns the tooltip's rows. */
  private highlight(step: number): TooltipRow[] {
    this.hoverStep = step;
    this.element.dataset.hoverStep = String(step);
    const rows: TooltipRow[] = [];
    const active: { datasetIndex: number; index: number }[] = [];
    const rawOffset = this.payload.series.length;
    for (const { series, index } of this.visibleSeries()) {
      const colour = this.seriesColour(series);
      const i = this.pointAt(series, step);
      if (i === undefined) {
        rows.push({ label: series.label, colour, value: '—' });
        continue;
      }
      const exact = series.x[i] === step;
      if (exact && !Number.isNaN(series.y[i])) {
        active.push({ datasetIndex: index, index: i });
        if (series.smoothed) active.push({ datasetIndex: rawOffset + index, index: i });
      }
      const band = series.band;
      const spread = band ? ` (${formatValue(band.lower[i])}–${formatValue(band.upper[i])}, n=${band.count[i]})` : '';
      rows.push({
        label: series.label,
        colour,
        value: formatValue(series.smoothed ? series.smoothed[i] : series.y[i]) + spread,
        note: exact ? undefined : `(at ${formatX(series.x[i], this.ctx.view().xAxis, this.payload.stepField).toLowerCase()})`,
        raw: series.smoothed ? formatValue(series.y[i]) : undefined,
      });
    }
    this.chart.setActiveElements(active);
    this.chart.render();
    return rows;
  }

  private unhighlight(): void {
    if (this.hoverStep === undefined) return;
    this.hoverStep = undefined;
    delete this.element.dataset.hoverStep;
    this.chart.setActiveElements([]);
    this.chart.render();
  }

  /**
   * The pointer left this card or focus moved away: if its hover is the one the view shows (this card has
   * the tooltip), it ends here and in every card following it. A card that only follows keeps the guide.
   */
  private clearHover(): void {
    if (this.ctx.tooltip.owner === this) this.endHover();
  }

  /** Ends the view's hover: the tooltip, and the guide in every card. */
  private endHover(): void {
    this.unhighlight();
    this.ctx.tooltip.hide();
    this.ctx.hovered(this, undefined);
  }

  /**
   * Each visible seed group's band: a translucent fill of its colour between the lower and upper edges,
   * broken where an edge is not finite (a gap in the mean).
   */
  private drawBands(chart: LineChart): void {
    const { top, bottom, left, right } = chart.chartArea;
    const g = chart.ctx;
    g.save();
    g.beginPath();
    g.rect(left, top, right - left, bottom - top);
    g.clip();
    for (const { series } of this.visibleSeries()) {
      const band = series.band;
      if (!band) continue;
      const xScale = chart.scales.x;
      const yScale = chart.scales[series.axis === 'right' ? 'y2' : 'y'];
      g.fillStyle = color(this.seriesColour(series)).alpha(BAND_ALPHA).rgbString();
      const fill = (from: number, to: number): void => {
        if (to <= from) return;
        g.beginPath();
        for (let i = from; i < to; i++) g.lineTo(xScale.getPixelForValue(series.x[i]), yScale.getPixelForValue(band.upper[i]));
        for (let i = to - 1; i >= from; i--) g.lineTo(xScale.getPixelForValue(series.x[i]), yScale.getPixelForValue(band.lower[i]));
        g.closePath();
        g.fill();
      };
      let start = 0;
      for (let i = 0; i <= series.x.length; i++) {
        if (i < series.x.length && Number.isFinite(band.lower[i]) && Number.isFinite(band.upper[i])) continue;
        fill(start, i);
        start = i + 1;
      }
    }
    g.restore();
  }

  /** A ring around each visible run's best point (highest, or lowest for losses), when it is in view. */
  private drawBest(chart: LineChart): void {
    const { top, bottom, left, right } = chart.chartArea;
    const g = chart.ctx;
    for (const { series } of this.visibleSeries()) {
      const best = series.best;
      if (!best || best.x === undefined) continue;
      const px = chart.scales.x.getPixelForValue(best.x);
      const py = chart.scales[series.axis === 'right' ? 'y2' : 'y'].getPixelForValue(best.value);
      if (!(px >= left - 1 && px <= right + 1 && py >= top - 1 && py <= bottom + 1)) continue;
      g.save();
      g.strokeStyle = this.seriesColour(series);
      g.lineWidth = 2;
      g.beginPath();
      g.arc(px, py, BEST_RING_RADIUS, 0, 2 * Math.PI);
      g.stroke();
      g.restore();
    }
  }

  private drawGuide(chart: LineChart): void {
    if (this.hoverStep === undefined) return;
    const { top, bottom, left, right } = chart.chartArea;
    const x = chart.scales.x.getPixelForValue(this.hoverStep);
    if (x < left - 0.5 || x > right + 0.5) return;
    const g = chart.ctx;
    g.save();
    g.strokeStyle = this.ctx.theme().muted;
    g.lineWidth = 1;
    g.setLineDash([3, 3]);
    g.beginPath();
    g.moveTo(x, top);
    g.lineTo(x, bottom);
    g.stroke();
    g.restore();
  }
}

/**
 * Ticks at round values (1, 2 or 5 × 10ⁿ apart) inside [min, max]. Chart.js starts its ticks at an explicit
 * min, which for a zoom or outlier range is an arbitrary number like 247.12163.
 */
function roundTicks(min: number, max: number, count: number): { value: number }[] {
  const raw = (max - min) / Math.max(1, count - 1);
  if (!(raw > 0)) return [{ value: min }];
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const spacing = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: { value: number }[] = [];
  for (let v = Math.ceil(min / spacing) * spacing; v <= max + spacing * 1e-9; v += spacing) {
    // Strip float noise: 0.30000000000000004 → 0.3.
    ticks.push({ value: Number(v.toPrecision(12)) });
  }
  return ticks;
}

/** Series arrive as Float64Arrays (already downsampled); Chart.js with `parsing: false` wants {x, y} objects. */
function toPoints(x: Float64Array, y: Float64Array): Point[] {
  const points = new Array<Point>(x.length);
  for (let i = 0; i < x.length; i++) points[i] = { x: x[i], y: y[i] };
  return points;
}

/**
 * "No finite values to plot (−∞ at 1 step)" when the chart has points but none is a finite number (an
 * empty plot would show only an arbitrary axis); undefined when there is something to draw, or nothing yet.
 */
function noFiniteValues(chart: ChartPayload): string | undefined {
  const counts = new Map<string, number>();
  const add = (kind: string, n: number): void => {
    if (n > 0) counts.set(kind, (counts.get(kind) ?? 0) + n);
  };
  let shipped = true;
  for (const s of chart.series) {
    if (s.y.some(Number.isFinite)) return undefined;
    // The host's counts of the log's values, which the NaN of every drawn non-finite point cannot tell apart.
    if (s.nonFinite) {
      add('NaN', s.nonFinite.nan);
      add(formatValue(Infinity), s.nonFinite.posInf);
      add(formatValue(-Infinity), s.nonFinite.negInf);
      continue;
    }
    if (s.x.length < s.total) shipped = false;
    for (const v of s.y) add(Number.isNaN(v) ? 'NaN' : formatValue(v), 1);
  }
  if (counts.size === 0) return undefined;
  // Counts of the points the host sent are exact unless it sampled the series down.
  const what = shipped
    ? [...counts].map(([kind, n]) => `${kind} at ${n} ${n === 1 ? 'step' : 'steps'}`).join(', ')
    : `only ${[...counts.keys()].join(' and ')}`;
  return `No finite values to plot (${what})`;
}

/**
 * What a screen reader says for the canvas, e.g. "actor/kl_loss: 2 series (A, B), steps 0–30"; steps
 * from a field of another name say it ("steps 10–200 (x axis: current_steps)", "epochs 0–5").
 */
function describe(chart: ChartPayload): string {
  const withData = chart.series.filter((s) => s.x.length > 0);
  if (withData.length === 0) return `${chart.id}: no data yet`;
  const first = Math.min(...withData.map((s) => s.x[0]));
  const last = Math.max(...withData.map((s) => s.x[s.x.length - 1]));
  const n = chart.series.length;
  const labels = chart.series.map((s) => s.label).join(', ');
  const epochs = chart.stepField?.toLowerCase() === 'epoch';
  const unit = epochs ? 'epoch' : 'step';
  const field = chart.stepField && !epochs ? ` (x axis: ${chart.stepField})` : '';
  const bests = chart.series
    .filter((s) => s.best)
    .map((s) => `${s.label} ${formatValue(s.best!.value)} at ${unit} ${formatStep(s.best!.step)}`);
  const best = bests.length > 0 ? `; ${chart.goal === 'min' ? 'lowest' : 'highest'}: ${bests.join(', ')}` : '';
  return `${chart.id}: ${n} series (${labels}), ${unit}s ${formatStep(first)}–${formatStep(last)}${field}${best}`;
}
