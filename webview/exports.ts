/**
 * What the page exports as files: charts as an SVG figure (one, a section's grid or every chart shown), the
 * methods comparison's tables, and a self-contained HTML report. The page builds the text from what it
 * draws; the host asks where to save it (ExportFileMessage).
 */
import { reportHtml, type ReportTable } from '../src/core/export/report';
import { chartsSvg, type SvgChart } from '../src/core/export/svg';
import type { MethodsView, WebviewToHost } from '../src/protocol';

/** A file name's base from a title: the log's extension dropped, anything but letters, digits, `.` and `-` as `_`. */
export function fileBase(title: string): string {
  return title.replace(/\.metrics\.jsonl$|\.jsonl$/i, '').replace(/[^\w.-]+/g, '_') || 'charts';
}

/** A grid's columns: three for small multiples (five charts or more), else up to two. */
export function gridColumns(charts: number): number {
  return charts >= 5 ? 3 : Math.max(1, Math.min(2, charts));
}

/** Posts `charts` as one SVG file; false when there is none to save. */
export function saveSvg(
  post: (message: WebviewToHost) => void,
  charts: readonly SvgChart[],
  heading: string | undefined,
  name: string,
): boolean {
  if (charts.length === 0) return false;
  const text = chartsSvg(charts, gridColumns(charts.length), heading);
  post({ type: 'exportFile', format: 'svg', name: `${fileBase(name)}.svg`, text });
  return true;
}

/** A pair cell as text: the difference, its interval in brackets, `*` when the interval excludes 0. */
export function pairCellText(cell: MethodsView['pairs'][number]['cells'][number]): string {
  if (!cell.interval) return cell.difference;
  return `${cell.difference} [${cell.interval.low}, ${cell.interval.high}]${cell.excludesZero ? ' *' : ''}`;
}

/** The method comparison's two tables, as the panel shows them. */
export function methodsTables(view: MethodsView): ReportTable[] {
  if (view.methods.length === 0) return [];
  const better = view.goal === 'min' ? 'lower' : 'higher';
  const tables: ReportTable[] = [
    {
      caption: `${view.label} (${better} is better): mean ± std over seeds`,
      headers: ['Method', 'Seeds', ...view.columns],
      rows: view.methods.map((m) => [m.name, String(m.seeds), ...m.cells.map((c) => c.text)]),
    },
  ];
  if (view.pairs.length > 0)
    tables.push({
      caption: `${view.label}: A − B, means over seeds [95% bootstrap interval]; * the interval excludes 0`,
      headers: ['A vs B', ...view.columns, 'Steps to B’s best'],
      rows: view.pairs.map((p) => [`${p.a} vs ${p.b}`, ...p.cells.map(pairCellText), p.reach]),
    });
  return tables;
}

export interface ReportParts {
  readonly title: string;
  readonly runs: readonly string[];
  readonly charts: readonly SvgChart[];
  readonly summary?: ReportTable;
  readonly methods?: MethodsView;
}

/** Posts the view as a self-contained HTML report. */
export function saveReport(post: (message: WebviewToHost) => void, parts: ReportParts): void {
  const { title, runs, charts, summary, methods } = parts;
  const date = new Date().toISOString().slice(0, 10);
  const text = reportHtml({
    title,
    subtitle: `Runs: ${runs.join(', ')}. Exported from Training Curves on ${date}.`,
    sentences: methods?.sentences,
    tables: [...(methods ? methodsTables(methods) : []), ...(summary ? [summary] : [])],
    charts,
  });
  post({ type: 'exportFile', format: 'html', name: `${fileBase(title)}-report.html`, text });
}
