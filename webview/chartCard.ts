import {
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  type ChartDataset,
  type ChartOptions,
  type Plugin,
} from 'chart.js';
import type { ChartPayload, SeriesPayload } from '../src/protocol';
import { formatStep, formatValue, lowerBound, nearestIndex } from './format';
import { buildTable } from './table';
import type { RunStyles, Theme } from './theme';
import type { Tooltip, TooltipRow } from './tooltip';

// Only what a line chart on linear axes needs; the host-side data is already downsampled, and the
// tooltip is our own DOM element, so neither Decimation nor Tooltip is registered.
Chart.register(LineController, LineElement, PointElement, LinearScale, Legend);

interface Point {
  x: number;
  y: number;
}
type LineChart = Chart<'line', Point[]>;

/** Series with at most this many points get markers (like the reference figures); denser ones are bare lines. */
const MARKER_MAX_POINTS = 60;

/** What every card shares with the page. */
export interface CardContext {
  theme(): Theme;
  readonly runs: RunStyles;
  readonly tooltip: Tooltip;
}

/** One chart: its card, canvas, Chart.js instance, hover state and optional data table. */
export class ChartCard {
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly chart: LineChart;
  private payload: ChartPayload;
  private hoverStep: number | undefined;
  private table: HTMLElement | undefined;

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
    this.element.setAttribute('aria-keyshortcuts', 'ArrowLeft ArrowRight Home End Escape');
    const heading = document.createElement('h3');
    heading.className = 'tc-card-title';
    const wrap = document.createElement('div');
    wrap.className = 'tc-canvas-wrap';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    wrap.appendChild(this.canvas);
    this.element.append(heading, wrap);

    const guide: Plugin<'line'> = {
      id: 'tcGuide',
      afterDatasetsDraw: (chart) => this.drawGuide(chart as LineChart),
    };
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: { datasets: [] },
      options: this.options(),
      plugins: [guide],
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

  /** New data for the same chart: datasets are updated in place so legend visibility and hover survive. */
  update(payload: ChartPayload): void {
    this.payload = payload;
    const heading = this.element.firstElementChild as HTMLElement;
    heading.textContent = payload.title;
    heading.title = payload.id;
    this.element.setAttribute('aria-label', payload.id);
    this.canvas.setAttribute('aria-label', describe(payload));

    const datasets = this.chart.data.datasets;
    datasets.length = Math.min(datasets.length, payload.series.length);
    let restyled = false;
    payload.series.forEach((series, i) => {
      const data = toPoints(series);
      if (datasets[i]) {
        datasets[i].data = data;
        datasets[i].label = series.label;
      } else {
        datasets.push({ label: series.label, data });
      }
      restyled = this.styleDataset(datasets[i], series) || restyled;
    });
    this.chart.options.plugins!.legend!.display = payload.series.length > 1;
    this.redraw(restyled);
    if (this.table) this.setTableVisible(true);
    if (this.hoverStep !== undefined && this.ctx.tooltip.owner === this) this.showHover(this.hoverStep, false);
  }

  /** Re-reads the theme after VS Code switched it. */
  applyTheme(): void {
    this.chart.options = this.options();
    this.chart.data.datasets.forEach((ds, i) => this.styleDataset(ds, this.payload.series[i]));
    this.redraw(true);
  }

  /**
   * Chart.js caches point options shared by a dataset's points and does not refresh that cache in
   * 'none' mode, so a change of point style (theme, markers on/off) needs a default-mode update; with
   * animation off it is just as immediate.
   */
  private redraw(restyled: boolean): void {
    if (restyled) this.chart.update();
    else this.chart.update('none');
  }

  setTableVisible(visible: boolean): void {
    const old = this.table;
    this.table = visible ? buildTable(this.payload) : undefined;
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
    if (this.ctx.tooltip.owner === this) this.ctx.tooltip.hide();
    this.chart.destroy();
    this.element.remove();
  }

  private options(): ChartOptions<'line'> {
    const theme = this.ctx.theme();
    const font = { family: theme.fontFamily, size: theme.fontSize };
    const axis = {
      type: 'linear' as const,
      grid: { color: theme.grid, lineWidth: 0.5 },
      border: { color: theme.grid },
      ticks: { color: theme.muted, font, maxRotation: 0 },
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
      scales: {
        x: { ...axis, bounds: 'data', ticks: { ...axis.ticks, maxTicksLimit: 8 } },
        y: { ...axis, ticks: { ...axis.ticks, maxTicksLimit: 6 } },
      },
      plugins: {
        legend: {
          display: this.payload.series.length > 1,
          position: 'top',
          align: 'end',
          labels: { color: theme.foreground, font, usePointStyle: true, boxWidth: 7, boxHeight: 7, padding: 8 },
        },
      },
    };
  }

  /** Sets the series' colour, markers and width; true when any of them changed. */
  private styleDataset(ds: ChartDataset<'line', Point[]>, series: SeriesPayload): boolean {
    const theme = this.ctx.theme();
    const colour = this.ctx.runs.colour(series.run, theme);
    const markers = series.x.length <= MARKER_MAX_POINTS;
    const style = {
      borderColor: colour,
      backgroundColor: colour,
      pointBackgroundColor: colour,
      pointBorderColor: colour,
      pointHoverBackgroundColor: colour,
      pointHoverBorderColor: colour,
      pointStyle: this.ctx.runs.pointStyle(series.run),
      pointRadius: markers ? 3 : 0,
      pointHoverRadius: markers ? 4.5 : 3,
      borderWidth: theme.highContrast ? 2.5 : 1.5,
      tension: 0,
      spanGaps: false,
      // Points on the edge of the plot area (first/last step, max of the y axis) keep their whole marker.
      clip: 6,
    };
    const changed = (Object.keys(style) as (keyof typeof style)[]).some((k) => ds[k] !== style[k]);
    Object.assign(ds, style);
    return changed;
  }

  private listen(): void {
    this.canvas.addEventListener('mousemove', (e) => {
      const rect = this.canvas.getBoundingClientRect();
      const area = this.chart.chartArea;
      const px = e.clientX - rect.left;
      if (!area || px < area.left - 4 || px > area.right + 4) {
        this.clearHover();
        return;
      }
      const step = this.snap(this.chart.scales.x.getValueForPixel(px) ?? NaN);
      if (step === undefined) this.clearHover();
      // Same step as before: only the tooltip follows the pointer, the canvas needs no redraw.
      else if (step === this.hoverStep && this.ctx.tooltip.owner === this) this.ctx.tooltip.place(e.clientX, e.clientY);
      else this.showHover(step, false, e.clientX, e.clientY);
    });
    this.canvas.addEventListener('mouseleave', () => this.clearHover());
    this.element.addEventListener('keydown', (e) => {
      const step = this.keyStep(e.key);
      if (e.key === 'Escape') {
        this.clearHover();
      } else if (step !== undefined) {
        e.preventDefault();
        this.showHover(step, true);
      }
    });
    this.element.addEventListener('blur', () => this.clearHover());
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

  /** Guide line, highlighted points and tooltip at `step`; without a pointer position, next to the guide line. */
  private showHover(step: number, announce: boolean, clientX?: number, clientY?: number): void {
    this.hoverStep = step;
    const theme = this.ctx.theme();
    const rows: TooltipRow[] = [];
    const active: { datasetIndex: number; index: number }[] = [];
    for (const { series, index } of this.visibleSeries()) {
      const colour = this.ctx.runs.colour(series.run, theme);
      const n = series.x.length;
      if (step < series.x[0] || step > series.x[n - 1]) {
        rows.push({ label: series.label, colour, value: '—' });
        continue;
      }
      const i = nearestIndex(series.x, step);
      const exact = series.x[i] === step;
      if (exact && !Number.isNaN(series.y[i])) active.push({ datasetIndex: index, index: i });
      rows.push({
        label: series.label,
        colour,
        value: formatValue(series.y[i]),
        note: exact ? undefined : `(at step ${formatStep(series.x[i])})`,
      });
    }
    this.chart.setActiveElements(active);
    this.chart.render();
    const rect = this.canvas.getBoundingClientRect();
    const x = clientX ?? rect.left + this.chart.scales.x.getPixelForValue(step);
    const y = clientY ?? rect.top + (this.chart.chartArea?.top ?? 0);
    this.ctx.tooltip.show(this, `Step ${formatStep(step)}`, rows, x, y, announce);
  }

  private clearHover(): void {
    if (this.hoverStep === undefined) return;
    this.hoverStep = undefined;
    this.chart.setActiveElements([]);
    this.chart.render();
    if (this.ctx.tooltip.owner === this) this.ctx.tooltip.hide();
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

/** Series arrive as Float64Arrays (already downsampled); Chart.js with `parsing: false` wants {x, y} objects. */
function toPoints(series: SeriesPayload): Point[] {
  const points = new Array<Point>(series.x.length);
  for (let i = 0; i < series.x.length; i++) points[i] = { x: series.x[i], y: series.y[i] };
  return points;
}

/** What a screen reader says for the canvas, e.g. "actor/kl_loss: 2 series (A, B), steps 0–30". */
function describe(chart: ChartPayload): string {
  const withData = chart.series.filter((s) => s.x.length > 0);
  if (withData.length === 0) return `${chart.id}: no data yet`;
  const first = Math.min(...withData.map((s) => s.x[0]));
  const last = Math.max(...withData.map((s) => s.x[s.x.length - 1]));
  const n = chart.series.length;
  const labels = chart.series.map((s) => s.label).join(', ');
  return `${chart.id}: ${n} series (${labels}), steps ${formatStep(first)}–${formatStep(last)}`;
}
