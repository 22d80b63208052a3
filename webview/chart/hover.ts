/** A card's hover: the step it shows, the highlighted points, the tooltip's rows, and the log line a click there opens. */

import { formatStep, formatValue, formatX } from '../format';
import type { TooltipRow } from '../tooltip';
import { pointIndex, stepAtX } from './math';
import { seriesColour } from './options';
import type { CardView } from './types';

/** The tooltip's last line where a point's log line can be opened, by how the hover got there. */
const REVEAL_HINT = {
  mouse: 'Click to open the log at this step',
  key: 'Press Enter to open the log at this step',
} as const;

export class Hover {
  /** The step the guide line and highlighted points are at, if any. */
  step: number | undefined;
  /** Whether the keys (not the mouse) moved the hover last: the tooltip's hint says Enter rather than click. */
  byKey = false;

  constructor(private readonly card: CardView) {}

  /** Whether this card's hover is the one the view shows: it has the tooltip. */
  get owned(): boolean {
    return this.card.ctx.tooltip.owner === this.card;
  }

  /**
   * Guide line, highlighted points and tooltip at `step`; without a pointer position, next to the guide
   * line. The other cards of the view show the guide and points at the same step.
   */
  show(step: number, announce: boolean, clientX?: number, clientY?: number): void {
    const { card } = this;
    const rows = this.highlight(step);
    const rect = card.canvas.getBoundingClientRect();
    // Every chart has an x scale (chartScales).
    const x = clientX ?? rect.left + card.chart.scales.x!.getPixelForValue(step);
    const y = clientY ?? rect.top + (card.chart.chartArea?.top ?? 0);
    const hint = this.revealTarget(step) ? REVEAL_HINT[this.byKey ? 'key' : 'mouse'] : undefined;
    card.ctx.tooltip.show(card, this.heading(step), rows, x, y, announce, hint);
    card.ctx.hovered(card, step);
  }

  /** Another card's hover: the guide line and highlighted points at `step` here too, without a tooltip; undefined clears them. */
  follow(step: number | undefined): void {
    if (step === undefined) this.unhighlight();
    else if (step !== this.step || !this.owned) this.highlight(step);
  }

  /** After a redraw, the hover is shown again where it was: with the tooltip, or following another card. */
  again(): void {
    if (this.step === undefined) return;
    if (this.owned) this.show(this.step, false);
    else this.follow(this.step);
  }

  /**
   * The pointer left this card or focus moved away: if its hover is the one the view shows (this card has
   * the tooltip), it ends here and in every card following it. A card that only follows keeps the guide.
   */
  clear(): void {
    if (this.owned) this.end();
  }

  /** Ends the view's hover: the tooltip, and the guide in every card. */
  end(): void {
    this.unhighlight();
    this.card.ctx.tooltip.hide();
    this.card.ctx.hovered(this.card, undefined);
  }

  /**
   * The run and step whose log line a click at `step` opens: of the single runs' points the hover shows
   * with a value, the one drawn nearest the pointer (`at`, on the canvas in CSS px), or without a pointer
   * the first. Against a time or a metric, the point's own step.
   */
  revealTarget(step: number, at?: { x: number; y: number }): { run: string; step: number } | undefined {
    const { chart, ctx } = this.card;
    let nearest: { run: string; step: number } | undefined;
    let nearestDistance = Infinity;
    for (const { series } of this.card.visibleSeries()) {
      const i = pointIndex(series.x, step);
      if (i === undefined) continue;
      const value = (series.smoothed ?? series.y)[i];
      if (value === undefined || !Number.isFinite(value) || !ctx.isRun(series.run)) continue;
      // pointIndex gives an index of series.x.
      const x = series.x[i]!;
      const target = { run: series.run, step: series.steps?.[i] ?? x };
      if (!at) return target;
      // Every chart has x and y scales, and a dual-axis one (the only one with right-axis series) y2.
      const px = chart.scales.x!.getPixelForValue(x);
      const py = chart.scales[series.axis === 'right' ? 'y2' : 'y']!.getPixelForValue(value);
      const distance = Math.hypot(px - at.x, py - at.y);
      if (distance < nearestDistance) {
        nearest = target;
        nearestDistance = distance;
      }
    }
    return nearest;
  }

  /** The tooltip's heading: the x value, and against a time or metric, the step logged there. */
  private heading(x: number): string {
    const text = formatX(x, this.card.ctx.view().xAxis, this.card.payload.stepField);
    const step = stepAtX(
      this.card.visibleSeries().map((v) => v.series),
      x,
    );
    return step === undefined ? text : `${text} · step ${formatStep(step)}`;
  }

  /** Draws the guide line and highlights each visible series' point at `step`; returns the tooltip's rows. */
  private highlight(step: number): TooltipRow[] {
    const { card } = this;
    this.step = step;
    card.element.dataset.hoverStep = String(step);
    const rows: TooltipRow[] = [];
    const active: { datasetIndex: number; index: number }[] = [];
    const rawOffset = card.payload.series.length;
    for (const { series, index } of card.visibleSeries()) {
      const colour = seriesColour(card, series);
      const i = pointIndex(series.x, step);
      if (i === undefined) {
        rows.push({ label: series.label, colour, value: '—' });
        continue;
      }
      // pointIndex gives an index of series.x; y, smoothed and the band's edges have a value at each x.
      const x = series.x[i]!;
      const y = series.y[i]!;
      const exact = x === step;
      if (exact && !Number.isNaN(y)) {
        active.push({ datasetIndex: index, index: i });
        if (series.smoothed) active.push({ datasetIndex: rawOffset + index, index: i });
      }
      const band = series.band;
      const spread = band ? ` (${formatValue(band.lower[i]!)}–${formatValue(band.upper[i]!)}, n=${band.count[i]})` : '';
      rows.push({
        label: series.label,
        colour,
        value: formatValue(series.smoothed ? series.smoothed[i]! : y) + spread,
        note: exact ? undefined : `(at ${formatX(x, card.ctx.view().xAxis, card.payload.stepField).toLowerCase()})`,
        raw: series.smoothed ? formatValue(y) : undefined,
      });
    }
    card.chart.setActiveElements(active);
    card.chart.render();
    return rows;
  }

  private unhighlight(): void {
    if (this.step === undefined) return;
    this.step = undefined;
    delete this.card.element.dataset.hoverStep;
    this.card.chart.setActiveElements([]);
    this.card.chart.render();
  }
}
