/**
 * The custom editor's page: toolbar, banners and one section of chart cards per benchmark or diagnostics
 * group. It only renders what the host sends; data messages may repeat (partial, complete, live appends)
 * and update the existing cards in place.
 */
import {
  axisMetric,
  dispatch,
  metricAxis,
  type BandKind,
  type ChartPayload,
  type DataMessage,
  type DualAxisChoices,
  type HostToWebview,
  type RunInfo,
  type SkippedSummary,
  type SmoothingKind,
  type ViewSettings,
  type WebviewToHost,
  type XAxis,
} from '../src/protocol';
import { MAX_SMOOTHING_WEIGHT } from '../src/core/smoothing';
import { ChartCard, type CardContext, type ViewOptions, type YBounds, type YScale } from './chartCard';
import { compileFilter } from './filter';
import { formatTick } from './format';
import {
  buildSummaryTable,
  SORT_KEYS,
  sortRows,
  summaryCsv,
  summaryMarkdown,
  summaryRows,
  type Sort,
  type SortKey,
  type SummaryAsks,
} from './summary';
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
  summary: boolean;
  sort: Sort | undefined;
  smoothingKind: SmoothingKind;
  smoothingWeight: number;
  xAxis: XAxis;
  xLog: boolean;
  yScale: YScale;
  /** The ends of the Fixed y range as typed (undefined: empty, from the data); kept while another scale is chosen. */
  yMin: number | undefined;
  yMax: number | undefined;
  ignoreOutliers: boolean;
  range: { min: number; max: number } | undefined;
  /** Runs the user hid (RunInfo.id): hidden in every chart, the tables and the summary. */
  hiddenRuns: string[];
  /** Dual-axis mode, and the metric names of its two axes (empty until chosen or defaulted). */
  dualAxis: boolean;
  dualLeft: string;
  dualRight: string;
  /** Seed groups drawn as their mean with this band, or each run on its own. */
  groups: BandKind | 'off';
  /** The summary's chosen step and threshold (undefined: the column is not shown). */
  summaryStep: number | undefined;
  threshold: number | undefined;
  /** The host's own description of this view (DataMessage.restore), handed back to it after a reload. */
  restore: unknown;
}

/** Until a chart is drawn, its plot width is estimated as its card's inner width minus room for y tick labels. */
const Y_AXIS_ALLOWANCE = 56;
/** A resize is worth re-downsampling for when the plot width changes by more than this fraction. */
const RESIZE_THRESHOLD = 0.1;
/** The slider sends its setting to the host this long after the last move, not on every pixel. */
const SETTINGS_DELAY_MS = 120;

const SMOOTHING_KINDS: readonly (readonly [SmoothingKind, string, string])[] = [
  ['ema', 'EMA', 'Exponential moving average, de-biased (TensorBoard)'],
  ['twema', 'Time EMA', 'Exponential moving average weighted by the x distance between points (W&B)'],
  ['average', 'Running avg', 'Mean of the last 1/(1 − weight) points'],
];
/** The x-axis select: the host's x axis, and whether it is drawn log-scaled (a metric's choice is its axis, linear). */
type XChoice = readonly [string, string, XAxis, boolean];
const X_CHOICES: readonly XChoice[] = [
  ['step', 'Step', 'step', false],
  ['step-log', 'Step (log)', 'step', true],
  ['relative', 'Rel. time', 'relative', false],
  ['wall', 'Wall time', 'wall', false],
];
const GROUP_CHOICES: readonly (readonly [BandKind | 'off', string, string])[] = [
  ['off', 'separate', 'Each run on its own line'],
  ['minmax', 'mean ± min–max', 'One line per seed group: the mean, with the lowest and highest run around it'],
  ['std', 'mean ± std', 'One line per seed group: the mean ± the sample standard deviation'],
  ['sem', 'mean ± s.e.', 'One line per seed group: the mean ± the standard error of the mean'],
];
const Y_CHOICES: readonly (readonly [YScale, string])[] = [
  ['linear', 'Linear'],
  ['zero', 'From 0'],
  ['log', 'Log'],
  ['fixed', 'Fixed…'],
];

const vscode = acquireVsCodeApi();
const state = loadState(vscode.getState());

function oneOf<T extends string>(value: unknown, choices: readonly T[], fallback: T): T {
  return choices.includes(value as T) ? (value as T) : fallback;
}

/** A saved x axis: a fixed one, or a metric's. */
function savedXAxis(value: unknown): XAxis {
  if (typeof value === 'string' && axisMetric(value as XAxis) !== undefined) return value as XAxis;
  return oneOf(value, ['step', 'relative', 'wall'], 'step');
}

function finiteOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isRange(value: unknown): value is { min: number; max: number } {
  const r = value as { min?: unknown; max?: unknown } | null;
  return typeof r === 'object' && r !== null && typeof r.min === 'number' && typeof r.max === 'number' && r.min < r.max;
}

function loadState(raw: unknown): ViewState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof ViewState, unknown>>;
  const sort = s.sort as Partial<Sort> | undefined;
  const weight = typeof s.smoothingWeight === 'number' ? s.smoothingWeight : 0;
  return {
    filter: typeof s.filter === 'string' ? s.filter : '',
    regex: s.regex === true,
    table: s.table === true,
    summary: s.summary === true,
    sort: sort && SORT_KEYS.includes(sort.key as SortKey) ? { key: sort.key as SortKey, descending: sort.descending === true } : undefined,
    smoothingKind: oneOf(s.smoothingKind, SMOOTHING_KINDS.map((k) => k[0]), 'ema'),
    smoothingWeight: Math.min(Math.max(weight, 0), MAX_SMOOTHING_WEIGHT),
    xAxis: savedXAxis(s.xAxis),
    xLog: s.xLog === true,
    yScale: oneOf(s.yScale, Y_CHOICES.map((c) => c[0]), 'linear'),
    yMin: finiteOr(s.yMin),
    yMax: finiteOr(s.yMax),
    ignoreOutliers: s.ignoreOutliers === true,
    range: isRange(s.range) ? s.range : undefined,
    hiddenRuns: Array.isArray(s.hiddenRuns) ? s.hiddenRuns.filter((r): r is string => typeof r === 'string') : [],
    dualAxis: s.dualAxis === true,
    dualLeft: typeof s.dualLeft === 'string' ? s.dualLeft : '',
    dualRight: typeof s.dualRight === 'string' ? s.dualRight : '',
    groups: oneOf(s.groups, GROUP_CHOICES.map((c) => c[0]), 'off'),
    summaryStep: finiteOr(s.summaryStep),
    threshold: finiteOr(s.threshold),
    restore: s.restore,
  };
}

function settings(): ViewSettings {
  const dual = state.dualAxis && state.dualLeft !== '' && state.dualRight !== '';
  return {
    smoothing: { kind: state.smoothingKind, weight: state.smoothingWeight },
    xAxis: state.xAxis,
    range: state.range,
    ignoreOutliers: state.ignoreOutliers,
    ...(dual && { dualAxis: { left: state.dualLeft, right: state.dualRight } }),
    ...(state.groups !== 'off' && { groups: state.groups }),
    ...(state.summaryStep !== undefined && { summaryStep: state.summaryStep }),
    ...(state.threshold !== undefined && { threshold: state.threshold }),
  };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A labelled control: visible text for sighted users, the same label for screen readers. */
function labelled(text: string, control: HTMLElement, id: string): HTMLLabelElement {
  control.id = id;
  const label = el('label', 'tc-label', text);
  label.htmlFor = id;
  return label;
}

function select<T extends string>(choices: readonly (readonly [T, string, ...unknown[]])[], value: string): HTMLSelectElement {
  const box = el('select', 'tc-select');
  for (const [v, text, title] of choices) {
    const option = el('option', '', text);
    option.value = v;
    if (typeof title === 'string') option.title = title;
    box.appendChild(option);
  }
  box.value = value;
  return box;
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
// Short enough to show whole in the box's narrowest width; the full hint is its tooltip and accessible name.
filterBox.placeholder = 'Filter metrics';
filterBox.title = 'Filter metrics by name: text, or a regular expression in /…/';
filterBox.setAttribute('aria-label', filterBox.title);
filterBox.spellcheck = false;
filterBox.value = state.filter;
const regexToggle = toggleButton('.*', 'Use regular expression', state.regex);
regexToggle.setAttribute('aria-label', 'Use regular expression');
const tableToggle = toggleButton('Table', 'Show each chart’s data as a table', state.table);
const summaryToggle = toggleButton('Summary', 'Show the last and best value of each metric and run', state.summary);

const smoothingKind = select(SMOOTHING_KINDS, state.smoothingKind);
smoothingKind.setAttribute('aria-label', 'Smoothing method');
const smoothingSlider = el('input', 'tc-slider');
smoothingSlider.type = 'range';
const smoothingNumber = el('input', 'tc-number');
smoothingNumber.type = 'number';
for (const input of [smoothingSlider, smoothingNumber]) {
  input.min = '0';
  input.max = String(MAX_SMOOTHING_WEIGHT);
  input.step = '0.001';
  input.value = String(state.smoothingWeight);
}
smoothingNumber.setAttribute('aria-label', 'Smoothing weight (number)');
const smoothingGroup = el('span', 'tc-group');
smoothingGroup.append(labelled('Smoothing', smoothingSlider, 'tc-smoothing'), smoothingKind, smoothingSlider, smoothingNumber);

const xSelect = select(X_CHOICES, 'step');
// Logged metrics that only grow (tokens seen, …), as the host names them; filled in by showXChoices.
const xMetricOptions = el('optgroup', '');
xMetricOptions.label = 'Logged metric';
/** The metrics offered, plus the chosen one even before (or after) the data has it, so the select can show it. */
function xMetricChoices(): XChoice[] {
  const names = [...(lastData?.xMetrics ?? [])];
  const chosen = axisMetric(state.xAxis);
  if (chosen !== undefined && !names.includes(chosen)) names.push(chosen);
  return names.map((name) => [metricAxis(name), name, metricAxis(name), false]);
}
function showXChoices(): void {
  const choices = xMetricChoices();
  fillOptions(xMetricOptions, choices);
  // An empty group would still show its label.
  if (choices.length === 0) xMetricOptions.remove();
  else xSelect.appendChild(xMetricOptions);
  xSelect.value = [...X_CHOICES, ...choices].find((c) => c[2] === state.xAxis && c[3] === state.xLog)?.[0] ?? 'step';
}
const xGroup = el('span', 'tc-group');
xGroup.append(labelled('X', xSelect, 'tc-x-axis'), xSelect);
xSelect.title = 'X axis';
const ySelect = select(Y_CHOICES, state.yScale);
ySelect.title = 'Y axis scale';
// The Fixed range's two ends, shown while Fixed is chosen.
const RIGHT_AXIS_NOTE = 'A dual-axis chart’s right axis stays from its data.';
const Y_BOUND_TITLES = {
  min: `Lowest value of every chart’s y axis; empty: from the data. ${RIGHT_AXIS_NOTE}`,
  max: `Highest value of every chart’s y axis; empty: from the data. ${RIGHT_AXIS_NOTE}`,
};
const yMinInput = numberInput(state.yMin, 'min', Y_BOUND_TITLES.min);
const yMaxInput = numberInput(state.yMax, 'max', Y_BOUND_TITLES.max);
yMinInput.setAttribute('aria-label', 'Y min');
yMaxInput.setAttribute('aria-label', 'Y max');
const yFixedGroup = el('span', 'tc-group');
yFixedGroup.append(yMinInput, el('span', 'tc-label', '–'), yMaxInput);
yFixedGroup.hidden = state.yScale !== 'fixed';
const yGroup = el('span', 'tc-group');
yGroup.append(labelled('Y', ySelect, 'tc-y-scale'), ySelect, yFixedGroup);
const outliers = el('input', 'tc-checkbox');
outliers.type = 'checkbox';
outliers.checked = state.ignoreOutliers;
outliers.title = 'Clip each chart’s y range to the 5th–95th percentile of its values';
const outliersGroup = el('span', 'tc-group');
outliersGroup.append(outliers, labelled('Ignore outliers', outliers, 'tc-outliers'));
// Seed groups: offered when the host found runs that differ only by seed (or share a method).
const groupSelect = select(GROUP_CHOICES, state.groups);
groupSelect.title = 'Draw runs that differ only by seed as one line: their mean, with a band';
const groupGroup = el('span', 'tc-group');
groupGroup.append(labelled('Seeds', groupSelect, 'tc-groups'), groupSelect);
groupGroup.hidden = true;
const resetZoom = el('button', 'tc-toggle', 'Reset zoom');
resetZoom.type = 'button';

// Dual-axis mode (reference figure 4): offered when some benchmark logs both a score and a length.
const dualToggle = toggleButton('Dual axis', 'One chart per benchmark with a score on the left axis and a length on the right', state.dualAxis);
const dualLeft = el('select', 'tc-select');
const dualRight = el('select', 'tc-select');
const dualGroup = el('span', 'tc-group');
const dualSelects = el('span', 'tc-group');
dualSelects.append(labelled('Left', dualLeft, 'tc-dual-left'), dualLeft, labelled('Right', dualRight, 'tc-dual-right'), dualRight);
dualLeft.title = 'Metric on the left y axis';
dualRight.title = 'Metric on the right y axis';
dualGroup.append(dualToggle, dualSelects);
dualGroup.hidden = true;

const status = el('span', 'tc-status');
status.setAttribute('role', 'status');
status.textContent = 'Loading…';
// The title has a row of its own (long comparison titles stay readable); the controls wrap below it.
const titleRow = el('div', 'tc-title-row');
titleRow.append(title, status);
const controls = el('div', 'tc-controls');
controls.append(
  filterBox,
  regexToggle,
  smoothingGroup,
  xGroup,
  yGroup,
  outliersGroup,
  groupGroup,
  dualGroup,
  tableToggle,
  summaryToggle,
  resetZoom,
);
// The runs of a comparison, each with its colour and a checkbox to hide it in every chart.
const runList = el('fieldset', 'tc-runs');
runList.hidden = true;
toolbar.append(titleRow, controls, runList);

// The summary panel: a sortable table and its copy/export actions.
const summaryPanel = el('section', 'tc-summary');
summaryPanel.setAttribute('aria-label', 'Summary');
const summaryHeader = el('div', 'tc-summary-header');
const summaryTitle = el('h2', 'tc-section-title', 'Summary');
const copyMarkdown = el('button', 'tc-link', 'Copy as Markdown');
const copyCsv = el('button', 'tc-link', 'Copy as CSV');
const exportCsv = el('button', 'tc-link', 'Export all data as CSV…');
const exportShownCsv = el('button', 'tc-link', 'Export as shown…');
for (const b of [copyMarkdown, copyCsv, exportCsv, exportShownCsv]) b.type = 'button';
exportCsv.title = 'Every point of every metric and run, at full resolution';
exportShownCsv.title = 'The points the charts draw, as CSV: downsampled, in the zoomed range, with smoothed values and seed bands';
// The optional columns: the value at a step, and the first step reaching a threshold.
function numberInput(value: number | undefined, placeholder: string, title: string): HTMLInputElement {
  const input = el('input', 'tc-number');
  input.type = 'number';
  input.placeholder = placeholder;
  input.title = title;
  input.value = value === undefined ? '' : String(value);
  return input;
}
const atStepInput = numberInput(
  state.summaryStep,
  'step',
  'Add a column with each run’s value at this step (or the last one before it)',
);
const thresholdInput = numberInput(
  state.threshold,
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
summaryHeader.append(summaryTitle, asksGroup, copyMarkdown, copyCsv, exportCsv, exportShownCsv);
const summaryBody = el('div', 'tc-table-wrap tc-summary-wrap');
summaryPanel.append(summaryHeader, summaryBody);
summaryPanel.hidden = !state.summary;

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
document.body.append(toolbar, errorBanner, skippedBanner, notices, summaryPanel, empty, sectionsRoot, live);
const tooltip = new Tooltip(document.body, live);
// Whatever scrolls into view (a focused card, say) stops below the sticky toolbar, whose height varies as it wraps.
new ResizeObserver(() => (document.documentElement.style.scrollPaddingTop = `${toolbar.offsetHeight + 8}px`)).observe(toolbar);

// ---- charts ----
let theme: Theme = readTheme();
const context: CardContext = {
  theme: () => theme,
  view: viewOptions,
  setRange,
  savePng: (name, dataUrl) => vscode.postMessage({ type: 'savePng', name, dataUrl }),
  runs: new RunStyles(),
  tooltip,
  isHidden: (run) => state.hiddenRuns.includes(run),
  toggleRun: (run) => setRunHidden(run, !state.hiddenRuns.includes(run)),
  runCount: () => lastData?.runs.length ?? 0,
  hovered: (source, step) => {
    hoverStep = step;
    // A move redraws the cards in view; the end of the hover clears every card (those without a guide return at once).
    for (const card of step === undefined ? cards.values() : onScreen) if (card !== source) card.follow(step);
  },
  isRun: (run) => lastData?.runs.some((r) => r.id === run) ?? false,
  revealLine: (run, step) => vscode.postMessage({ type: 'revealLine', run, step }),
};

/** The step hovered in some card, which the others show too. */
let hoverStep: number | undefined;
/**
 * Cards in or near the viewport. Only these follow the hover as it moves: redrawing every chart of a
 * log with hundreds of metrics on each step would lag. A card catches up when it scrolls into view.
 */
const onScreen = new Set<ChartCard>();
const cardOf = new WeakMap<Element, ChartCard>();
const visibility = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      const card = cardOf.get(entry.target);
      if (!card) continue;
      if (entry.isIntersecting) {
        onScreen.add(card);
        card.follow(hoverStep);
      } else {
        onScreen.delete(card);
      }
    }
  },
  { rootMargin: '200px 0px' },
);

/** How the cards draw: the x axis is the data's (the host may not have caught up with the select yet). */
function viewOptions(): ViewOptions {
  const xAxis = lastData?.xAxis ?? state.xAxis;
  const fixed = state.yScale === 'fixed' && yFixedError() === undefined && (state.yMin !== undefined || state.yMax !== undefined);
  const yFixed: YBounds | undefined = fixed ? { min: state.yMin, max: state.yMax } : undefined;
  return { xAxis, xLog: state.xLog, yScale: state.yScale, yFixed, range: xAxis === state.xAxis ? state.range : undefined };
}
const cards = new Map<string, ChartCard>();
interface Section {
  readonly element: HTMLElement;
  readonly grid: HTMLElement;
}
const sections = new Map<string, Section>();
let lastData: DataMessage | undefined;
/** The lines of the view, as the run list shows them: runs, and with grouping on, groups in place of their members. */
let shownRuns: readonly RunInfo[] = [];

/** Each group (when grouping is on) takes the place of its first member in the list of runs. */
function linesOf(message: DataMessage): RunInfo[] {
  const groups = state.groups === 'off' ? [] : (message.groups ?? []);
  const groupOf = new Map(groups.flatMap((g) => g.members.map((m) => [m, g] as const)));
  const lines: RunInfo[] = [];
  const listed = new Set<string>();
  for (const run of message.runs) {
    const group = groupOf.get(run.id);
    if (!group) lines.push(run);
    else if (!listed.has(group.id)) {
      listed.add(group.id);
      lines.push({ id: group.id, label: group.label });
    }
  }
  return lines;
}

function sectionFor(chart: ChartPayload): Section {
  const key = `${chart.dual ? 'dual' : chart.sectionKind}\u0000${chart.section}`;
  let section = sections.get(key);
  if (!section) {
    // Dual-axis charts are small multiples (reference figure 4): more of them to a row.
    const element = el('section', `tc-section tc-${chart.sectionKind}${chart.dual ? ' tc-dual' : ''}`);
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
  const axisChanged = lastData !== undefined && lastData.xAxis !== message.xAxis;
  lastData = message;
  if (message.restore !== undefined) {
    state.restore = message.restore;
    saveState();
  }
  errorBanner.hidden = true;
  title.textContent = message.title;
  title.title = message.title;
  document.title = message.title;
  // Colours go to groups (what a view with groups compares, so they get the first colours), then to
  // runs in the host's order, before any chart asks for one.
  for (const line of [...(message.groups ?? []), ...message.runs]) context.runs.index(line.id);
  const lines = linesOf(message);
  const runsChanged = JSON.stringify(lines) !== JSON.stringify(shownRuns);
  shownRuns = lines;
  groupGroup.hidden = (message.groups ?? []).length === 0;
  if (runsChanged) {
    renderRuns();
    // Legends and colours by axis depend on how many runs there are.
    for (const card of cards.values()) card.applyRuns();
  }
  showDualChoices(message.dualAxis);
  showXChoices();

  const order = new Map<Section, HTMLElement[]>();
  const seen = new Set<string>();
  for (const chart of message.charts) {
    seen.add(chart.id);
    let card = cards.get(chart.id);
    if (card) card.update(chart);
    else {
      card = new ChartCard(chart, context, state.table);
      cards.set(chart.id, card);
      cardOf.set(card.element, card);
      visibility.observe(card.element);
    }
    const section = sectionFor(chart);
    const list = order.get(section) ?? [];
    list.push(card.element);
    order.set(section, list);
    // A chart that moved to another section is re-parented by `arrange` below.
  }
  for (const [id, card] of cards) {
    if (!seen.has(id)) {
      visibility.unobserve(card.element);
      onScreen.delete(card);
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
  // Ticks, tooltip headings and the zoom range follow the data's x axis.
  if (axisChanged) redrawAll();
  // The first drawn chart gives the true plot width; tell the host if its estimate was far off. New
  // cards are drawn once Chart.js sees their canvases in the page (its observer's microtask, queued
  // when they were inserted): measured after that, their plot needs no layout of its own.
  queueMicrotask(checkWidth);
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

// ---- runs: shown and hidden in every chart ----
function renderRuns(): void {
  runList.hidden = shownRuns.length < 2;
  const legend = el('legend', 'tc-label', 'Runs');
  const items = shownRuns.map((run) => {
    const box = el('input', 'tc-checkbox');
    box.type = 'checkbox';
    box.checked = !state.hiddenRuns.includes(run.id);
    box.addEventListener('change', () => setRunHidden(run.id, !box.checked));
    const swatch = el('span', 'tc-swatch');
    swatch.style.backgroundColor = context.runs.colour(run.id, theme);
    const item = el('label', 'tc-run');
    item.title = `Show ${run.label} in every chart`;
    item.append(box, swatch, el('span', 'tc-run-label', run.label));
    return item;
  });
  runList.replaceChildren(legend, ...items);
}

function setRunHidden(run: string, hidden: boolean): void {
  state.hiddenRuns = state.hiddenRuns.filter((r) => r !== run);
  if (hidden) state.hiddenRuns.push(run);
  saveState();
  const box = [...runList.querySelectorAll('input')][shownRuns.findIndex((r) => r.id === run)];
  if (box) box.checked = !hidden;
  for (const card of cards.values()) card.applyRuns();
  renderSummary();
  const label = shownRuns.find((r) => r.id === run)?.label ?? run;
  live.textContent = `${label} ${hidden ? 'hidden' : 'shown'}`;
}

// ---- dual-axis mode ----
/** Gives `parent` (a select, or a group of its options) these options, [value, text], if it has others. */
function fillOptions(parent: HTMLSelectElement | HTMLOptGroupElement, choices: readonly (readonly [string, string, ...unknown[]])[]): void {
  const current = [...parent.querySelectorAll('option')].map((o) => o.value);
  if (JSON.stringify(current) === JSON.stringify(choices.map((c) => c[0]))) return;
  parent.replaceChildren(
    ...choices.map(([value, text]) => {
      const option = el('option', '', text);
      option.value = value;
      return option;
    }),
  );
}

function fillSelect(box: HTMLSelectElement, names: readonly string[], value: string): void {
  fillOptions(box, names.map((name) => [name, name]));
  box.value = value;
}

/** Offers the mode when the host found pairs; picks the most common names until the user chooses. */
function showDualChoices(choices: DualAxisChoices | undefined): void {
  dualGroup.hidden = choices === undefined;
  if (!choices) return;
  const left = choices.left.includes(state.dualLeft) ? state.dualLeft : choices.left[0];
  const right = choices.right.includes(state.dualRight) ? state.dualRight : choices.right[0];
  fillSelect(dualLeft, choices.left, left);
  fillSelect(dualRight, choices.right, right);
  dualSelects.hidden = !state.dualAxis;
  if (left !== state.dualLeft || right !== state.dualRight) {
    state.dualLeft = left;
    state.dualRight = right;
    // The names the host was asked for are not in this data: ask for the ones the selects now show.
    if (state.dualAxis) sendSettings();
    else saveState();
  }
}

dualToggle.addEventListener('click', () => {
  state.dualAxis = !state.dualAxis;
  dualToggle.setAttribute('aria-pressed', String(state.dualAxis));
  dualSelects.hidden = !state.dualAxis;
  sendSettings();
});
dualLeft.addEventListener('change', () => {
  state.dualLeft = dualLeft.value;
  sendSettings();
});
dualRight.addEventListener('change', () => {
  state.dualRight = dualRight.value;
  sendSettings();
});

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
  renderSummary();
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

// ---- summary ----
/** The summary's rows: the charts the filter shows, in the chosen order. */
function currentSummaryRows(): ReturnType<typeof summaryRows> {
  const shown = (lastData?.charts ?? [])
    .filter((c) => cards.get(c.id)?.element.hidden === false)
    .map((c) => ({ ...c, series: c.series.filter((s) => !state.hiddenRuns.includes(s.run)) }));
  return sortRows(summaryRows(shown, new Map(shownRuns.map((r) => [r.id, r.label]))), state.sort);
}

function summaryAsks(): SummaryAsks {
  return { step: state.summaryStep, threshold: state.threshold };
}

function renderSummary(): void {
  if (!state.summary) return;
  const rows = currentSummaryRows();
  const onSort = (key: SortKey): void => {
    state.sort = { key, descending: state.sort?.key === key ? !state.sort.descending : key !== 'metric' && key !== 'run' };
    saveState();
    renderSummary();
  };
  const scroll = summaryBody.scrollTop;
  summaryBody.replaceChildren(
    rows.length > 0 ? buildSummaryTable(rows, summaryAsks(), state.sort, onSort) : el('p', 'tc-note', 'No charts to summarise.'),
  );
  summaryBody.scrollTop = scroll;
}

summaryToggle.addEventListener('click', () => {
  state.summary = !state.summary;
  summaryToggle.setAttribute('aria-pressed', String(state.summary));
  summaryPanel.hidden = !state.summary;
  saveState();
  renderSummary();
});
copyMarkdown.addEventListener('click', () =>
  vscode.postMessage({ type: 'copy', text: summaryMarkdown(currentSummaryRows(), summaryAsks()), what: 'summary as Markdown' }),
);
copyCsv.addEventListener('click', () =>
  vscode.postMessage({ type: 'copy', text: summaryCsv(currentSummaryRows(), summaryAsks()), what: 'summary as CSV' }),
);
/** An emptied box removes its column; the host computes the new one on the full columns. */
function onAsk(input: HTMLInputElement, set: (value: number | undefined) => void): void {
  input.addEventListener('change', () => {
    const value = input.value.trim() === '' ? undefined : Number(input.value);
    if (value !== undefined && !Number.isFinite(value)) return;
    set(value);
    // A sort by a column that is gone falls back to the host's order.
    const key = state.sort?.key;
    if ((key === 'at' && state.summaryStep === undefined) || (key === 'reached' && state.threshold === undefined)) state.sort = undefined;
    renderSummary();
    sendSettings();
  });
}
onAsk(atStepInput, (value) => (state.summaryStep = value));
onAsk(thresholdInput, (value) => (state.threshold = value));
exportCsv.addEventListener('click', () => vscode.postMessage({ type: 'exportCsv', resolution: 'full' }));
exportShownCsv.addEventListener('click', () => vscode.postMessage({ type: 'exportCsv', resolution: 'shown' }));

// ---- smoothing, axes, outliers and zoom: settings the host builds the data for ----
let settingsTimer: ReturnType<typeof setTimeout> | undefined;
function sendSettings(delay = 0): void {
  saveState();
  clearTimeout(settingsTimer);
  const send = (): void => vscode.postMessage({ type: 'settings', settings: settings() });
  if (delay > 0) settingsTimer = setTimeout(send, delay);
  else send();
}

function redrawAll(): void {
  for (const card of cards.values()) card.applyView();
  showZoom();
}

function showZoom(): void {
  const range = viewOptions().range;
  resetZoom.hidden = range === undefined;
  if (range) {
    const axis = lastData?.xAxis ?? state.xAxis;
    const what = axis === 'step' ? 'steps' : (axisMetric(axis) ?? 'time');
    resetZoom.title = `Showing ${what} ${formatTick(range.min, axis)}–${formatTick(range.max, axis)}. Double-clicking a chart resets too.`;
  }
}

function setRange(range: { min: number; max: number } | undefined): void {
  if (range && !(range.min < range.max)) return;
  if (!range && !state.range) return;
  state.range = range;
  redrawAll();
  sendSettings();
}
resetZoom.addEventListener('click', () => setRange(undefined));

function setWeight(text: string, delay: number): void {
  const weight = Number(text);
  if (!Number.isFinite(weight)) return;
  state.smoothingWeight = Math.min(Math.max(weight, 0), MAX_SMOOTHING_WEIGHT);
  smoothingSlider.value = String(state.smoothingWeight);
  smoothingNumber.value = String(state.smoothingWeight);
  sendSettings(delay);
}
smoothingSlider.addEventListener('input', () => setWeight(smoothingSlider.value, SETTINGS_DELAY_MS));
smoothingNumber.addEventListener('change', () => setWeight(smoothingNumber.value, 0));
smoothingKind.addEventListener('change', () => {
  state.smoothingKind = smoothingKind.value as SmoothingKind;
  sendSettings();
});
xSelect.addEventListener('change', () => {
  const choice = [...X_CHOICES, ...xMetricChoices()].find((c) => c[0] === xSelect.value)!;
  const axisChanged = choice[2] !== state.xAxis;
  state.xAxis = choice[2];
  state.xLog = choice[3];
  // A zoom range is in the old axis' units.
  if (axisChanged) state.range = undefined;
  redrawAll();
  if (axisChanged) sendSettings();
  else saveState();
});
ySelect.addEventListener('change', () => {
  state.yScale = ySelect.value as YScale;
  yFixedGroup.hidden = state.yScale !== 'fixed';
  saveState();
  redrawAll();
});
/** Why the typed range cannot be drawn, or undefined when it can. */
function yFixedError(): string | undefined {
  if (yMinInput.validity.badInput || yMaxInput.validity.badInput) return 'Y min and Y max must be numbers';
  if (state.yMin !== undefined && state.yMax !== undefined && state.yMin >= state.yMax) return 'Y min must be less than Y max';
  return undefined;
}
/** The inputs say whether their range is drawn; an invalid one leaves the axes from the data. */
function showYFixedValidity(): void {
  const error = yFixedError();
  for (const [input, end] of [[yMinInput, 'min'], [yMaxInput, 'max']] as const) {
    input.setAttribute('aria-invalid', String(error !== undefined));
    input.title = error === undefined ? Y_BOUND_TITLES[end] : `${error}: the y axes are drawn from the data.`;
  }
}
for (const [input, end] of [[yMinInput, 'yMin'], [yMaxInput, 'yMax']] as const) {
  input.addEventListener('change', () => {
    state[end] = finiteOr(input.valueAsNumber);
    showYFixedValidity();
    saveState();
    redrawAll();
  });
}
showYFixedValidity();
outliers.addEventListener('change', () => {
  state.ignoreOutliers = outliers.checked;
  sendSettings();
});
groupSelect.addEventListener('change', () => {
  state.groups = groupSelect.value as ViewState['groups'];
  sendSettings();
});
showZoom();

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
vscode.postMessage({ type: 'ready', chartWidth: postedWidth, settings: settings() });

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
  renderRuns();
});
rethemeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
rethemeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

// ---- messages from the host ----
window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
  dispatch<HostToWebview>({ data: showData, error: (m) => showError(m.message) }, message);
});
showXChoices();
applyFilter();
