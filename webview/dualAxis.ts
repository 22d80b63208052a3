/** Dual-axis mode (reference figure 4): offered when some benchmark logs both a score and a length. */
import type { DualAxisChoices } from '../src/protocol';
import { el, fillSelect, labelled, toggleButton } from './dom';
import type { Store } from './store';

export interface DualAxis {
  readonly element: HTMLElement;
  /** Offers the mode when the host found pairs; picks the most common names until the user chooses. */
  show(choices: DualAxisChoices | undefined): void;
}

export function createDualAxis(store: Store): DualAxis {
  const left = el('select', 'tc-select');
  const right = el('select', 'tc-select');
  const selects = el('span', 'tc-group');
  selects.append(labelled('Left', left, 'tc-dual-left'), left, labelled('Right', right, 'tc-dual-right'), right);
  left.title = 'Metric on the left y axis';
  right.title = 'Metric on the right y axis';
  const toggle = toggleButton(
    'Dual axis',
    'One chart per benchmark with a score on the left axis and a length on the right',
    store.state.dualAxis,
    (dualAxis) => {
      store.update({ dualAxis });
      selects.hidden = !dualAxis;
    },
  );
  const element = el('span', 'tc-group');
  element.append(toggle, selects);
  element.hidden = true;
  left.addEventListener('change', () => store.update({ dualLeft: left.value }));
  right.addEventListener('change', () => store.update({ dualRight: right.value }));

  const show = (choices: DualAxisChoices | undefined): void => {
    element.hidden = choices === undefined;
    if (!choices) return;
    const { dualLeft, dualRight, dualAxis } = store.state;
    // The host offers at least one name for each axis; '' is the store's "none".
    const leftName = choices.left.includes(dualLeft) ? dualLeft : (choices.left[0] ?? '');
    const rightName = choices.right.includes(dualRight) ? dualRight : (choices.right[0] ?? '');
    fillSelect(left, choices.left, leftName);
    fillSelect(right, choices.right, rightName);
    selects.hidden = !dualAxis;
    // In dual-axis mode the host was asked for names this data does not have: the store asks for the shown ones.
    if (leftName !== dualLeft || rightName !== dualRight) store.update({ dualLeft: leftName, dualRight: rightName });
  };
  return { element, show };
}
