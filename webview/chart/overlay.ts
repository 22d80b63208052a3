/** The card's Chart.js plugin: marks drawn on the canvas around the lines, and the canvas' label once the axes are known. */

import type { Plugin } from 'chart.js';
import { color } from 'chart.js/helpers';
import { describeAxes, describeChart } from './describe';
import { seriesColour } from './options';
import type { CardView, LineChart } from './types';

/** Opacity of a seed group's band around its mean. */
const BAND_ALPHA = 0.18;
/** Radius of the ring around each run's best point, larger than a marker so it surrounds it. */
const BEST_RING_RADIUS = 6;

/**
 * The plugin of `card`; `hoverStep` is where the guide line goes, if anywhere; while `holdDraw` says so,
 * renders are skipped (the card draws once it is done).
 */
export function overlayPlugin(
  card: CardView,
  hoverStep: () => number | undefined,
  holdDraw: () => boolean,
): Plugin<'tcLine'> {
  return {
    id: 'tcOverlay',
    beforeRender: () => !holdDraw(),
    // After every layout (data, options, or the canvas resized): the axes' ranges are known then.
    afterUpdate: (chart) =>
      card.canvas.setAttribute('aria-label', describeChart(card.payload) + axesText(card, chart as LineChart)),
    // Behind the lines, so a group's mean stays crisp on top of its band.
    beforeDatasetsDraw: (chart) => drawBands(card, chart as LineChart),
    afterDatasetsDraw: (chart) => {
      drawBest(card, chart as LineChart);
      drawGuide(card, chart as LineChart, hoverStep());
    },
  };
}

/** describeAxes of the chart as laid out: a fixed y axis' ends, or each axis' tick labels. */
function axesText(card: CardView, chart: LineChart): string {
  const y = chart.scales.y;
  const fixedY = card.ctx.view().yFixed && y ? { min: y.min, max: y.max } : undefined;
  return describeAxes(card.payload.dual, fixedY, (axis) =>
    (chart.scales[axis]?.ticks ?? []).map((t) => String(t.label)),
  );
}

/**
 * Each visible seed group's band: a translucent fill of its colour between the lower and upper edges,
 * broken where an edge is not finite (a gap in the mean).
 */
function drawBands(card: CardView, chart: LineChart): void {
  const { top, bottom, left, right } = chart.chartArea;
  const g = chart.ctx;
  g.save();
  g.beginPath();
  g.rect(left, top, right - left, bottom - top);
  g.clip();
  for (const { series } of card.visibleSeries()) {
    const band = series.band;
    if (!band) continue;
    // Every chart has x and y scales, and a dual-axis one (the only one with right-axis series) y2.
    const xScale = chart.scales.x!;
    const yScale = chart.scales[series.axis === 'right' ? 'y2' : 'y']!;
    g.fillStyle = color(seriesColour(card, series)).alpha(BAND_ALPHA).rgbString();
    // Points `from` to `to` (exclusive) lie within series.x, and the band's edges have a value at each x.
    const fill = (from: number, to: number): void => {
      if (to <= from) return;
      g.beginPath();
      for (let i = from; i < to; i++)
        g.lineTo(xScale.getPixelForValue(series.x[i]!), yScale.getPixelForValue(band.upper[i]!));
      for (let i = to - 1; i >= from; i--)
        g.lineTo(xScale.getPixelForValue(series.x[i]!), yScale.getPixelForValue(band.lower[i]!));
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
function drawBest(card: CardView, chart: LineChart): void {
  const { top, bottom, left, right } = chart.chartArea;
  const g = chart.ctx;
  for (const { series } of card.visibleSeries()) {
    const best = series.best;
    if (!best || best.x === undefined) continue;
    // Every chart has x and y scales, and a dual-axis one (the only one with right-axis series) y2.
    const px = chart.scales.x!.getPixelForValue(best.x);
    const py = chart.scales[series.axis === 'right' ? 'y2' : 'y']!.getPixelForValue(best.value);
    if (!(px >= left - 1 && px <= right + 1 && py >= top - 1 && py <= bottom + 1)) continue;
    g.save();
    g.strokeStyle = seriesColour(card, series);
    g.lineWidth = 2;
    g.beginPath();
    g.arc(px, py, BEST_RING_RADIUS, 0, 2 * Math.PI);
    g.stroke();
    g.restore();
  }
}

/** The hover's dashed vertical guide line at `step`, when it is in view. */
function drawGuide(card: CardView, chart: LineChart, step: number | undefined): void {
  if (step === undefined) return;
  const { top, bottom, left, right } = chart.chartArea;
  const x = chart.scales.x!.getPixelForValue(step);
  if (x < left - 0.5 || x > right + 0.5) return;
  const g = chart.ctx;
  g.save();
  g.strokeStyle = card.ctx.theme().muted;
  g.lineWidth = 1;
  g.setLineDash([3, 3]);
  g.beginPath();
  g.moveTo(x, top);
  g.lineTo(x, bottom);
  g.stroke();
  g.restore();
}
