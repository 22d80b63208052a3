/**
 * A comparison as one self-contained HTML file (issue #16) a user can mail to a co-author: the charts as
 * SVG (svg.ts), the tables and sentences as text, the data inline, and a hover that tells the step and
 * each series' value there as the view does. No network, and a strict Content-Security-Policy: only
 * the report's own script and style run, named by their hashes.
 */
import { formatStep, formatValue } from '../format';
import { cspHash } from './sha256';
import { CHART_SIZE, chartsSvg, escapeXml, plotArea, type SvgChart } from './svg';

export interface ReportTable {
  readonly caption: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ReportInput {
  readonly title: string;
  /** A line under the title: where the data came from, when. */
  readonly subtitle?: string;
  /** Plain sentences (a method comparison's). */
  readonly sentences?: readonly string[];
  readonly tables?: readonly ReportTable[];
  /** Charts whose x axis is the step. */
  readonly charts: readonly SvgChart[];
}

const STYLE = `body{font:14px/1.45 Helvetica,Arial,sans-serif;color:#222;background:#fff;margin:24px auto;max-width:1000px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}.sub{color:#555;margin:0 0 16px}
table{border-collapse:collapse;margin:8px 0 16px}caption{text-align:left;font-weight:bold;padding:4px 0}
th,td{border-top:1px solid #ccc;border-bottom:1px solid #ccc;padding:3px 10px;text-align:right;white-space:nowrap}th:first-child,td:first-child{text-align:left}
.charts{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0;position:relative}svg{max-width:100%;height:auto}
#tip{position:fixed;pointer-events:none;background:#fff;border:1px solid #888;border-radius:4px;padding:6px 8px;font-size:12px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
#tip .h{font-weight:bold;margin-bottom:2px}#tip .n{color:#666}`;

/**
 * The hover, with the view's number formatting (format.ts, the functions themselves: they use nothing
 * but builtins). The step shown is the nearest logged one of any series; each series gives its nearest
 * point within its own steps, with the step it is at when that is another.
 */
const SCRIPT = `"use strict";
const formatValue = ${formatValue.toString()};
const formatStep = ${formatStep.toString()};
const data = JSON.parse(document.getElementById('tc-data').textContent);
const tip = document.getElementById('tip');
function nearest(xs, x) {
  let lo = 0, hi = xs.length - 1;
  while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (xs[mid] < x) lo = mid; else hi = mid; }
  return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
}
function row(text, className) {
  const div = document.createElement('div');
  div.textContent = text;
  if (className) div.className = className;
  return div;
}
for (const figure of document.querySelectorAll('figure[data-chart]')) {
  const chart = data[Number(figure.dataset.chart)];
  const svg = figure.querySelector('svg');
  svg.addEventListener('mousemove', (event) => {
    const box = svg.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * chart.width;
    if (px < chart.plot.left || px > chart.plot.right) { tip.hidden = true; return; }
    const f = chart.x.log ? Math.log10 : (v) => v;
    const g = chart.x.log ? (v) => 10 ** v : (v) => v;
    const x = g(f(chart.x.min) + ((px - chart.plot.left) / (chart.plot.right - chart.plot.left)) * (f(chart.x.max) - f(chart.x.min)));
    let step;
    for (const s of chart.series) {
      if (s.xs.length === 0) continue;
      const candidate = s.xs[nearest(s.xs, x)];
      if (step === undefined || Math.abs(candidate - x) < Math.abs(step - x)) step = candidate;
    }
    if (step === undefined) { tip.hidden = true; return; }
    tip.replaceChildren(row('Step ' + formatStep(step), 'h'));
    for (const s of chart.series) {
      const inside = s.xs.length > 0 && step >= s.xs[0] && step <= s.xs[s.xs.length - 1];
      if (!inside) { tip.append(row(s.label + ': —')); continue; }
      const i = nearest(s.xs, step);
      const value = s.ys[i] === null ? NaN : s.ys[i];
      tip.append(row(s.label + ': ' + formatValue(value) + (s.xs[i] === step ? '' : ' (at step ' + formatStep(s.xs[i]) + ')')));
    }
    tip.hidden = false;
    tip.style.left = Math.min(event.clientX + 14, innerWidth - tip.offsetWidth - 4) + 'px';
    tip.style.top = event.clientY + 14 + 'px';
  });
  svg.addEventListener('mouseleave', () => (tip.hidden = true));
}`;

const cell = (tag: 'th' | 'td', text: string): string => `<${tag}>${escapeXml(text)}</${tag}>`;

function tableHtml(table: ReportTable): string {
  const head = `<tr>${table.headers.map((h) => cell('th', h)).join('')}</tr>`;
  const body = table.rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`).join('\n');
  return `<table><caption>${escapeXml(table.caption)}</caption>\n<thead>${head}</thead>\n<tbody>${body}</tbody></table>`;
}

/** What the hover needs of a chart: its plot's place in the SVG, its x range, and its series' points. */
function chartData(chart: SvgChart) {
  const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    ...CHART_SIZE,
    plot: plotArea(chart),
    x: { min: chart.x.min, max: chart.x.max, log: chart.x.log ?? false },
    series: chart.series.map((s) => ({ label: s.label, xs: Array.from(s.xs), ys: Array.from(s.ys, finiteOrNull) })),
  };
}

/** The report's HTML. */
export function reportHtml(report: ReportInput): string {
  // JSON inside <script> may not hold "</script": every '<' is written as an escape.
  const json = JSON.stringify(report.charts.map(chartData)).replace(/</g, '\\u003c');
  const csp = `default-src 'none'; style-src ${cspHash(STYLE)}; script-src ${cspHash(SCRIPT)}; img-src data:`;
  const parts = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<title>${escapeXml(report.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${escapeXml(report.title)}</h1>`,
  ];
  if (report.subtitle) parts.push(`<p class="sub">${escapeXml(report.subtitle)}</p>`);
  if (report.sentences?.length) parts.push(...report.sentences.map((s) => `<p>${escapeXml(s)}</p>`));
  for (const table of report.tables ?? []) parts.push(tableHtml(table));
  parts.push('<h2>Charts</h2>', '<div class="charts">');
  report.charts.forEach((chart, i) =>
    parts.push(`<figure data-chart="${i}">${chartsSvg([chart], 1, undefined, `chart${i}`)}</figure>`),
  );
  parts.push(
    '</div>',
    '<div id="tip" role="tooltip" hidden></div>',
    `<script type="application/json" id="tc-data">${json}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
  );
  return parts.join('\n') + '\n';
}
