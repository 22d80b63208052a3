/** The runs of a comparison, each with its colour and a checkbox to hide it in every chart. */
import { el } from './dom';
import type { Store } from './store';
import type { Current } from './viewState';

export interface RunList {
  readonly element: HTMLFieldSetElement;
  /** Lists the view's lines (Current.lines) again, with their colours now. */
  render(): void;
  /** Hides or shows a run (RunInfo.id, or a seed group's id) everywhere. */
  setHidden(run: string, hidden: boolean): void;
}

export interface RunListDeps {
  colour(run: string): string;
  /** A run was hidden or shown: the charts and the summary follow. */
  changed(): void;
  /** Says `text` to screen readers. */
  announce(text: string): void;
}

export function createRunList(store: Store, current: Current, deps: RunListDeps): RunList {
  const element = el('fieldset', 'tc-runs');
  element.hidden = true;

  const render = (): void => {
    element.hidden = current.lines.length < 2;
    const legend = el('legend', 'tc-label', 'Runs');
    const items = current.lines.map((run) => {
      const box = el('input', 'tc-checkbox');
      box.type = 'checkbox';
      box.checked = !store.state.hiddenRuns.includes(run.id);
      box.addEventListener('change', () => setHidden(run.id, !box.checked));
      const swatch = el('span', 'tc-swatch');
      swatch.style.backgroundColor = deps.colour(run.id);
      const item = el('label', 'tc-run');
      item.title = `Show ${run.label} in every chart`;
      item.append(box, swatch, el('span', 'tc-run-label', run.label));
      return item;
    });
    element.replaceChildren(legend, ...items);
  };

  const setHidden = (run: string, hidden: boolean): void => {
    const others = store.state.hiddenRuns.filter((r) => r !== run);
    store.update({ hiddenRuns: hidden ? [...others, run] : others });
    const box = [...element.querySelectorAll('input')][current.lines.findIndex((r) => r.id === run)];
    if (box) box.checked = !hidden;
    deps.changed();
    const label = current.lines.find((r) => r.id === run)?.label ?? run;
    deps.announce(`${label} ${hidden ? 'hidden' : 'shown'}`);
  };

  return { element, render, setHidden };
}
