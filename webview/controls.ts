/**
 * The toolbar's setting controls: smoothing, x axis, y scale, outliers, seed groups and the zoom reset.
 * Smoothing, the x axis, outliers, groups and zoom are settings the host builds the data for (the store
 * sends them); the y scale and a log x axis are drawn by the page alone.
 */
import type { SmoothingKind } from '../src/protocol';
import { MAX_SMOOTHING_WEIGHT } from '../src/core/smoothing';
import type { YScale } from './chart/math';
import { button, el, fillOptions, labelled, numberInput, select } from './dom';
import type { Store } from './store';
import { zoomTitle } from './texts';
import {
  clampWeight,
  finiteOr,
  GROUP_CHOICES,
  SMOOTHING_KINDS,
  viewOptions,
  X_CHOICES,
  xChoicePatch,
  xChoiceValue,
  xMetricChoices,
  Y_CHOICES,
  yBoundsError,
  type Current,
  type ViewState,
  type XChoice,
} from './viewState';

/** The slider sends its setting to the host this long after the last move, not on every pixel. */
const SETTINGS_DELAY_MS = 120;
const RIGHT_AXIS_NOTE = 'A dual-axis chart’s right axis stays from its data.';
const Y_BOUND_TITLES = {
  min: `Lowest value of every chart’s y axis; empty: from the data. ${RIGHT_AXIS_NOTE}`,
  max: `Highest value of every chart’s y axis; empty: from the data. ${RIGHT_AXIS_NOTE}`,
};

export interface Controls {
  /** The control groups, in the toolbar's order. */
  readonly groups: readonly HTMLElement[];
  readonly resetZoom: HTMLButtonElement;
  /** How the cards draw now. */
  readonly view: () => ReturnType<typeof viewOptions>;
  /** Zooms every chart to `range`, or resets the zoom (undefined). */
  readonly setRange: (range: { min: number; max: number } | undefined) => void;
  /** Redraws every chart after a change of how they draw. */
  redrawAll(): void;
  /** Offers the data's x-axis metrics and shows the chosen axis. */
  showXChoices(): void;
  /** Offers seed groups, when the host found runs that differ only by seed (or share a method). */
  offerGroups(offered: boolean): void;
}

/** `applyView` redraws every card with the current view options. */
export function createControls(store: Store, current: Current, applyView: () => void): Controls {
  const state = (): ViewState => store.state;

  const smoothingKind = select(SMOOTHING_KINDS, state().smoothingKind);
  smoothingKind.setAttribute('aria-label', 'Smoothing method');
  const smoothingSlider = el('input', 'tc-slider');
  smoothingSlider.type = 'range';
  const smoothingNumber = el('input', 'tc-number');
  smoothingNumber.type = 'number';
  for (const input of [smoothingSlider, smoothingNumber]) {
    input.min = '0';
    input.max = String(MAX_SMOOTHING_WEIGHT);
    input.step = '0.001';
    input.value = String(state().smoothingWeight);
  }
  smoothingNumber.setAttribute('aria-label', 'Smoothing weight (number)');
  const smoothingGroup = el('span', 'tc-group');
  smoothingGroup.append(
    labelled('Smoothing', smoothingSlider, 'tc-smoothing'),
    smoothingKind,
    smoothingSlider,
    smoothingNumber,
  );

  const xSelect = select(X_CHOICES, 'step');
  // Logged metrics that only grow (tokens seen, …), as the host names them; filled in by showXChoices.
  const xMetricOptions = el('optgroup', '');
  xMetricOptions.label = 'Logged metric';
  const xGroup = el('span', 'tc-group');
  xGroup.append(labelled('X', xSelect, 'tc-x-axis'), xSelect);
  xSelect.title = 'X axis';

  const ySelect = select(Y_CHOICES, state().yScale);
  ySelect.title = 'Y axis scale';
  // The Fixed range's two ends, shown while Fixed is chosen.
  const yMinInput = numberInput(state().yMin, 'min', Y_BOUND_TITLES.min);
  const yMaxInput = numberInput(state().yMax, 'max', Y_BOUND_TITLES.max);
  yMinInput.setAttribute('aria-label', 'Y min');
  yMaxInput.setAttribute('aria-label', 'Y max');
  const yFixedGroup = el('span', 'tc-group');
  yFixedGroup.append(yMinInput, el('span', 'tc-label', '–'), yMaxInput);
  yFixedGroup.hidden = state().yScale !== 'fixed';
  const yGroup = el('span', 'tc-group');
  yGroup.append(labelled('Y', ySelect, 'tc-y-scale'), ySelect, yFixedGroup);

  const outliers = el('input', 'tc-checkbox');
  outliers.type = 'checkbox';
  outliers.checked = state().ignoreOutliers;
  outliers.title = 'Clip each chart’s y range to the 5th–95th percentile of its values';
  const outliersGroup = el('span', 'tc-group');
  outliersGroup.append(outliers, labelled('Ignore outliers', outliers, 'tc-outliers'));

  const groupSelect = select(GROUP_CHOICES, state().groups);
  groupSelect.title = 'Draw runs that differ only by seed as one line: their mean, with a band';
  const groupGroup = el('span', 'tc-group');
  groupGroup.append(labelled('Seeds', groupSelect, 'tc-groups'), groupSelect);
  groupGroup.hidden = true;
  const resetZoom = button('tc-toggle', 'Reset zoom');

  const metricChoices = (): XChoice[] => xMetricChoices(current.data?.xMetrics, state().xAxis);
  const showXChoices = (): void => {
    const choices = metricChoices();
    fillOptions(xMetricOptions, choices);
    // An empty group would still show its label.
    if (choices.length === 0) xMetricOptions.remove();
    else xSelect.appendChild(xMetricOptions);
    xSelect.value = xChoiceValue(choices, state());
  };

  const yError = (): string | undefined =>
    yBoundsError(yMinInput.validity.badInput || yMaxInput.validity.badInput, state().yMin, state().yMax);
  const view = (): ReturnType<typeof viewOptions> => viewOptions(state(), current.data?.xAxis, yError());
  /** The inputs say whether their range is drawn; an invalid one leaves the axes from the data. */
  const showYFixedValidity = (): void => {
    const error = yError();
    for (const [input, end] of [
      [yMinInput, 'min'],
      [yMaxInput, 'max'],
    ] as const) {
      input.setAttribute('aria-invalid', String(error !== undefined));
      input.title = error === undefined ? Y_BOUND_TITLES[end] : `${error}: the y axes are drawn from the data.`;
    }
  };

  const showZoom = (): void => {
    const range = view().range;
    resetZoom.hidden = range === undefined;
    if (range) resetZoom.title = zoomTitle(range, current.data?.xAxis ?? state().xAxis);
  };
  const redrawAll = (): void => {
    applyView();
    showZoom();
  };
  const setRange = (range: { min: number; max: number } | undefined): void => {
    if (range && !(range.min < range.max)) return;
    if (!range && !state().range) return;
    store.update({ range });
    redrawAll();
  };

  const setWeight = (text: string, delay: number): void => {
    const weight = Number(text);
    if (!Number.isFinite(weight)) return;
    store.update({ smoothingWeight: clampWeight(weight) }, delay);
    smoothingSlider.value = String(state().smoothingWeight);
    smoothingNumber.value = String(state().smoothingWeight);
  };
  smoothingSlider.addEventListener('input', () => setWeight(smoothingSlider.value, SETTINGS_DELAY_MS));
  smoothingNumber.addEventListener('change', () => setWeight(smoothingNumber.value, 0));
  smoothingKind.addEventListener('change', () => store.update({ smoothingKind: smoothingKind.value as SmoothingKind }));
  xSelect.addEventListener('change', () => {
    store.update(xChoicePatch(xSelect.value, metricChoices(), state()));
    redrawAll();
  });
  ySelect.addEventListener('change', () => {
    store.update({ yScale: ySelect.value as YScale });
    yFixedGroup.hidden = state().yScale !== 'fixed';
    redrawAll();
  });
  for (const [input, end] of [
    [yMinInput, 'yMin'],
    [yMaxInput, 'yMax'],
  ] as const) {
    input.addEventListener('change', () => {
      store.update({ [end]: finiteOr(input.valueAsNumber) });
      showYFixedValidity();
      redrawAll();
    });
  }
  outliers.addEventListener('change', () => store.update({ ignoreOutliers: outliers.checked }));
  groupSelect.addEventListener('change', () => store.update({ groups: groupSelect.value as ViewState['groups'] }));
  resetZoom.addEventListener('click', () => setRange(undefined));
  showYFixedValidity();
  showZoom();
  showXChoices();

  return {
    groups: [smoothingGroup, xGroup, yGroup, outliersGroup, groupGroup],
    resetZoom,
    view,
    setRange,
    redrawAll,
    showXChoices,
    offerGroups: (offered) => (groupGroup.hidden = !offered),
  };
}
