/**
 * The methods panel (issue #16): for a chosen metric, each method's statistics over its seeds and each
 * pair's differences with 95% intervals, as tables and sentences, copied or saved as LaTeX and Markdown.
 * The host computes it from the full columns (CompareMethodsMessage → MethodsMessage); the page draws it.
 */
import type { MethodsMessage, MethodsView, WebviewToHost } from '../src/protocol';
import { button, el, fillSelect, labelled, numberInput, toggleButton } from './dom';
import { fileBase } from './exports';
import { methodsContent } from './methodsTable';
import type { Store } from './store';
import { methodsAsk, offersMethods, type Current } from './viewState';

/** How long the report waits for the host's comparison before it goes without. */
const ANSWER_TIMEOUT_MS = 10_000;

export interface MethodsPanel {
  readonly element: HTMLElement;
  /** The toolbar's toggle, shown when the view's runs form methods. */
  readonly toggle: HTMLButtonElement;
  /** New data: offers the panel or not, and asks the host when it is open and has not asked yet. */
  offer(): void;
  /** The host's answer. */
  show(message: MethodsMessage): void;
  /** Opens the panel and puts the focus on its metric (the palette's command). */
  open(): void;
  /** The comparison for the panel's current choices (asked of the host if need be); undefined without methods. */
  latest(): Promise<MethodsView | undefined>;
}

export function createMethodsPanel(
  store: Store,
  current: Current,
  post: (message: WebviewToHost) => void,
): MethodsPanel {
  const element = el('section', 'tc-methods');
  element.setAttribute('aria-label', 'Compare methods');
  const title = el('h2', 'tc-section-title', 'Compare methods');
  const metric = el('select', 'tc-select tc-methods-metric');
  const goal = el('span', 'tc-label tc-goal');
  const k = numberInput(store.state.methodsK, 'k', 'How many last logged values the final value averages');
  k.min = '1';
  k.step = '1';
  const threshold = numberInput(
    store.state.methodsThreshold,
    'value',
    'Add a column with the first step each seed reaches this value (at or above it; at or below for losses)',
  );
  const group = (...parts: HTMLElement[]): HTMLElement => {
    const span = el('span', 'tc-group');
    span.append(...parts);
    return span;
  };
  const header = el('div', 'tc-summary-header');
  header.append(
    title,
    group(labelled('Metric', metric, 'tc-methods-metric'), metric, goal),
    group(labelled('Final: last', k, 'tc-methods-k'), k),
    group(labelled('Step reaching', threshold, 'tc-methods-threshold'), threshold),
  );
  const actions = el('div', 'tc-methods-actions');
  const copySentences = button('tc-link', 'Copy sentences');
  const copyLatex = button('tc-link', 'Copy tables as LaTeX');
  const copyMarkdown = button('tc-link', 'Copy tables as Markdown');
  const saveLatex = button('tc-link', 'Save as LaTeX…');
  const saveMarkdown = button('tc-link', 'Save as Markdown…');
  saveLatex.title = 'The two tables as a .tex file (booktabs)';
  saveMarkdown.title = 'The two tables as a .md file';
  actions.append(copySentences, copyLatex, copyMarkdown, saveLatex, saveMarkdown);
  const body = el('div', 'tc-methods-body');
  element.append(header, actions, body);

  let offered = false;
  /** Whether the host follows the panel's ask (answers again after each data message). */
  let following = false;
  let last: MethodsMessage | undefined;
  let waiting: ((view: MethodsView | undefined) => void)[] = [];
  const key = (): string => JSON.stringify(methodsAsk(store.state));
  const answered = (): MethodsView | undefined => (last && JSON.stringify(last.ask) === key() ? last.view : undefined);
  const isOpen = (): boolean => offered && store.state.methods;

  const ask = (): void => {
    following = isOpen();
    post({ type: 'compareMethods', ask: methodsAsk(store.state), follow: following });
  };
  const stop = (): void => {
    if (following) post({ type: 'compareMethods', follow: false });
    following = false;
  };

  const render = (): void => {
    const view = answered();
    const hasTables = view !== undefined && view.methods.length > 0;
    for (const b of [copyLatex, copyMarkdown, saveLatex, saveMarkdown]) b.disabled = !hasTables;
    copySentences.disabled = !view || view.sentences.length === 0;
    if (!view) {
      body.replaceChildren(el('p', 'tc-note', 'Comparing…'));
      return;
    }
    fillSelect(metric, view.metrics, view.metric ?? '');
    goal.textContent = view.metric === undefined ? '' : view.goal === 'min' ? 'lower is better' : 'higher is better';
    body.replaceChildren(...methodsContent(view));
  };

  const showPanel = (): void => {
    element.hidden = !isOpen();
    toggle.hidden = !offered;
    toggle.setAttribute('aria-pressed', String(isOpen()));
    if (isOpen()) {
      if (!following || !answered()) ask();
      render();
    } else stop();
  };

  const toggle = toggleButton(
    'Compare methods',
    'Compare the methods (seed groups) of this view on a metric: statistics over seeds, differences with 95% intervals',
    isOpen(),
    (open) => {
      store.update({ methods: open });
      showPanel();
    },
  );
  toggle.hidden = true;
  element.hidden = true;

  metric.addEventListener('change', () => {
    store.update({ methodsMetric: metric.value });
    ask();
    render();
  });
  const onNumber = (input: HTMLInputElement, patch: (value: number | undefined) => void): void => {
    input.addEventListener('change', () => {
      const value = input.value.trim() === '' ? undefined : Number(input.value);
      if (value !== undefined && !Number.isFinite(value)) return;
      patch(value);
      ask();
      render();
    });
  };
  onNumber(k, (value) => {
    const whole = Math.min(1000, Math.max(1, Math.round(value ?? 3)));
    k.value = String(whole);
    store.update({ methodsK: whole });
  });
  onNumber(threshold, (methodsThreshold) => store.update({ methodsThreshold }));

  const copy = (what: 'comparison sentences' | 'comparison as LaTeX' | 'comparison as Markdown', text = ''): void => {
    if (text !== '') post({ type: 'copy', text, what });
  };
  copySentences.addEventListener('click', () => copy('comparison sentences', answered()?.sentences.join('\n')));
  copyLatex.addEventListener('click', () => copy('comparison as LaTeX', answered()?.latex));
  copyMarkdown.addEventListener('click', () => copy('comparison as Markdown', answered()?.markdown));
  const save = (format: 'tex' | 'md'): void => {
    const view = answered();
    const text = format === 'tex' ? view?.latex : view?.markdown;
    if (view && text) post({ type: 'exportFile', format, name: `${fileBase(view.label)}-methods.${format}`, text });
  };
  saveLatex.addEventListener('click', () => save('tex'));
  saveMarkdown.addEventListener('click', () => save('md'));

  return {
    element,
    toggle,
    offer: () => {
      offered = offersMethods(current.data);
      showPanel();
    },
    show: (message) => {
      if (JSON.stringify(message.ask) !== key()) return;
      last = message;
      const waiters = waiting;
      waiting = [];
      for (const resolve of waiters) resolve(message.view);
      if (isOpen()) render();
    },
    open: () => {
      if (!offered) return;
      store.update({ methods: true });
      showPanel();
      element.scrollIntoView({ block: 'nearest' });
      metric.focus();
    },
    latest: () => {
      if (!offered) return Promise.resolve(undefined);
      const view = answered();
      if (view) return Promise.resolve(view);
      return new Promise((resolve) => {
        waiting.push(resolve);
        ask();
        setTimeout(() => resolve(undefined), ANSWER_TIMEOUT_MS);
      });
    },
  };
}
