/**
 * The custom editor's page: toolbar, banners, summary and one section of chart cards per benchmark or
 * diagnostics group. This file only builds the parts in page order and wires them together.
 */
import type { ActionMessage, WebviewToHost } from '../src/protocol';
import { createBanners } from './banners';
import { createCards, type Cards } from './cards';
import { createControls } from './controls';
import { el } from './dom';
import { createDualAxis } from './dualAxis';
import { createExportMenu } from './exportMenu';
import { saveReport, saveSvg } from './exports';
import { listenToHost } from './hostMessages';
import { createMethodsPanel } from './methodsPanel';
import { startWidthReports } from './plotWidth';
import { createRunList } from './runList';
import { Store, type VsCodeApi } from './store';
import { createSummaryPanel } from './summaryPanel';
import { createToolbar } from './toolbar';
import { Tooltip } from './tooltip';
import type { Current } from './viewState';

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: WebviewToHost): void => vscode.postMessage(message);
const store = new Store(vscode);
const current: Current = { data: undefined, lines: [] };

// The parts above the charts call on `cards` only from events and data, once it exists (the tooltip
// it needs is appended to the page after them).
const controls = createControls(store, current, () => cards.applyView());
const dualAxis = createDualAxis(store);
const live = el('div', 'tc-sr-only');
live.setAttribute('aria-live', 'polite');
const runList = createRunList(store, current, {
  colour: (run) => cards.colour(run),
  changed: () => {
    cards.applyRuns();
    summary.render();
  },
  announce: (text) => (live.textContent = text),
});
const summary = createSummaryPanel(store, current, (chart) => cards.isShown(chart), post);
const methods = createMethodsPanel(store, current, post);
/** Saves charts as one SVG figure, or says there is none. */
const exportSvg: typeof saveSvg = (...args) => {
  const saved = saveSvg(...args);
  if (!saved) live.textContent = 'No charts to export: the filter shows none.';
  return saved;
};
const exportViewSvg = (): void => {
  const title = current.data?.title ?? 'charts';
  exportSvg(post, cards.svgCharts(), title, title);
};
/** The view as an HTML report: its charts as drawn, the summary when shown, the methods comparison when there are methods. */
const exportReport = async (): Promise<void> => {
  const data = current.data;
  if (!data) return;
  saveReport(post, {
    title: data.title,
    runs: data.runs.filter((r) => !store.state.hiddenRuns.includes(r.id)).map((r) => r.label),
    charts: cards.svgCharts(),
    summary: summary.table(),
    methods: await methods.latest(),
  });
};
const exportMenu = createExportMenu([
  { text: 'Charts as SVG…', title: 'Every chart the filter shows, as drawn, in one SVG figure', run: exportViewSvg },
  {
    text: 'HTML report…',
    title: 'One self-contained HTML file: the charts with hover, the summary when shown, the methods comparison',
    run: () => void exportReport(),
  },
]);
const toolbar = createToolbar(
  store,
  current,
  {
    settings: [...controls.groups, dualAxis.element],
    resetZoom: controls.resetZoom,
    runList: runList.element,
    actions: [methods.toggle, exportMenu],
  },
  {
    filterCards: (test) => cards.filter(test),
    showTables: (shown) => cards.setTableVisible(shown),
    showSummary: () => summary.show(),
    renderSummary: () => summary.render(),
  },
);
const banners = createBanners(post);
const empty = el('p', 'tc-empty');
empty.hidden = true;
const sectionsRoot = el('main', 'tc-sections');
document.body.append(toolbar.element, ...banners.elements, summary.element, methods.element, empty, sectionsRoot, live);
// Whatever scrolls into view (a focused card, say) stops below the sticky toolbar, whose height varies as it wraps.
new ResizeObserver(() => {
  document.documentElement.style.scrollPaddingTop = `${toolbar.element.offsetHeight + 8}px`;
}).observe(toolbar.element);

const cards: Cards = createCards(sectionsRoot, empty, new Tooltip(document.body, live), current, {
  view: controls.view,
  setRange: controls.setRange,
  isHidden: (run) => store.state.hiddenRuns.includes(run),
  toggleRun: (run) => runList.setHidden(run, !store.state.hiddenRuns.includes(run)),
  post,
  saveSvg: (charts, heading, name) => void exportSvg(post, charts, heading, name),
});
const ACTIONS: Readonly<Record<ActionMessage['action'], () => void>> = {
  compareMethods: () => methods.open(),
  exportSvg: exportViewSvg,
  exportReport: () => void exportReport(),
};

const checkWidth = startWidthReports(sectionsRoot, cards.plotWidth, store.settings(), post);

// VS Code swaps the body class and the variables on <html> when the user changes theme.
const rethemeObserver = new MutationObserver(() => {
  if (cards.retheme()) runList.render();
});
rethemeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
rethemeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

listenToHost({
  store,
  current,
  toolbar,
  banners,
  runList,
  controls,
  dualAxis,
  cards,
  methods,
  act: (action) => ACTIONS[action](),
  checkWidth,
});
toolbar.applyFilter();
