/**
 * A card as the SVG export (src/core/export/svg.ts) draws it: what the card draws now — its visible
 * series as drawn (smoothed when smoothing is on, with the seed band), the axes' current ranges and
 * scales as Chart.js laid them out, the axis titles, and the runs' colours.
 */
import type { Scale } from 'chart.js';
import type { SvgAxis, SvgChart, SvgSeries } from '../../src/core/export/svg';
import type { ChartPayload, XAxis } from '../../src/protocol';
import { stepUnit } from '../format';
import { seriesColour } from './options';
import type { CardView } from './types';

/** The x axis' title: the card's own (a metric, a step field), else what the x values are. */
function xTitle(card: CardView, xAxis: XAxis): string {
  const title = card.chart.options.scales?.x?.title;
  if (title?.display && typeof title.text === 'string' && title.text !== '') return title.text;
  if (xAxis === 'relative') return 'Time since start (s)';
  if (xAxis === 'wall') return 'Wall time (s since 1970)';
  return stepUnit(card.payload.stepField) === 'epoch' ? 'Epoch' : 'Step';
}

/** A chart's title in a figure: its benchmark and metric, or its full name. */
export function figureTitle(chart: ChartPayload): string {
  if (chart.dual) return chart.title;
  return chart.sectionKind === 'benchmark' ? `${chart.section} · ${chart.title}` : chart.id;
}

/** The range Chart.js laid out, or else the values' own. */
function axisOf(scale: Scale | undefined, title: string, log: boolean, values: ArrayLike<number>[]): SvgAxis {
  let min = scale?.min;
  let max = scale?.max;
  if (min === undefined || max === undefined || !Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
    const finite = values.flatMap((v) => Array.from(v).filter((x) => Number.isFinite(x) && (!log || x > 0)));
    min = finite.length ? Math.min(...finite) : 0;
    max = finite.length ? Math.max(...finite) : 1;
    if (min === max) [min, max] = log ? [min / 10, max * 10] : [min - 1, max + 1];
  }
  return { title, min, max, ...(log && { log }) };
}

export function svgChartOf(card: CardView): SvgChart {
  const view = card.ctx.view();
  const { payload, chart } = card;
  const logY = view.yScale === 'log';
  const series: SvgSeries[] = card.visibleSeries().map(({ series: s, index }) => {
    const dash = chart.data.datasets[index]?.borderDash;
    return {
      label: s.label,
      color: seriesColour(card, s),
      xs: s.x,
      ys: s.smoothed ?? s.y,
      ...(s.axis === 'right' && { right: true }),
      ...(Array.isArray(dash) && dash.length > 0 && { dashed: true }),
      ...(s.band && { band: { lower: s.band.lower, upper: s.band.upper } }),
    };
  });
  const left = series.filter((s) => !s.right);
  const right = series.filter((s) => s.right);
  const y2Scale = chart.scales.y2;
  return {
    title: figureTitle(payload),
    x: axisOf(
      chart.scales.x,
      xTitle(card, view.xAxis),
      view.xLog,
      series.map((s) => s.xs),
    ),
    y: axisOf(
      chart.scales.y,
      payload.dual ? payload.dual.left.name : payload.title,
      logY,
      left.map((s) => s.ys),
    ),
    ...(payload.dual &&
      right.length > 0 && {
        y2: axisOf(
          y2Scale,
          payload.dual.right.name,
          logY,
          right.map((s) => s.ys),
        ),
      }),
    series,
  };
}
