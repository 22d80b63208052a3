/**
 * The summary table of a view: for each chart and run, the last value and the best one with its step.
 * Sortable by any column; copied as Markdown or CSV through the host (webviews cannot reach the clipboard
 * reliably).
 */
import type { ChartPayload } from '../src/protocol';
import { csvField } from '../src/core/csv';
import { formatStep, formatValue } from './format';

export interface SummaryRow {
  readonly metric: string;
  readonly run: string;
  readonly last: number;
  readonly lastStep: number;
  readonly best: number;
  readonly bestStep: number;
  readonly goal: 'max' | 'min';
}

export const SORT_KEYS = ['metric', 'run', 'last', 'best', 'bestStep'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  readonly key: SortKey;
  readonly descending: boolean;
}

const COLUMNS: readonly { readonly key: SortKey; readonly label: string; readonly numeric: boolean }[] = [
  { key: 'metric', label: 'Metric', numeric: false },
  { key: 'run', label: 'Run', numeric: false },
  { key: 'last', label: 'Last', numeric: true },
  { key: 'best', label: 'Best', numeric: true },
  { key: 'bestStep', label: 'Best step', numeric: true },
];

/**
 * One row per chart and series. A dual-axis chart's series are rows of their own metrics (its axes'),
 * named by run (`runLabels`, by RunInfo.id) rather than by their "run · metric" labels.
 */
export function summaryRows(charts: readonly ChartPayload[], runLabels: ReadonlyMap<string, string>): SummaryRow[] {
  return charts.flatMap((chart) =>
    chart.series.map((s) => ({
      metric: chart.dual && s.axis ? chart.dual[s.axis].full : chart.id,
      run: chart.dual ? (runLabels.get(s.run) ?? s.label) : s.label,
      last: s.last?.value ?? NaN,
      lastStep: s.last?.step ?? NaN,
      best: s.best?.value ?? NaN,
      bestStep: s.best?.step ?? NaN,
      goal: chart.goal,
    })),
  );
}

/** Rows in the given order; numbers compare numerically with missing ones (NaN) always last. */
export function sortRows(rows: readonly SummaryRow[], sort: Sort | undefined): SummaryRow[] {
  if (!sort) return rows.slice();
  const sign = sort.descending ? -1 : 1;
  return rows.slice().sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    if (typeof x === 'string' || typeof y === 'string') return sign * String(x).localeCompare(String(y));
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    return sign * (x - y);
  });
}

function cells(row: SummaryRow): string[] {
  return [
    row.metric,
    row.run,
    formatValue(row.last),
    `${formatValue(row.best)} (${row.goal})`,
    Number.isNaN(row.bestStep) ? '—' : formatStep(row.bestStep),
  ];
}

/** A GitHub-flavoured Markdown table, values as shown. */
export function summaryMarkdown(rows: readonly SummaryRow[]): string {
  const escape = (t: string): string => t.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cs: readonly string[]): string => `| ${cs.map(escape).join(' | ')} |`;
  const align = COLUMNS.map((c) => (c.numeric ? '---:' : ':---'));
  return [line(COLUMNS.map((c) => c.label)), `| ${align.join(' | ')} |`, ...rows.map((r) => line(cells(r)))].join('\n') + '\n';
}

/** CSV with full-precision numbers (empty where there is none), for spreadsheets. */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  const num = (v: number): string => (Number.isNaN(v) ? '' : String(v));
  const lines = ['metric,run,last,last_step,best,best_step,goal'];
  for (const r of rows) {
    lines.push([csvField(r.metric), csvField(r.run), num(r.last), num(r.lastStep), num(r.best), num(r.bestStep), r.goal].join(','));
  }
  return lines.join('\n') + '\n';
}

/** The table, with a sort button in each header; `onSort` gets the column clicked. */
export function buildSummaryTable(rows: readonly SummaryRow[], sort: Sort | undefined, onSort: (key: SortKey) => void): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'tc-table tc-summary-table';
  const caption = document.createElement('caption');
  caption.textContent = 'Summary: last and best value of each metric and run';
  const head = document.createElement('tr');
  for (const column of COLUMNS) {
    const th = document.createElement('th');
    th.scope = 'col';
    if (!column.numeric) th.className = 'tc-text';
    const sorted = sort?.key === column.key;
    th.setAttribute('aria-sort', sorted ? (sort.descending ? 'descending' : 'ascending') : 'none');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tc-sort';
    button.textContent = column.label + (sorted ? (sort.descending ? ' ▾' : ' ▴') : '');
    button.title = `Sort by ${column.label.toLowerCase()}`;
    button.addEventListener('click', () => onSort(column.key));
    th.appendChild(button);
    head.appendChild(th);
  }
  const thead = document.createElement('thead');
  thead.appendChild(head);
  const tbody = document.createElement('tbody');
  for (const row of rows) {
    const tr = document.createElement('tr');
    cells(row).forEach((text, i) => {
      const td = document.createElement('td');
      if (!COLUMNS[i].numeric) td.className = 'tc-text';
      td.textContent = text;
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
  }
  table.append(caption, thead, tbody);
  return table;
}
