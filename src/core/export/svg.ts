/**
 * Charts as SVG for papers (issue #16): text as <text>, one <path class="series"> per visible series, a
 * light theme whatever the editor's, from the data a view shows (its series as drawn, its axis ranges).
 * A string builder, not a canvas: the output is small, exact, editable, and the same on every machine.
 */

export interface SvgAxis {
  readonly title: string;
  readonly min: number;
  readonly max: number;
  /** Logarithmic (base 10); min and max must then be positive. */
  readonly log?: boolean;
}

export interface SvgSeries {
  readonly label: string;
  /** A CSS colour, as the view draws the series; made darker if it would not read on white. */
  readonly color: string;
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  /** Drawn against the right axis (a dual-axis chart). */
  readonly right?: boolean;
  readonly dashed?: boolean;
  /** A seed group's spread: lower and upper values at the same xs. */
  readonly band?: { readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number> };
}

export interface SvgChart {
  readonly title: string;
  readonly x: SvgAxis;
  readonly y: SvgAxis;
  readonly y2?: SvgAxis;
  readonly series: readonly SvgSeries[];
}

/** One chart's size in the output, in px (1 px = 0.75 pt when placed in a paper). */
export const CHART_SIZE = { width: 480, height: 300 } as const;
const MARGIN = { top: 28, right: 56, bottom: 64, left: 64 } as const;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const INK = '#222222';
const GRID = '#e3e3e3';

/** Characters XML 1.0 does not allow (controls other than tab and line breaks): shown as spaces. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** Text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(NOT_XML, ' ');
}

/** About `count` round tick values covering [min, max] (1, 2, 2.5 or 5 × a power of ten apart). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  // From an index, not by adding the step: a sum drifts (0.1 + 0.2), so zero would read 3.5e-18.
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++)
    ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Powers of ten within [min, max] (a log axis' ticks). */
function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(min)); e <= Math.floor(Math.log10(max)); e++) ticks.push(10 ** e);
  return ticks;
}

const tickText = (value: number): string => {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return value.toExponential(1).replace('e+', 'e');
  return String(Number(value.toPrecision(6)));
};

/** A colour dark enough to read on white: light ones (by relative luminance) are darkened. */
export function onWhite(color: string): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!hex) return color;
  const rgb = [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16));
  const luminance = (0.2126 * rgb[0]! + 0.7152 * rgb[1]! + 0.0722 * rgb[2]!) / 255;
  if (luminance <= 0.6) return color;
  const scale = 0.6 / luminance;
  return `#${rgb
    .map((c) =>
      Math.round(c * scale)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Maps values of `axis` to pixels between `from` (at min) and `to` (at max). */
function scale(axis: SvgAxis, from: number, to: number): (v: number) => number {
  const f = axis.log ? Math.log10 : (v: number) => v;
  const lo = f(axis.min);
  const span = f(axis.max) - lo || 1;
  return (v) => from + ((f(v) - lo) / span) * (to - from);
}

const num = (v: number): string => (Math.round(v * 100) / 100).toString();

/** The path of the finite points among xs/ys, broken at gaps (NaN), within the plot. */
function linePath(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  px: (v: number) => number,
  py: (v: number) => number,
): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${num(px(x))} ${num(py(y))}`;
    pen = true;
  }
  return d;
}

/** Where a chart drawn at (left, top), `width` × `height` px, plots its data (for a report's hover). */
export function plotArea(
  chart: SvgChart,
  left = 0,
  top = 0,
  width: number = CHART_SIZE.width,
  height: number = CHART_SIZE.height,
) {
  return {
    left: left + MARGIN.left,
    right: left + width - (chart.y2 ? MARGIN.right : 16),
    top: top + MARGIN.top,
    bottom: top + height - MARGIN.bottom,
  };
}

/** One chart as an SVG <g> at (left, top), `width` × `height` px. */
function chartGroup(chart: SvgChart, left: number, top: number, width: number, height: number, id: string): string {
  const plot = plotArea(chart, left, top, width, height);
  const px = scale(chart.x, plot.left, plot.right);
  const py = scale(chart.y, plot.bottom, plot.top);
  const py2 = chart.y2 && scale(chart.y2, plot.bottom, plot.top);
  const out: string[] = [`<g class="chart">`];
  out.push(
    `<text x="${num((plot.left + plot.right) / 2)}" y="${top + 18}" text-anchor="middle" font-size="13" font-weight="bold" ${FONT} fill="${INK}">${escapeXml(chart.title)}</text>`,
  );
  const xTicks = chart.x.log ? logTicks(chart.x.min, chart.x.max) : niceTicks(chart.x.min, chart.x.max, 6);
  const yTicks = chart.y.log ? logTicks(chart.y.min, chart.y.max) : niceTicks(chart.y.min, chart.y.max, 5);
  for (const t of yTicks) {
    const y = num(py(t));
    out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${y}" y2="${y}" stroke="${GRID}" stroke-width="1"/>`);
    out.push(
      `<text x="${plot.left - 6}" y="${y}" dy="0.32em" text-anchor="end" font-size="10" ${FONT} fill="${INK}">${tickText(t)}</text>`,
    );
  }
  if (chart.y2 && py2) {
    const ticks = chart.y2.log ? logTicks(chart.y2.min, chart.y2.max) : niceTicks(chart.y2.min, chart.y2.max, 5);
    for (const t of ticks)
      out.push(
        `<text x="${plot.right + 6}" y="${num(py2(t))}" dy="0.32em" font-size="10" ${FONT} fill="${INK}">${tickText(t)}</text>`,
      );
  }
  for (const t of xTicks) {
    const x = num(px(t));
    out.push(
      `<line x1="${x}" x2="${x}" y1="${plot.bottom}" y2="${plot.bottom + 4}" stroke="${INK}" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${x}" y="${plot.bottom + 16}" text-anchor="middle" font-size="10" ${FONT} fill="${INK}">${tickText(t)}</text>`,
    );
  }
  out.push(
    `<rect x="${plot.left}" y="${plot.top}" width="${num(plot.right - plot.left)}" height="${num(plot.bottom - plot.top)}" fill="none" stroke="${INK}" stroke-width="1"/>`,
    `<text x="${num((plot.left + plot.right) / 2)}" y="${plot.bottom + 32}" text-anchor="middle" font-size="11" ${FONT} fill="${INK}">${escapeXml(chart.x.title)}</text>`,
    `<text transform="translate(${left + 16} ${num((plot.top + plot.bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="11" ${FONT} fill="${INK}">${escapeXml(chart.y.title)}</text>`,
  );
  if (chart.y2)
    out.push(
      `<text transform="translate(${left + width - 10} ${num((plot.top + plot.bottom) / 2)}) rotate(90)" text-anchor="middle" font-size="11" ${FONT} fill="${INK}">${escapeXml(chart.y2.title)}</text>`,
    );
  const clip = `clip-${id}`;
  out.push(
    `<clipPath id="${clip}"><rect x="${plot.left}" y="${plot.top}" width="${num(plot.right - plot.left)}" height="${num(plot.bottom - plot.top)}"/></clipPath>`,
    `<g clip-path="url(#${clip})">`,
  );
  for (const series of chart.series) {
    const color = escapeXml(onWhite(series.color));
    const y = series.right && py2 ? py2 : py;
    if (series.band) {
      const upper = linePath(series.xs, series.band.upper, px, y);
      const xsBack = Array.from(series.xs).reverse();
      const lowerBack = linePath(xsBack, Array.from(series.band.lower).reverse(), px, y).replace(/^M/, 'L');
      if (upper)
        out.push(`<path class="band" d="${upper}${lowerBack}Z" fill="${color}" fill-opacity="0.15" stroke="none"/>`);
    }
    const d = linePath(series.xs, series.ys, px, y);
    out.push(
      `<path class="series" d="${d}" fill="none" stroke="${color}" stroke-width="1.5"${series.dashed ? ' stroke-dasharray="5 3"' : ''}><title>${escapeXml(series.label)}</title></path>`,
    );
  }
  out.push('</g>');
  // The legend, under the axis title: one swatch and label per series, wrapped to the chart's width.
  let lx = plot.left;
  let ly = plot.bottom + 48;
  for (const series of chart.series) {
    const w = 22 + 6.2 * series.label.length;
    if (lx + w > plot.right && lx > plot.left) {
      lx = plot.left;
      ly += 14;
    }
    const color = escapeXml(onWhite(series.color));
    out.push(
      `<line x1="${num(lx)}" x2="${num(lx + 16)}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      `<text x="${num(lx + 20)}" y="${ly}" dy="0.32em" font-size="10" ${FONT} fill="${INK}">${escapeXml(series.label)}</text>`,
    );
    lx += w + 10;
  }
  out.push('</g>');
  return out.join('\n');
}

/**
 * Charts as one SVG document: a grid of `columns` columns (one chart: a single chart). `id` prefixes the
 * document's element ids, which must differ between SVGs placed in one page (a report).
 */
export function chartsSvg(charts: readonly SvgChart[], columns = 2, heading?: string, id = 'tc'): string {
  const cols = Math.max(1, Math.min(columns, charts.length));
  const rows = Math.ceil(charts.length / cols);
  const { width, height } = CHART_SIZE;
  const headingHeight = heading ? 30 : 0;
  const total = { width: cols * width, height: rows * height + headingHeight };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${total.width}" height="${total.height}" viewBox="0 0 ${total.width} ${total.height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  if (heading)
    parts.push(
      `<text x="12" y="21" font-size="15" font-weight="bold" ${FONT} fill="${INK}">${escapeXml(heading)}</text>`,
    );
  charts.forEach((chart, i) =>
    parts.push(
      chartGroup(chart, (i % cols) * width, headingHeight + Math.floor(i / cols) * height, width, height, `${id}-${i}`),
    ),
  );
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
