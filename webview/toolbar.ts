/**
 * The sticky toolbar: the title with the status line on a row of their own (long comparison titles stay
 * readable), the controls wrapping below it, then the run list. Owns the filter and the table and summary toggles.
 */
import { el, toggleButton } from './dom';
import { compileFilter } from './filter';
import type { Store } from './store';
import { statusText } from './texts';
import type { Current } from './viewState';

export interface ToolbarParts {
  /** The setting controls, between the filter and the view toggles. */
  readonly settings: readonly HTMLElement[];
  readonly resetZoom: HTMLElement;
  readonly runList: HTMLElement;
  /** After the view toggles: the methods panel's toggle, the Export menu. */
  readonly actions: readonly HTMLElement[];
}

export interface ToolbarDeps {
  /** Shows the cards whose name passes `test`; says how many of how many. */
  filterCards(test: (text: string) => boolean): { shown: number; total: number };
  showTables(shown: boolean): void;
  /** The summary toggle changed the state: the panel follows. */
  showSummary(): void;
  renderSummary(): void;
}

export interface Toolbar {
  readonly element: HTMLElement;
  showTitle(text: string): void;
  setStatus(text: string): void;
  /** Shows the charts the filter passes, and says how many in the status. */
  applyFilter(): void;
}

export function createToolbar(store: Store, current: Current, parts: ToolbarParts, deps: ToolbarDeps): Toolbar {
  const title = el('h1', 'tc-title');
  const status = el('span', 'tc-status');
  status.setAttribute('role', 'status');
  status.textContent = 'Loading…';
  const titleRow = el('div', 'tc-title-row');
  titleRow.append(title, status);

  const filterBox = el('input', 'tc-filter');
  filterBox.type = 'search';
  // Short enough to show whole in the box's narrowest width; the full hint is its tooltip and accessible name.
  filterBox.placeholder = 'Filter metrics';
  filterBox.title = 'Filter metrics by name: text, or a regular expression in /…/';
  filterBox.setAttribute('aria-label', filterBox.title);
  filterBox.spellcheck = false;
  filterBox.value = store.state.filter;

  const applyFilter = (): void => {
    const filter = compileFilter(store.state.filter, store.state.regex);
    filterBox.setAttribute('aria-invalid', String(!filter.ok));
    const { shown, total } = deps.filterCards(filter.ok ? filter.test : () => true);
    deps.renderSummary();
    status.textContent = statusText(filter, current.data, shown, total);
  };
  filterBox.addEventListener('input', () => {
    store.update({ filter: filterBox.value });
    applyFilter();
  });
  const regexToggle = toggleButton('.*', 'Use regular expression', store.state.regex, (regex) => {
    store.update({ regex });
    applyFilter();
  });
  regexToggle.setAttribute('aria-label', 'Use regular expression');
  const tableToggle = toggleButton('Table', 'Show each chart’s data as a table', store.state.table, (table) => {
    store.update({ table });
    deps.showTables(table);
  });
  const summaryToggle = toggleButton(
    'Summary',
    'Show the last and best value of each metric and run',
    store.state.summary,
    (summary) => {
      store.update({ summary });
      deps.showSummary();
    },
  );

  const controls = el('div', 'tc-controls');
  controls.append(
    filterBox,
    regexToggle,
    ...parts.settings,
    tableToggle,
    summaryToggle,
    ...parts.actions,
    parts.resetZoom,
  );
  const element = el('header', 'tc-toolbar');
  element.append(titleRow, controls, parts.runList);

  return {
    element,
    showTitle: (text) => {
      title.textContent = text;
      title.title = text;
      document.title = text;
    },
    setStatus: (text) => (status.textContent = text),
    applyFilter,
  };
}
