/**
 * The summary table of a view: for each chart and run, the last value and the best one with its step,
 * and when asked, the value at a chosen step and the first step reaching a threshold.
 * Sortable by any column; copied as Markdown or CSV through the host (webviews cannot reach the clipboard
 * reliably). No DOM here (summaryPanel.ts draws it), so plain Node tests read it.
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
  /** The value at the chosen step, and the step it was logged at (NaN when not asked for, or none). */
  readonly at: number;
  readonly atStep: number;
  /** The first step reaching the threshold (NaN when not asked for, or never). */
  readonly reached: number;
}

export const SORT_KEYS = ['metric', 'run', 'last', 'best', 'bestStep', 'at', 'reached'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  readonly key: SortKey;
  readonly descending: boolean;
}

/** The columns the user asked for beyond last and best: the value at a step, the step reaching a threshold. */
export interface SummaryAsks {
  readonly step?: number;
  readonly threshold?: number;
}

export interface Column {
  readonly key: SortKey;
  readonly label: string;
  readonly numeric: boolean;
  /** The cell as shown (and copied as Markdown). */
  cell(row: SummaryRow): string;
  /** The CSV columns it becomes: header and full-precision value. */
  readonly csv: readonly (readonly [string, (row: SummaryRow) => string])[];
}

/** A number for CSV: full precision, empty where there is none. */
const num = (v: number): string => (Number.isNaN(v) ? '' : String(v));
const stepText = (step: number): string => (Number.isNaN(step) ? '—' : formatStep(step));

export function summaryColumns(asks: SummaryAsks): Column[] {
  const list: Column[] = [
    {
      key: 'metric',
      label: 'Metric',
      numeric: false,
      cell: (r) => r.metric,
      csv: [['metric', (r) => csvField(r.metric)]],
    },
    { key: 'run', label: 'Run', numeric: false, cell: (r) => r.run, csv: [['run', (r) => csvField(r.run)]] },
    {
      key: 'last',
      label: 'Last',
      numeric: true,
      cell: (r) => formatValue(r.last),
      csv: [
        ['last', (r) => num(r.last)],
        ['last_step', (r) => num(r.lastStep)],
      ],
    },
    {
      key: 'best',
      label: 'Best',
      numeric: true,
      cell: (r) => `${formatValue(r.best)} (${r.goal})`,
      csv: [['best', (r) => num(r.best)]],
    },
    {
      key: 'bestStep',
      label: 'Best step',
      numeric: true,
      cell: (r) => stepText(r.bestStep),
      csv: [
        ['best_step', (r) => num(r.bestStep)],
        ['goal', (r) => r.goal],
      ],
    },
  ];
  const { step, threshold } = asks;
  if (step !== undefined) {
    list.push({
      key: 'at',
      label: `At step ${formatStep(step)}`,
      numeric: true,
      // Not logged at that step: the value is the one before, and says from when.
      cell: (r) =>
        formatValue(r.at) + (Number.isNaN(r.atStep) || r.atStep === step ? '' : ` (step ${formatStep(r.atStep)})`),
      csv: [
        [`at_${step}`, (r) => num(r.at)],
        [`at_${step}_step`, (r) => num(r.atStep)],
      ],
    });
  }
  if (threshold !== undefined) {
    list.push({
      key: 'reached',
      label: `Reaches ${formatValue(threshold)} at`,
      numeric: true,
      cell: (r) => (Number.isNaN(r.reached) ? 'never' : formatStep(r.reached)),
      csv: [[`reaches_${threshold}_step`, (r) => num(r.reached)]],
    });
  }
  return list;
}

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
      at: s.at?.value ?? NaN,
      atStep: s.at?.step ?? NaN,
      reached: s.reached?.step ?? NaN,
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

/** A GitHub-flavoured Markdown table, values as shown. */
export function summaryMarkdown(rows: readonly SummaryRow[], asks: SummaryAsks): string {
  const cols = summaryColumns(asks);
  const escape = (t: string): string => t.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cs: readonly string[]): string => `| ${cs.map(escape).join(' | ')} |`;
  const align = cols.map((c) => (c.numeric ? '---:' : ':---'));
  const body = rows.map((r) => line(cols.map((c) => c.cell(r))));
  return [line(cols.map((c) => c.label)), `| ${align.join(' | ')} |`, ...body].join('\n') + '\n';
}

/** CSV with full-precision numbers (empty where there is none), for spreadsheets. */
export function summaryCsv(rows: readonly SummaryRow[], asks: SummaryAsks): string {
  const fields = summaryColumns(asks).flatMap((c) => c.csv);
  const lines = [fields.map(([header]) => csvField(header)).join(',')];
  for (const r of rows) lines.push(fields.map(([, value]) => value(r)).join(','));
  return lines.join('\n') + '\n';
}
