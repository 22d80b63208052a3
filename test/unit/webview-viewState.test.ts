import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataMessage } from '../../src/protocol';
import { MAX_SMOOTHING_WEIGHT } from '../../src/core/smoothing';
import {
  hostSettings,
  linesOf,
  loadState,
  methodsAsk,
  nextSort,
  offersMethods,
  savedXAxis,
  sortWithAsks,
  viewOptions,
  xChoicePatch,
  xChoiceValue,
  xMetricChoices,
  yBoundsError,
  type ViewState,
} from '../../webview/viewState';

const defaults = loadState(undefined);

function state(patch: Partial<ViewState>): ViewState {
  return { ...defaults, ...patch };
}

test('no saved state, or one that is not an object, reads as the defaults', () => {
  assert.deepEqual(defaults, {
    filter: '',
    regex: false,
    table: false,
    summary: false,
    sort: undefined,
    smoothingKind: 'ema',
    smoothingWeight: 0,
    xAxis: 'step',
    xLog: false,
    yScale: 'linear',
    yMin: undefined,
    yMax: undefined,
    ignoreOutliers: false,
    range: undefined,
    hiddenRuns: [],
    dualAxis: false,
    dualLeft: '',
    dualRight: '',
    groups: 'off',
    summaryStep: undefined,
    threshold: undefined,
    methods: false,
    methodsMetric: '',
    methodsK: 3,
    methodsThreshold: undefined,
    restore: undefined,
  });
  for (const raw of [null, 'state', 42, []]) assert.deepEqual(loadState(raw), defaults, JSON.stringify(raw));
});

test('a saved state reads back as it was saved', () => {
  const saved = state({
    filter: '/acc/',
    regex: true,
    table: true,
    summary: true,
    sort: { key: 'best', descending: true },
    smoothingKind: 'twema',
    smoothingWeight: 0.6,
    xAxis: 'metric:perf/total_num_tokens',
    xLog: false,
    yScale: 'fixed',
    yMin: 0,
    yMax: 1,
    ignoreOutliers: true,
    range: { min: 10, max: 20 },
    hiddenRuns: ['b'],
    dualAxis: true,
    dualLeft: 'acc',
    dualRight: 'response_length/mean',
    groups: 'std',
    summaryStep: 100,
    threshold: 0.5,
    methods: true,
    methodsMetric: 'val-core/MATH500/acc/mean@1',
    methodsK: 5,
    methodsThreshold: 0.8,
    restore: { files: ['a'] },
  });
  assert.deepEqual(loadState(JSON.parse(JSON.stringify(saved))), saved);
});

test('each unreadable field of a saved state gets its default, and the others are kept', () => {
  const read = loadState({
    filter: 3,
    sort: { key: 'nonsense', descending: true },
    smoothingKind: 'gaussian',
    smoothingWeight: 7,
    yScale: 'sqrt',
    yMin: 'low',
    yMax: null,
    range: { min: 5, max: 5 },
    hiddenRuns: ['a', 1, null, 'b'],
    groups: 'median',
    summaryStep: '10',
    regex: true,
    methods: 'yes',
    methodsMetric: 7,
    methodsK: 2.5,
    methodsThreshold: Infinity,
  });
  assert.deepEqual(read, state({ smoothingWeight: MAX_SMOOTHING_WEIGHT, hiddenRuns: ['a', 'b'], regex: true }));
  assert.equal(loadState({ smoothingWeight: -1 }).smoothingWeight, 0);
  for (const methodsK of [0, 1001, -3, '3']) assert.equal(loadState({ methodsK }).methodsK, 3, String(methodsK));
});

test('a saved x axis is a fixed one or a metric’s; anything else is the step', () => {
  assert.equal(savedXAxis('wall'), 'wall');
  assert.equal(savedXAxis('metric:tokens'), 'metric:tokens');
  assert.equal(savedXAxis('epoch'), 'step');
  assert.equal(savedXAxis(undefined), 'step');
});

test('the host gets smoothing, axis, range and outliers always; dual axes, groups and asked columns only when on', () => {
  assert.deepEqual(hostSettings(defaults), {
    smoothing: { kind: 'ema', weight: 0 },
    xAxis: 'step',
    range: undefined,
    ignoreOutliers: false,
  });
  // Dual-axis mode without both names chosen asks for no dual charts.
  assert.equal(hostSettings(state({ dualAxis: true, dualLeft: 'acc' })).dualAxis, undefined);
  assert.deepEqual(hostSettings(state({ dualAxis: false, dualLeft: 'acc', dualRight: 'len' })).dualAxis, undefined);
  const on = hostSettings(
    state({ dualAxis: true, dualLeft: 'acc', dualRight: 'len', groups: 'sem', summaryStep: 0, threshold: 0.5 }),
  );
  assert.deepEqual(on.dualAxis, { left: 'acc', right: 'len' });
  assert.equal(on.groups, 'sem');
  assert.equal(on.summaryStep, 0);
  assert.equal(on.threshold, 0.5);
  // What the page draws alone is not the host's.
  assert.deepEqual(
    hostSettings(state({ filter: 'acc', yScale: 'log', xLog: true, hiddenRuns: ['a'] })),
    hostSettings(defaults),
  );
});

test('the x select offers the data’s metrics and the chosen one, and shows the state’s axis', () => {
  const metrics = xMetricChoices(['tokens'], 'metric:samples');
  assert.deepEqual(
    metrics.map((c) => c[0]),
    ['metric:tokens', 'metric:samples'],
  );
  assert.deepEqual(xMetricChoices(undefined, 'step'), []);
  assert.equal(xChoiceValue(metrics, state({ xAxis: 'metric:samples' })), 'metric:samples');
  assert.equal(xChoiceValue([], state({ xLog: true })), 'step-log');
  assert.equal(xChoiceValue([], state({ xAxis: 'metric:gone' })), 'step');
});

test('choosing a log step axis keeps the zoom; another axis drops it, its range being in the old units', () => {
  const zoomed = state({ range: { min: 10, max: 20 } });
  assert.deepEqual(xChoicePatch('step-log', [], zoomed), { xAxis: 'step', xLog: true });
  const metrics = xMetricChoices(['tokens'], 'step');
  assert.deepEqual(xChoicePatch('metric:tokens', metrics, zoomed), {
    xAxis: 'metric:tokens',
    xLog: false,
    range: undefined,
  });
});

test('a fixed y range is drawn only when valid and with an end given', () => {
  assert.equal(yBoundsError(true, 0, 1), 'Y min and Y max must be numbers');
  assert.equal(yBoundsError(false, 1, 1), 'Y min must be less than Y max');
  assert.equal(yBoundsError(false, 0, undefined), undefined);
  const fixed = state({ yScale: 'fixed', yMin: 0 });
  assert.deepEqual(viewOptions(fixed, undefined, undefined).yFixed, { min: 0, max: undefined });
  assert.equal(viewOptions(fixed, undefined, 'Y min must be less than Y max').yFixed, undefined);
  assert.equal(viewOptions(state({ yScale: 'fixed' }), undefined, undefined).yFixed, undefined);
  // Typed ends are kept while another scale is chosen, and not drawn.
  assert.equal(viewOptions(state({ yScale: 'log', yMin: 0 }), undefined, undefined).yFixed, undefined);
});

test('charts draw the data’s x axis, and the zoom only once the data is on the chosen axis', () => {
  const zoomed = state({ xAxis: 'relative', range: { min: 1, max: 2 } });
  assert.deepEqual(viewOptions(zoomed, 'step', undefined), {
    xAxis: 'step',
    xLog: false,
    yScale: 'linear',
    yFixed: undefined,
    range: undefined,
  });
  assert.deepEqual(viewOptions(zoomed, 'relative', undefined).range, { min: 1, max: 2 });
  assert.equal(viewOptions(zoomed, undefined, undefined).xAxis, 'relative');
});

test('a header click sorts numbers highest first and text A–Z, and reverses the sorted column', () => {
  assert.deepEqual(nextSort(undefined, 'best'), { key: 'best', descending: true });
  assert.deepEqual(nextSort(undefined, 'metric'), { key: 'metric', descending: false });
  assert.deepEqual(nextSort({ key: 'best', descending: true }, 'best'), { key: 'best', descending: false });
  assert.deepEqual(nextSort({ key: 'best', descending: false }, 'run'), { key: 'run', descending: false });
});

test('a sort by an asked column that is removed falls back to the host’s order', () => {
  const byAt = { key: 'at', descending: true } as const;
  const byReached = { key: 'reached', descending: false } as const;
  assert.equal(sortWithAsks(byAt, undefined, 0.5), undefined);
  assert.deepEqual(sortWithAsks(byAt, 100, undefined), byAt);
  assert.equal(sortWithAsks(byReached, 100, undefined), undefined);
  assert.deepEqual(sortWithAsks({ key: 'last', descending: true }, undefined, undefined), {
    key: 'last',
    descending: true,
  });
});

test('with grouping on, each seed group takes its first member’s place in the run list', () => {
  const message = {
    runs: [
      { id: 'a1', label: 'a seed 1' },
      { id: 'b', label: 'b' },
      { id: 'a2', label: 'a seed 2' },
    ],
    groups: [{ id: 'g:a', label: 'a (2 seeds)', members: ['a1', 'a2'] }],
  } as unknown as DataMessage;
  assert.deepEqual(linesOf(message, 'off'), message.runs);
  assert.deepEqual(linesOf(message, 'minmax'), [
    { id: 'g:a', label: 'a (2 seeds)' },
    { id: 'b', label: 'b' },
  ]);
});

test('the methods panel asks for its chosen metric, k and threshold; the default metric is the host’s', () => {
  assert.deepEqual(methodsAsk(defaults), { k: 3 });
  assert.deepEqual(methodsAsk(state({ methodsMetric: 'acc', methodsK: 1, methodsThreshold: 0 })), {
    metric: 'acc',
    k: 1,
    threshold: 0,
  });
});

test('methods are offered for two or more runs of different methods, or a seed group, never for one run', () => {
  const run = (id: string) => ({ id, label: id });
  const message = (runs: string[], groups: DataMessage['groups'] = []) =>
    ({ runs: runs.map(run), groups }) as unknown as DataMessage;
  assert.equal(offersMethods(undefined), false);
  assert.equal(offersMethods(message(['grpo'])), false);
  assert.equal(offersMethods(message(['grpo', 'mel'])), true);
  const seeds = [{ id: 'g:a', label: 'a (2 seeds)', members: ['a1', 'a2'] }];
  assert.equal(offersMethods(message(['a1', 'a2'], seeds)), true, 'one method, its seeds compared');
});
