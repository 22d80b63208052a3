import { Chart, Legend, LineElement, LinearScale, LogarithmicScale, PointElement } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import type { ChartPayload, SeriesPayload } from '../src/protocol';
import { CardLineController } from './chart/controller';
import { describeKeys, noFiniteValues } from './chart/describe';
import { Hover } from './chart/hover';
import { CARD_KEYS, listenKeys } from './chart/keyboard';
import { listenMouse } from './chart/mouse';
import { chartOptions, chartScales, showsLegend, styleDataset, toPoints } from './chart/options';
import { overlayPlugin } from './chart/overlay';
import type { CardContext, CardView, LineChart, Point, VisibleSeries } from './chart/types';
import { button } from './dom';
import { buildTable } from './table';

export type { YBounds, YScale } from './chart/math';
export type { CardContext, ViewOptions } from './chart/types';

// Only what a line chart on linear or log axes needs (its controller ours: chart/controller.ts); the
// host-side data is already downsampled, and the tooltip is our own DOM element, so neither Decimation
// nor Tooltip is registered.
Chart.register(CardLineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, zoomPlugin);

/**
 * One chart: its card, canvas, Chart.js instance and optional data table. Its parts live in chart/:
 * options and datasets, the overlay plugin, hover, mouse and keys, and the words a screen reader says.
 */
export class ChartCard implements CardView {
  readonly element: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  readonly chart: LineChart;
  /** Said instead of the plot when no value is finite. */
  private readonly note: HTMLParagraphElement;
  private readonly heading: HTMLHeadingElement;
  private readonly saveButton: HTMLButtonElement;
  private readonly svgButton: HTMLButtonElement;
  private current: ChartPayload;
  private readonly hover = new Hover(this);
  /** Cancels a click's pending opening of the log. */
  private readonly cancelReveal: () => void;
  private table: HTMLElement | undefined;
  /** Series hidden from this chart's legend when the view has one run (the axes of a dual-axis chart), by label. */
  private readonly hiddenHere = new Set<string>();
  /** Set while an update is not to draw (see redraw). */
  private holdDraw = false;

  constructor(
    payload: ChartPayload,
    readonly ctx: CardContext,
    showTable: boolean,
  ) {
    this.current = payload;
    this.element = document.createElement('div');
    this.element.className = 'tc-card';
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-keyshortcuts', CARD_KEYS);
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
    const svg = button('tc-icon-button', 'SVG');
    svg.title = 'Save this chart as it is drawn as an SVG figure (text as text, on white)';
    svg.addEventListener('click', () => this.ctx.saveSvg(this));
    this.svgButton = svg;
    header.append(this.heading, save, svg);
    const wrap = document.createElement('div');
    wrap.className = 'tc-canvas-wrap';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.note = document.createElement('p');
    this.note.className = 'tc-no-values';
    this.note.hidden = true;
    wrap.append(this.canvas, this.note);
    this.element.append(header, wrap);

    this.chart = new Chart(this.canvas, {
      type: 'tcLine',
      data: { datasets: [] },
      options: chartOptions(this, (index) => this.legendClick(index)),
      plugins: [
        overlayPlugin(
          this,
          () => this.hover.step,
          () => this.holdDraw,
        ),
      ],
    });
    this.update(payload);
    this.setTableVisible(showTable);
    this.cancelReveal = listenMouse(this, this.hover);
    listenKeys(this, this.hover);
  }

  /** The chart's data as last sent by the host. */
  get payload(): ChartPayload {
    return this.current;
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
    this.current = payload;
    this.heading.textContent = payload.title;
    this.heading.title = payload.id;
    this.saveButton.setAttribute('aria-label', `Save ${payload.id} as PNG`);
    this.svgButton.setAttribute('aria-label', `Save ${payload.id} as SVG`);
    this.element.setAttribute('aria-label', payload.id);
    this.canvas.setAttribute('aria-description', describeKeys(payload.series.some((s) => this.ctx.isRun(s.run))));
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
      restyled = styleDataset(this, datasets[i], series, faint) || restyled;
    };
    payload.series.forEach((series, i) => set(i, series, toPoints(series.x, series.smoothed ?? series.y), false));
    if (smoothed) payload.series.forEach((series, i) => set(n + i, series, toPoints(series.x, series.y), true));
    this.applyVisibility();
    if (scalesChanged) this.applyScales();
    this.chart.options.plugins!.legend!.display = showsLegend(this);
    if (this.table) this.setTableVisible(true);
    this.redraw(restyled);
  }

  /** Runs were hidden or shown (in this chart's legend, another's or the run list): redraw without them. */
  applyRuns(): void {
    this.applyVisibility();
    // The right axis goes with its series; tick colours follow colouring by axis or by run.
    this.applyScales();
    this.chart.options.plugins!.legend!.display = showsLegend(this);
    // Colours by axis or by run depend on how many runs the view has.
    if (this.table) this.setTableVisible(true);
    this.redraw(this.restyle());
  }

  /** Each series (and its faint raw copy) is shown unless its run is hidden, or it is hidden in this legend. */
  private applyVisibility(): void {
    const n = this.payload.series.length;
    // Dataset i (and its raw copy, n + i) draws series i.
    this.chart.data.datasets.forEach((_, i) =>
      this.chart.setDatasetVisibility(i, this.isShown(this.payload.series[i % n]!)),
    );
  }

  isShown(series: SeriesPayload): boolean {
    return !this.ctx.isHidden(series.run) && !this.hiddenHere.has(series.label);
  }

  visibleSeries(): VisibleSeries[] {
    return this.payload.series
      .map((series, index) => ({ series, index }))
      .filter(({ series, index }) => series.x.length > 0 && this.chart.isDatasetVisible(index));
  }

  /** Re-reads the theme after VS Code switched it. */
  applyTheme(): void {
    this.chart.options = chartOptions(this, (index) => this.legendClick(index));
    this.restyle();
    this.redraw(true);
  }

  /** The view's scales or zoom changed. */
  applyView(): void {
    this.applyScales();
    // Clipping at the y edges follows whether the left axis has bounds.
    this.redraw(this.restyle());
  }

  /** Another card's hover: the guide line and highlighted points at `step` here too, without a tooltip; undefined clears them. */
  follow(step: number | undefined): void {
    this.hover.follow(step);
  }

  /** True when the host sent smoothed values (smoothing is on). */
  private get smoothed(): boolean {
    return this.payload.series.some((s) => s.smoothed !== undefined);
  }

  private applyScales(): void {
    this.chart.options.scales = chartScales(this);
  }

  /** Styles every dataset again (the raw copies faint); true when any style changed. */
  private restyle(): boolean {
    const n = this.payload.series.length;
    return (
      this.chart.data.datasets
        // Dataset i (and its raw copy, n + i) draws series i.
        .map((ds, i) => styleDataset(this, ds, this.payload.series[i % n]!, i >= n))
        .some(Boolean)
    );
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
   * Updates the chart and shows the hover again over it. Chart.js caches point options shared by a
   * dataset's points and does not refresh that cache in 'none' mode, so a change of point style (theme,
   * markers on/off) needs a default-mode update; with animation off it is just as immediate.
   */
  private redraw(restyled: boolean): void {
    // A new card's canvas is not in the page yet: Chart.js would lay it out at 0 × 0 for nothing, and
    // lays it out and draws it with these datasets and options when the canvas is attached.
    if (this.chart.attached) {
      // While a hover is shown, its highlight draws the chart: the update's own drawing would be lost.
      this.holdDraw = this.hover.step !== undefined;
      try {
        if (restyled) this.chart.update();
        else this.chart.update('none');
      } finally {
        this.holdDraw = false;
      }
    }
    this.hover.again();
  }

  /**
   * Legend click: in a comparison, hides or shows the run in every chart; in a view of one run (only a
   * dual-axis chart has a legend then), hides or shows that axis' series here.
   */
  private legendClick(index: number): void {
    const series = this.payload.series[index];
    if (!series) return;
    if (this.ctx.runCount() > 1) {
      this.ctx.toggleRun(series.run);
      return;
    }
    if (!this.hiddenHere.delete(series.label)) this.hiddenHere.add(series.label);
    this.applyRuns();
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
    this.hover.clear();
    this.cancelReveal();
    this.chart.destroy();
  }
}
