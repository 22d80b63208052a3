/**
 * The custom editor's page: toolbar, banners and one section of chart cards per benchmark or diagnostics
 * group. It only renders what the host sends; data messages may repeat (partial, complete, live appends)
 * and update the existing cards in place.
 */
import {
  dispatch,
  type ChartPayload,
  type DataMessage,
  type HostToWebview,
  type SkippedSummary,
  type WebviewToHost,
} from '../src/protocol';
import { ChartCard, type CardContext } from './chartCard';
import { compileFilter } from './filter';
import { readTheme, RunStyles, type Theme } from './theme';
import { Tooltip } from './tooltip';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** UI state that survives the webview being hidden and shown again. */
interface ViewState {
  filter: string;
  regex: boolean;
  table: boolean;
}

/** Until a chart is drawn, its plot width is estimated as its card's inner width minus room for y tick labels. */
const Y_AXIS_ALLOWANCE = 56;
/** A resize is worth re-downsampling for when the plot width changes by more than this fraction. */
const RESIZE_THRESHOLD = 0.1;

const vscode = acquireVsCodeApi();
const state = loadState(vscode.getState());

function loadState(raw: unknown): ViewState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof ViewState, unknown>>;
  return {
    filter: typeof s.filter === 'string' ? s.filter : '',
    regex: s.regex === true,
    table: s.table === true,
  };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function toggleButton(label: string, title: string, pressed: boolean): HTMLButtonElement {
  const button = el('button', 'tc-toggle', label);
  button.type = 'button';
  button.title = title;
  button.setAttribute('aria-pressed', String(pressed));
  return button;
}

// ---- page skeleton ----
const toolbar = el('header', 'tc-toolbar');
const title = el('h1', 'tc-title');
const filterBox = el('input', 'tc-filter');
filterBox.type = 'search';
filterBox.placeholder = 'Filter metrics (text or /regex/)';
filterBox.setAttribute('aria-label', 'Filter metrics by name: text, or a regular expression in /…/');
filterBox.spellcheck = false;
filterBox.value = state.filter;
const regexToggle = toggleButton('.*', 'Use regular expression', state.regex);
regexToggle.setAttribute('aria-label', 'Use regular expression');
const tableToggle = toggleButton('Table', 'Show each chart’s data as a table', state.table);
const status = el('span', 'tc-status');
status.setAttribute('role', 'status');
status.textContent = 'Loading…';
toolbar.append(title, filterBox, regexToggle, tableToggle, status);

const errorBanner = el('div', 'tc-banner tc-error');
errorBanner.setAttribute('role', 'alert');
errorBanner.hidden = true;
const skippedBanner = el('div', 'tc-banner tc-warning');
skippedBanner.hidden = true;
const notices = el('ul', 'tc-notices');
notices.hidden = true;
const empty = el('p', 'tc-empty');
empty.hidden = true;
const sectionsRoot = el('main', 'tc-sections');
const live = el('div', 'tc-sr-only');
live.setAttribute('aria-live', 'polite');
document.body.append(toolbar, errorBanner, skippedBanner, notices, empty, sectionsRoot, live);
const tooltip = new Tooltip(document.body, live);

// ---- charts ----
let theme: Theme = readTheme();
const context: CardContext = { theme: () => theme, runs: new RunStyles(), tooltip };
const cards = new Map<string, ChartCard>();
interface Section {
  readonly element: HTMLElement;
  readonly grid: HTMLElement;
}
const sections = new Map<string, Section>();
let lastData: DataMessage | undefined;

function sectionFor(chart: ChartPayload): Section {
  const key = `${chart.sectionKind}\u0000${chart.section}`;
  let section = sections.get(key);
  if (!section) {
    const element = el('section', `tc-section tc-${chart.sectionKind}`);
    const heading = el('h2', 'tc-section-title', chart.section);
    const grid = el('div', 'tc-grid');
    element.append(heading, grid);
    section = { element, grid };
    sections.set(key, section);
  }
  return section;
}

/** Puts `children` in this order under `parent`, moving only the nodes that are out of place. */
function arrange(parent: HTMLElement, children: readonly HTMLElement[]): void {
  let ref = parent.firstElementChild;
  for (const child of children) {
    if (child === ref) ref = ref.nextElementSibling;
    else parent.insertBefore(child, ref);
  }
}

function showData(message: DataMessage): void {
  lastData = message;
  errorBanner.hidden = true;
  title.textContent = message.title;
  document.title = message.title;

  const order = new Map<Section, HTMLElement[]>();
  const seen = new Set<string>();
  for (const chart of message.charts) {
    seen.add(chart.id);
    let card = cards.get(chart.id);
    if (card) card.update(chart);
    else {
      card = new ChartCard(chart, context, state.table);
      cards.set(chart.id, card);
    }
    const section = sectionFor(chart);
    const list = order.get(section) ?? [];
    list.push(card.element);
    order.set(section, list);
    // A chart that moved to another section is re-parented by `arrange` below.
  }
  for (const [id, card] of cards) {
    if (!seen.has(id)) {
      card.destroy();
      cards.delete(id);
    }
  }
  for (const [key, section] of sections) {
    if (!order.has(section)) {
      section.element.remove();
      sections.delete(key);
    }
  }
  for (const [section, list] of order) arrange(section.grid, list);
  arrange(sectionsRoot, [...order.keys()].map((s) => s.element));

  showSkipped(message.skipped);
  notices.replaceChildren(...message.notices.map((n) => el('li', 'tc-notice', n)));
  notices.hidden = message.notices.length === 0;
  applyFilter();
  // The first drawn chart gives the true plot width; tell the host if its estimate was far off.
  checkWidth();
}

function showSkipped(skipped: SkippedSummary): void {
  const parts: string[] = [];
  if (skipped.count > 0) {
    const listed = skipped.first.map((s) => `line ${s.line} (${s.reason})`);
    const more = skipped.count - skipped.first.length;
    if (more > 0) listed.push(`and ${more} more`);
    parts.push(`${skipped.count} ${skipped.count === 1 ? 'line' : 'lines'} skipped: ${listed.join(', ')}.`);
  }
  if (skipped.pendingLine !== undefined) {
    parts.push(`Line ${skipped.pendingLine} is incomplete — probably still being written.`);
  }
  if (parts.length === 0) {
    skippedBanner.hidden = true;
    return;
  }
  skippedBanner.replaceChildren(el('span', 'tc-banner-text', parts.join(' ')), openAsTextButton());
  skippedBanner.hidden = false;
}

function showError(message: string): void {
  errorBanner.replaceChildren(el('span', 'tc-banner-text', message), openAsTextButton());
  errorBanner.hidden = false;
  status.textContent = '';
}

function openAsTextButton(): HTMLButtonElement {
  const button = el('button', 'tc-link', 'Open as Text');
  button.type = 'button';
  button.addEventListener('click', () => vscode.postMessage({ type: 'openAsText' }));
  return button;
}

// ---- filter, table toggle, state ----
function saveState(): void {
  vscode.setState(state);
}

function applyFilter(): void {
  const filter = compileFilter(state.filter, state.regex);
  filterBox.setAttribute('aria-invalid', String(!filter.ok));
  const test = filter.ok ? filter.test : () => true;
  let shown = 0;
  for (const card of cards.values()) {
    const visible = test(card.searchText);
    card.element.hidden = !visible;
    if (visible) shown++;
  }
  for (const section of sections.values()) {
    section.element.hidden = ![...section.grid.children].some((c) => !(c as HTMLElement).hidden);
  }
  const total = cards.size;
  const loading = lastData && !lastData.complete ? ' — loading…' : '';
  if (!filter.ok) status.textContent = `Invalid regular expression: ${filter.error}`;
  else if (!lastData) status.textContent = 'Loading…';
  else if (filter.active) status.textContent = `${shown} of ${total} charts${loading}`;
  else status.textContent = `${total} ${total === 1 ? 'chart' : 'charts'}${loading}`;

  if (lastData && total === 0) {
    empty.textContent = lastData.complete ? 'No metrics in this file yet.' : 'Reading the file…';
    empty.hidden = false;
  } else if (total > 0 && shown === 0) {
    empty.textContent = 'No charts match the filter.';
    empty.hidden = false;
  } else {
    empty.hidden = true;
  }
}

filterBox.addEventListener('input', () => {
  state.filter = filterBox.value;
  saveState();
  applyFilter();
});
regexToggle.addEventListener('click', () => {
  state.regex = !state.regex;
  regexToggle.setAttribute('aria-pressed', String(state.regex));
  saveState();
  applyFilter();
});
tableToggle.addEventListener('click', () => {
  state.table = !state.table;
  tableToggle.setAttribute('aria-pressed', String(state.table));
  saveState();
  for (const card of cards.values()) card.setTableVisible(state.table);
});

// ---- plot width for the host's downsampling ----
function measureChartWidth(): number {
  for (const card of cards.values()) {
    const w = card.plotWidth();
    if (w > 0) return Math.round(w);
  }
  // Nothing drawn yet: lay out an invisible card the way real ones are laid out.
  const probe = el('div', 'tc-grid tc-probe');
  const card = el('div', 'tc-card');
  const wrap = el('div', 'tc-canvas-wrap');
  card.appendChild(wrap);
  probe.appendChild(card);
  sectionsRoot.appendChild(probe);
  const width = wrap.clientWidth;
  probe.remove();
  return Math.max(1, Math.round(width - Y_AXIS_ALLOWANCE));
}

let postedWidth = measureChartWidth();
vscode.postMessage({ type: 'ready', chartWidth: postedWidth });

function checkWidth(): void {
  const width = measureChartWidth();
  if (Math.abs(width - postedWidth) > postedWidth * RESIZE_THRESHOLD) {
    postedWidth = width;
    vscode.postMessage({ type: 'resize', chartWidth: width });
  }
}

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(checkWidth, 200);
}).observe(sectionsRoot);

// ---- theme: VS Code swaps the body class and the variables on <html> when the user changes theme ----
const rethemeObserver = new MutationObserver(() => {
  const next = readTheme();
  if (JSON.stringify(next) === JSON.stringify(theme)) return;
  theme = next;
  for (const card of cards.values()) card.applyTheme();
});
rethemeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
rethemeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

// ---- messages from the host ----
window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
  dispatch<HostToWebview>({ data: showData, error: (m) => showError(m.message) }, message);
});
applyFilter();
