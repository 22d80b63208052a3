/**
 * The chart cards, one section of them per benchmark or diagnostics group: created, updated in place and
 * removed as data messages come (they may repeat: partial, complete, live appends), kept in the host's order.
 */
import type { SvgChart } from '../src/core/export/svg';
import type { ChartPayload, WebviewToHost } from '../src/protocol';
import { svgChartOf } from './chart/svg';
import { ChartCard, type CardContext, type ViewOptions } from './chartCard';
import { button, el } from './dom';
import { emptyText } from './texts';
import { readTheme, RunStyles, type Theme } from './theme';
import type { Tooltip } from './tooltip';
import type { Current } from './viewState';

/** Until a chart is drawn, its plot width is estimated as its card's inner width minus room for y tick labels. */
const Y_AXIS_ALLOWANCE = 56;

interface Section {
  readonly element: HTMLElement;
  readonly grid: HTMLElement;
}

export interface CardsDeps {
  readonly view: () => ViewOptions;
  readonly setRange: (range: { min: number; max: number } | undefined) => void;
  readonly isHidden: (run: string) => boolean;
  readonly toggleRun: (run: string) => void;
  post(message: WebviewToHost): void;
  /** Save these charts as one SVG figure, under `heading` (a grid), with the suggested file name `name`. */
  saveSvg(charts: readonly SvgChart[], heading: string | undefined, name: string): void;
}

export interface Cards {
  /** Gives these runs and groups colours in this order, before any chart asks for one. */
  colourFirst(ids: readonly string[]): void;
  colour(run: string): string;
  /** Shows these charts, in this order, under their sections; `table` shows each one's data table. */
  show(charts: readonly ChartPayload[], table: boolean): void;
  /** Shows the cards whose name passes `test` (and the sections holding any), or the note why there are none. */
  filter(test: (text: string) => boolean): { shown: number; total: number };
  /** Whether this chart has a card the filter shows. */
  isShown(id: string): boolean;
  /** The charts the filter shows, in page order, as their SVG figures draw them. */
  svgCharts(): SvgChart[];
  applyView(): void;
  applyRuns(): void;
  setTableVisible(visible: boolean): void;
  /** Reads the theme again and re-colours the cards; says whether it changed. */
  retheme(): boolean;
  /** The width a chart's plot has, measured on a drawn chart or estimated before there is one. */
  readonly plotWidth: () => number;
}

/** `root` holds the sections; `empty` is the note shown where no chart is. */
export function createCards(
  root: HTMLElement,
  empty: HTMLElement,
  tooltip: Tooltip,
  current: Current,
  deps: CardsDeps,
): Cards {
  let theme: Theme = readTheme();
  const runs = new RunStyles();
  const cards = new Map<string, ChartCard>();
  const sections = new Map<string, Section>();
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

  const context: CardContext = {
    theme: () => theme,
    view: deps.view,
    setRange: deps.setRange,
    savePng: (name, dataUrl) => deps.post({ type: 'savePng', name, dataUrl }),
    saveSvg: (card) => deps.saveSvg([svgChartOf(card)], undefined, card.payload.id),
    runs,
    tooltip,
    isHidden: deps.isHidden,
    toggleRun: deps.toggleRun,
    runCount: () => current.data?.runs.length ?? 0,
    hovered: (source, step) => {
      hoverStep = step;
      // A move redraws the cards in view; the end of the hover clears every card (those without a guide return at once).
      for (const card of step === undefined ? cards.values() : onScreen) if (card !== source) card.follow(step);
    },
    isRun: (run) => current.data?.runs.some((r) => r.id === run) ?? false,
    revealLine: (run, step) => deps.post({ type: 'revealLine', run, step }),
  };

  const sectionFor = (chart: ChartPayload): Section => {
    const key = `${chart.dual ? 'dual' : chart.sectionKind}\u0000${chart.section}`;
    let section = sections.get(key);
    if (!section) {
      // Dual-axis charts are small multiples (reference figure 4): more of them to a row.
      const element = el('section', `tc-section tc-${chart.sectionKind}${chart.dual ? ' tc-dual' : ''}`);
      const header = el('div', 'tc-section-header');
      const heading = el('h2', 'tc-section-title', chart.section);
      const save = button('tc-icon-button', 'SVG');
      save.title = 'Save the charts of this section, as drawn, as one SVG figure';
      save.setAttribute('aria-label', `Save the ${chart.section} charts as SVG`);
      header.append(heading, save);
      const grid = el('div', 'tc-grid');
      element.append(header, grid);
      const shown = { element, grid };
      save.addEventListener('click', () => deps.saveSvg(svgsIn(shown), chart.section, chart.section));
      section = shown;
      sections.set(key, section);
    }
    return section;
  };

  const show = (charts: readonly ChartPayload[], table: boolean): void => {
    const order = new Map<Section, HTMLElement[]>();
    const seen = new Set<string>();
    for (const chart of charts) {
      seen.add(chart.id);
      let card = cards.get(chart.id);
      if (card) card.update(chart);
      else {
        card = new ChartCard(chart, context, table);
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
    arrange(
      root,
      [...order.keys()].map((s) => s.element),
    );
  };

  const filter = (test: (text: string) => boolean): { shown: number; total: number } => {
    let shown = 0;
    for (const card of cards.values()) {
      const visible = test(card.searchText);
      card.element.hidden = !visible;
      if (visible) shown++;
    }
    for (const section of sections.values()) {
      section.element.hidden = ![...section.grid.children].some((c) => !(c as HTMLElement).hidden);
    }
    const note = emptyText(current.data, shown, cards.size);
    if (note !== undefined) empty.textContent = note;
    empty.hidden = note === undefined;
    return { shown, total: cards.size };
  };

  const plotWidth = (): number => {
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
    root.appendChild(probe);
    const width = wrap.clientWidth;
    probe.remove();
    return Math.max(1, Math.round(width - Y_AXIS_ALLOWANCE));
  };

  /** The cards the filter shows under `section` (all sections without one), in page order. */
  const svgsIn = (section?: Section): SvgChart[] =>
    [...root.querySelectorAll<HTMLElement>('.tc-card')]
      .filter((e) => !e.hidden && (!section || e.parentElement === section.grid))
      .flatMap((e) => {
        const card = cardOf.get(e);
        return card ? [svgChartOf(card)] : [];
      });

  const each = (f: (card: ChartCard) => void): void => {
    for (const card of cards.values()) f(card);
  };
  return {
    colourFirst: (ids) => ids.forEach((id) => runs.index(id)),
    colour: (run) => runs.colour(run, theme),
    show,
    filter,
    isShown: (id) => cards.get(id)?.element.hidden === false,
    svgCharts: () => svgsIn(),
    applyView: () => each((card) => card.applyView()),
    applyRuns: () => each((card) => card.applyRuns()),
    setTableVisible: (visible) => each((card) => card.setTableVisible(visible)),
    retheme: () => {
      const next = readTheme();
      if (JSON.stringify(next) === JSON.stringify(theme)) return false;
      theme = next;
      each((card) => card.applyTheme());
      return true;
    },
    plotWidth,
  };
}

/** Puts `children` in this order under `parent`, moving only the nodes that are out of place. */
function arrange(parent: HTMLElement, children: readonly HTMLElement[]): void {
  let ref = parent.firstElementChild;
  for (const child of children) {
    if (child === ref) ref = ref.nextElementSibling;
    else parent.insertBefore(child, ref);
  }
}
