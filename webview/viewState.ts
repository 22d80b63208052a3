/**
 * The page's view state: what survives the webview being hidden and shown again, how a saved copy is
 * read back whatever it holds, and what the page derives from it (the host's settings, how charts draw).
 * No DOM here, so plain Node tests read it.
 */
import {
  axisMetric,
  metricAxis,
  type BandKind,
  type DataMessage,
  type RunInfo,
  type SmoothingKind,
  type ViewSettings,
  type XAxis,
} from '../src/protocol';
import { DEFAULT_K, MAX_K, type MethodsAsk } from '../src/core/methodsTypes';
import { MAX_SMOOTHING_WEIGHT } from '../src/core/smoothing';
import type { YBounds, YScale } from './chart/math';
import { SORT_KEYS, type Sort, type SortKey } from './summary';

export const SMOOTHING_KINDS: readonly (readonly [SmoothingKind, string, string])[] = [
  ['ema', 'EMA', 'Exponential moving average, de-biased (TensorBoard)'],
  ['twema', 'Time EMA', 'Exponential moving average weighted by the x distance between points (W&B)'],
  ['average', 'Running avg', 'Mean of the last 1/(1 − weight) points'],
];
/** The x-axis select: the host's x axis, and whether it is drawn log-scaled (a metric's choice is its axis, linear). */
export type XChoice = readonly [string, string, XAxis, boolean];
export const X_CHOICES: readonly XChoice[] = [
  ['step', 'Step', 'step', false],
  ['step-log', 'Step (log)', 'step', true],
  ['relative', 'Rel. time', 'relative', false],
  ['wall', 'Wall time', 'wall', false],
];
export const GROUP_CHOICES: readonly (readonly [BandKind | 'off', string, string])[] = [
  ['off', 'separate', 'Each run on its own line'],
  ['minmax', 'mean ± min–max', 'One line per seed group: the mean, with the lowest and highest run around it'],
  ['std', 'mean ± std', 'One line per seed group: the mean ± the sample standard deviation'],
  ['sem', 'mean ± s.e.', 'One line per seed group: the mean ± the standard error of the mean'],
];
export const Y_CHOICES: readonly (readonly [YScale, string])[] = [
  ['linear', 'Linear'],
  ['zero', 'From 0'],
  ['log', 'Log'],
  ['fixed', 'Fixed…'],
];

/** UI state that survives the webview being hidden and shown again. */
export interface ViewState {
  readonly filter: string;
  readonly regex: boolean;
  readonly table: boolean;
  readonly summary: boolean;
  readonly sort: Sort | undefined;
  readonly smoothingKind: SmoothingKind;
  readonly smoothingWeight: number;
  readonly xAxis: XAxis;
  readonly xLog: boolean;
  readonly yScale: YScale;
  /** The ends of the Fixed y range as typed (undefined: empty, from the data); kept while another scale is chosen. */
  readonly yMin: number | undefined;
  readonly yMax: number | undefined;
  readonly ignoreOutliers: boolean;
  readonly range: { readonly min: number; readonly max: number } | undefined;
  /** Runs the user hid (RunInfo.id): hidden in every chart, the tables and the summary. */
  readonly hiddenRuns: readonly string[];
  /** Dual-axis mode, and the metric names of its two axes (empty until chosen or defaulted). */
  readonly dualAxis: boolean;
  readonly dualLeft: string;
  readonly dualRight: string;
  /** Seed groups drawn as their mean with this band, or each run on its own. */
  readonly groups: BandKind | 'off';
  /** The summary's chosen step and threshold (undefined: the column is not shown). */
  readonly summaryStep: number | undefined;
  readonly threshold: number | undefined;
  /** The methods panel: shown or not, its metric ('' for the host's default), k and threshold. */
  readonly methods: boolean;
  readonly methodsMetric: string;
  readonly methodsK: number;
  readonly methodsThreshold: number | undefined;
  /** The host's own description of this view (DataMessage.restore), handed back to it after a reload. */
  readonly restore: unknown;
}

/** What the host last sent, and the lines the run list shows for it (see linesOf); empty until data comes. */
export interface Current {
  data: DataMessage | undefined;
  lines: readonly RunInfo[];
}

function oneOf<T extends string>(value: unknown, choices: readonly T[], fallback: T): T {
  return choices.includes(value as T) ? (value as T) : fallback;
}

/** A saved x axis: a fixed one, or a metric's. */
export function savedXAxis(value: unknown): XAxis {
  if (typeof value === 'string' && axisMetric(value as XAxis) !== undefined) return value as XAxis;
  return oneOf(value, ['step', 'relative', 'wall'], 'step');
}

export function finiteOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function clampWeight(weight: number): number {
  return Math.min(Math.max(weight, 0), MAX_SMOOTHING_WEIGHT);
}

function isRange(value: unknown): value is { min: number; max: number } {
  const r = value as { min?: unknown; max?: unknown } | null;
  return typeof r === 'object' && r !== null && typeof r.min === 'number' && typeof r.max === 'number' && r.min < r.max;
}

/** The state saved by an earlier page (vscode.getState), field by field: anything unreadable gets its default. */
export function loadState(raw: unknown): ViewState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof ViewState, unknown>>;
  const sort = s.sort as Partial<Sort> | undefined;
  return {
    filter: typeof s.filter === 'string' ? s.filter : '',
    regex: s.regex === true,
    table: s.table === true,
    summary: s.summary === true,
    sort:
      sort && SORT_KEYS.includes(sort.key as SortKey)
        ? { key: sort.key as SortKey, descending: sort.descending === true }
        : undefined,
    smoothingKind: oneOf(
      s.smoothingKind,
      SMOOTHING_KINDS.map((k) => k[0]),
      'ema',
    ),
    smoothingWeight: clampWeight(typeof s.smoothingWeight === 'number' ? s.smoothingWeight : 0),
    xAxis: savedXAxis(s.xAxis),
    xLog: s.xLog === true,
    yScale: oneOf(
      s.yScale,
      Y_CHOICES.map((c) => c[0]),
      'linear',
    ),
    yMin: finiteOr(s.yMin),
    yMax: finiteOr(s.yMax),
    ignoreOutliers: s.ignoreOutliers === true,
    range: isRange(s.range) ? s.range : undefined,
    hiddenRuns: Array.isArray(s.hiddenRuns) ? s.hiddenRuns.filter((r): r is string => typeof r === 'string') : [],
    dualAxis: s.dualAxis === true,
    dualLeft: typeof s.dualLeft === 'string' ? s.dualLeft : '',
    dualRight: typeof s.dualRight === 'string' ? s.dualRight : '',
    groups: oneOf(
      s.groups,
      GROUP_CHOICES.map((c) => c[0]),
      'off',
    ),
    summaryStep: finiteOr(s.summaryStep),
    threshold: finiteOr(s.threshold),
    methods: s.methods === true,
    methodsMetric: typeof s.methodsMetric === 'string' ? s.methodsMetric : '',
    methodsK:
      typeof s.methodsK === 'number' && Number.isInteger(s.methodsK) && s.methodsK >= 1 && s.methodsK <= MAX_K
        ? s.methodsK
        : DEFAULT_K,
    methodsThreshold: finiteOr(s.methodsThreshold),
    restore: s.restore,
  };
}

/** The part of the state the host builds the data from. */
export function hostSettings(state: ViewState): ViewSettings {
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

/** The metrics offered as x axes, plus the chosen one even before (or after) the data has it, so the select can show it. */
export function xMetricChoices(xMetrics: readonly string[] | undefined, xAxis: XAxis): XChoice[] {
  const names = [...(xMetrics ?? [])];
  const chosen = axisMetric(xAxis);
  if (chosen !== undefined && !names.includes(chosen)) names.push(chosen);
  return names.map((name) => [metricAxis(name), name, metricAxis(name), false]);
}

/** The x select's value for the state's axis and log flag. */
export function xChoiceValue(metricChoices: readonly XChoice[], state: ViewState): string {
  return [...X_CHOICES, ...metricChoices].find((c) => c[2] === state.xAxis && c[3] === state.xLog)?.[0] ?? 'step';
}

/** The change of state when the x select shows `value`; a zoom range is in the old axis' units, so a new axis drops it. */
export function xChoicePatch(value: string, metricChoices: readonly XChoice[], state: ViewState): Partial<ViewState> {
  const choice = [...X_CHOICES, ...metricChoices].find((c) => c[0] === value)!;
  const axisChanged = choice[2] !== state.xAxis;
  return { xAxis: choice[2], xLog: choice[3], ...(axisChanged && { range: undefined }) };
}

/** Why the typed Fixed range cannot be drawn (`badInput`: a box holds what is not a number), or undefined when it can. */
export function yBoundsError(
  badInput: boolean,
  yMin: number | undefined,
  yMax: number | undefined,
): string | undefined {
  if (badInput) return 'Y min and Y max must be numbers';
  if (yMin !== undefined && yMax !== undefined && yMin >= yMax) return 'Y min must be less than Y max';
  return undefined;
}

/**
 * How the cards draw. The x axis is the data's (`dataAxis`: the host may not have caught up with the
 * select yet), and the zoom range only applies on the axis it was chosen on.
 */
export function viewOptions(state: ViewState, dataAxis: XAxis | undefined, yError: string | undefined) {
  const xAxis = dataAxis ?? state.xAxis;
  const fixed =
    state.yScale === 'fixed' && yError === undefined && (state.yMin !== undefined || state.yMax !== undefined);
  const yFixed: YBounds | undefined = fixed ? { min: state.yMin, max: state.yMax } : undefined;
  return {
    xAxis,
    xLog: state.xLog,
    yScale: state.yScale,
    yFixed,
    range: xAxis === state.xAxis ? state.range : undefined,
  };
}

/** A click on a column's header: again on the sorted one reverses it; a new numeric column starts highest first. */
export function nextSort(sort: Sort | undefined, key: SortKey): Sort {
  return { key, descending: sort?.key === key ? !sort.descending : key !== 'metric' && key !== 'run' };
}

/** The sort once the summary's asked columns changed: a sort by a column that is gone falls back to the host's order. */
export function sortWithAsks(
  sort: Sort | undefined,
  step: number | undefined,
  threshold: number | undefined,
): Sort | undefined {
  if ((sort?.key === 'at' && step === undefined) || (sort?.key === 'reached' && threshold === undefined))
    return undefined;
  return sort;
}

/** The lines of the view: its runs, and with grouping on, each group in place of its first member. */
export function linesOf(message: DataMessage, groupsShown: ViewState['groups']): RunInfo[] {
  const groups = groupsShown === 'off' ? [] : (message.groups ?? []);
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

/** What the methods panel asks the host for. */
export function methodsAsk(state: ViewState): MethodsAsk {
  return {
    ...(state.methodsMetric !== '' && { metric: state.methodsMetric }),
    k: state.methodsK,
    ...(state.methodsThreshold !== undefined && { threshold: state.methodsThreshold }),
  };
}

/** Whether a view's runs form methods to compare: two or more (seed groups counted once), or a seed group. */
export function offersMethods(message: DataMessage | undefined): boolean {
  if (!message) return false;
  return linesOf(message, 'minmax').length >= 2 || (message.groups ?? []).length > 0;
}
