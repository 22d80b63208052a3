/** The summary panel: a sortable table of the charts the filter shows, its asked columns, and copy/export actions. */
import type { ReportTable } from '../src/core/export/report';
import type { WebviewToHost } from '../src/protocol';
import { button, el, labelled, numberInput } from './dom';
import type { Store } from './store';
import {
  sortRows,
  summaryColumns,
  summaryCsv,
  summaryMarkdown,
  summaryRows,
  type Sort,
  type SortKey,
  type SummaryAsks,
  type SummaryRow,
} from './summary';
import { nextSort, sortWithAsks, type Current, type ViewState } from './viewState';

export interface SummaryPanel {
  readonly element: HTMLElement;
  /** Shows or hides the panel as the state says. */
  show(): void;
  /** Fills the table again, when the panel is shown. */
  render(): void;
  /** The table as text (for a report), while the panel is shown. */
  table(): ReportTable | undefined;
}

/** `isShown` tells whether the filter shows a chart's card. */
export function createSummaryPanel(
  store: Store,
  current: Current,
  isShown: (chart: string) => boolean,
  post: (message: WebviewToHost) => void,
): SummaryPanel {
  const element = el('section', 'tc-summary');
  element.setAttribute('aria-label', 'Summary');
  const header = el('div', 'tc-summary-header');
  const title = el('h2', 'tc-section-title', 'Summary');
  const copyMarkdown = button('tc-link', 'Copy as Markdown');
  const copyCsv = button('tc-link', 'Copy as CSV');
  const exportCsv = button('tc-link', 'Export all data as CSV…');
  const exportShownCsv = button('tc-link', 'Export as shown…');
  exportCsv.title = 'Every point of every metric and run, at full resolution';
  exportShownCsv.title =
    'The points the charts draw, as CSV: downsampled, in the zoomed range, with smoothed values and seed bands';
  // The optional columns: the value at a step, and the first step reaching a threshold.
  const atStepInput = numberInput(
    store.state.summaryStep,
    'step',
    'Add a column with each run’s value at this step (or the last one before it)',
  );
  const thresholdInput = numberInput(
    store.state.threshold,
    'value',
    'Add a column with the first step each run reaches this value (at or above it; at or below for losses)',
  );
  const asksGroup = el('span', 'tc-group');
  asksGroup.append(
    labelled('At step', atStepInput, 'tc-summary-step'),
    atStepInput,
    labelled('Threshold', thresholdInput, 'tc-threshold'),
    thresholdInput,
  );
  header.append(title, asksGroup, copyMarkdown, copyCsv, exportCsv, exportShownCsv);
  const body = el('div', 'tc-table-wrap tc-summary-wrap');
  element.append(header, body);
  element.hidden = !store.state.summary;

  /** The summary's rows: the charts the filter shows, without hidden runs, in the chosen order. */
  const rows = (): SummaryRow[] => {
    const { hiddenRuns, sort } = store.state;
    const shown = (current.data?.charts ?? [])
      .filter((c) => isShown(c.id))
      .map((c) => ({ ...c, series: c.series.filter((s) => !hiddenRuns.includes(s.run)) }));
    return sortRows(summaryRows(shown, new Map(current.lines.map((r) => [r.id, r.label]))), sort);
  };
  const asks = (): SummaryAsks => ({ step: store.state.summaryStep, threshold: store.state.threshold });

  const render = (): void => {
    if (!store.state.summary) return;
    const onSort = (key: SortKey): void => {
      store.update({ sort: nextSort(store.state.sort, key) });
      render();
    };
    const list = rows();
    const scroll = body.scrollTop;
    body.replaceChildren(
      list.length > 0
        ? buildSummaryTable(list, asks(), store.state.sort, onSort)
        : el('p', 'tc-note', 'No charts to summarise.'),
    );
    body.scrollTop = scroll;
  };

  copyMarkdown.addEventListener('click', () =>
    post({ type: 'copy', text: summaryMarkdown(rows(), asks()), what: 'summary as Markdown' }),
  );
  copyCsv.addEventListener('click', () =>
    post({ type: 'copy', text: summaryCsv(rows(), asks()), what: 'summary as CSV' }),
  );
  /** An emptied box removes its column; the host computes the new one on the full columns. */
  const onAsk = (
    input: HTMLInputElement,
    asked: (value: number | undefined) => Pick<ViewState, 'summaryStep' | 'threshold'>,
  ): void => {
    input.addEventListener('change', () => {
      const value = input.value.trim() === '' ? undefined : Number(input.value);
      if (value !== undefined && !Number.isFinite(value)) return;
      const next = asked(value);
      store.update({ ...next, sort: sortWithAsks(store.state.sort, next.summaryStep, next.threshold) });
      render();
    });
  };
  onAsk(atStepInput, (summaryStep) => ({ summaryStep, threshold: store.state.threshold }));
  onAsk(thresholdInput, (threshold) => ({ summaryStep: store.state.summaryStep, threshold }));
  exportCsv.addEventListener('click', () => post({ type: 'exportCsv', resolution: 'full' }));
  exportShownCsv.addEventListener('click', () => post({ type: 'exportCsv', resolution: 'shown' }));

  const show = (): void => {
    element.hidden = !store.state.summary;
    render();
  };
  const table = (): ReportTable | undefined => {
    if (!store.state.summary) return undefined;
    const columns = summaryColumns(asks());
    return {
      caption: 'Summary: last and best value of each metric and run',
      headers: columns.map((c) => c.label),
      rows: rows().map((r) => columns.map((c) => c.cell(r))),
    };
  };
  return { element, show, render, table };
}

/** The table, with a sort button in each header; `onSort` gets the column clicked. */
function buildSummaryTable(
  rows: readonly SummaryRow[],
  asks: SummaryAsks,
  sort: Sort | undefined,
  onSort: (key: SortKey) => void,
): HTMLTableElement {
  const cols = summaryColumns(asks);
  const table = document.createElement('table');
  table.className = 'tc-table tc-summary-table';
  const caption = document.createElement('caption');
  caption.textContent = 'Summary: last and best value of each metric and run';
  const head = document.createElement('tr');
  for (const column of cols) {
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
    for (const column of cols) {
      const td = document.createElement('td');
      if (!column.numeric) td.className = 'tc-text';
      td.textContent = column.cell(row);
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
  table.append(caption, thead, tbody);
  return table;
}
