/**
 * Messages from the host. The page only renders what the host sends; data messages may repeat (partial,
 * complete, live appends) and update what is shown in place.
 */
import { dispatch, type ActionMessage, type DataMessage, type HostToWebview } from '../src/protocol';
import type { Banners } from './banners';
import type { Cards } from './cards';
import type { Controls } from './controls';
import type { DualAxis } from './dualAxis';
import type { MethodsPanel } from './methodsPanel';
import type { RunList } from './runList';
import type { Store } from './store';
import type { Toolbar } from './toolbar';
import { linesOf, type Current } from './viewState';

/** The parts of the page a message updates. */
export interface Page {
  readonly store: Store;
  readonly current: Current;
  readonly toolbar: Toolbar;
  readonly banners: Banners;
  readonly runList: RunList;
  readonly controls: Controls;
  readonly dualAxis: DualAxis;
  readonly cards: Cards;
  readonly methods: MethodsPanel;
  /** Does what a palette command asks, as the page's own button would. */
  readonly act: (action: ActionMessage['action']) => void;
  /** Tells the host the plot width when the charts' drawn width is far from what it was told. */
  readonly checkWidth: () => void;
}

export function listenToHost(page: Page): void {
  window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
    const message = event.data;
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    dispatch<HostToWebview>(
      {
        data: (m) => showData(page, m),
        error: (m) => {
          page.banners.showError(m.message);
          page.toolbar.setStatus('');
        },
        methods: (m) => page.methods.show(m),
        action: (m) => page.act(m.action),
      },
      message,
    );
  });
}

function showData(page: Page, message: DataMessage): void {
  const { store, current, cards } = page;
  const axisChanged = current.data !== undefined && current.data.xAxis !== message.xAxis;
  current.data = message;
  if (message.restore !== undefined) store.update({ restore: message.restore });
  page.banners.hideError();
  page.toolbar.showTitle(message.title);
  // Colours go to groups (what a view with groups compares, so they get the first colours), then to
  // runs in the host's order, before any chart asks for one.
  cards.colourFirst([...(message.groups ?? []), ...message.runs].map((line) => line.id));
  const lines = linesOf(message, store.state.groups);
  const runsChanged = JSON.stringify(lines) !== JSON.stringify(current.lines);
  current.lines = lines;
  page.controls.offerGroups((message.groups ?? []).length > 0);
  if (runsChanged) {
    page.runList.render();
    // Legends and colours by axis depend on how many runs there are.
    cards.applyRuns();
  }
  page.dualAxis.show(message.dualAxis);
  page.controls.showXChoices();
  cards.show(message.charts, store.state.table);
  page.banners.showSkipped(message.skipped);
  page.banners.showNotices(message.notices);
  page.toolbar.applyFilter();
  page.methods.offer();
  // Ticks, tooltip headings and the zoom range follow the data's x axis.
  if (axisChanged) page.controls.redrawAll();
  // The first drawn chart gives the true plot width; tell the host if its estimate was far off. New
  // cards are drawn once Chart.js sees their canvases in the page (its observer's microtask, queued
  // when they were inserted): measured after that, their plot needs no layout of its own.
  queueMicrotask(page.checkWidth);
}
