/**
 * The custom editor's page: toolbar, banners, summary and one section of chart cards per benchmark or
 * diagnostics group. This file only builds the parts in page order and wires them together.
 */
import type { WebviewToHost } from '../src/protocol';
import { createBanners } from './banners';
import { createCards, type Cards } from './cards';
import { createControls } from './controls';
import { el } from './dom';
import { createDualAxis } from './dualAxis';
import { listenToHost } from './hostMessages';
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
const toolbar = createToolbar(
  store,
  current,
  { settings: [...controls.groups, dualAxis.element], resetZoom: controls.resetZoom, runList: runList.element },
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
document.body.append(toolbar.element, ...banners.elements, summary.element, empty, sectionsRoot, live);
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
});

const checkWidth = startWidthReports(sectionsRoot, cards.plotWidth, store.settings(), post);

// VS Code swaps the body class and the variables on <html> when the user changes theme.
const rethemeObserver = new MutationObserver(() => {
  if (cards.retheme()) runList.render();
});
rethemeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
rethemeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

listenToHost({ store, current, toolbar, banners, runList, controls, dualAxis, cards, checkWidth });
toolbar.applyFilter();
