import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChartPayload, SeriesPayload } from '../../src/protocol';
import { describeAxes, describeChart, describeKeys, noFiniteValues } from '../../webview/chart/describe';

function series(label: string, x: number[], y: number[], extra: Partial<SeriesPayload> = {}): SeriesPayload {
  return { run: label, label, x: Float64Array.from(x), y: Float64Array.from(y), total: x.length, ...extra };
}

function chart(list: SeriesPayload[], extra: Partial<ChartPayload> = {}): ChartPayload {
  return {
    id: 'val/math500/acc',
    title: 'acc',
    section: 'math500',
    sectionKind: 'benchmark',
    series: list,
    goal: 'max',
    ...extra,
  };
}

test("a chart is read as its series, its steps and each series' best value", () => {
  const grpo = series('GRPO', [0, 80, 160], [0.74, 0.8, 0.83], { best: { step: 160, x: 160, value: 0.83 } });
  const mel = series('MEL', [0, 160], [0.7, 0.85], { best: { step: 160, x: 160, value: 0.85 } });
  assert.equal(
    describeChart(chart([grpo, mel])),
    'val/math500/acc: 2 series (GRPO, MEL), steps 0–160; highest: GRPO 0.83 at step 160, MEL 0.85 at step 160',
  );
  const loss = series('A', [10, 30], [2, 1], { best: { step: 30, value: 1 } });
  assert.equal(
    describeChart(chart([loss], { id: 'actor/kl_loss', goal: 'min' })),
    'actor/kl_loss: 1 series (A), steps 10–30; lowest: A 1 at step 30',
  );
});

test('steps from a field of another name say it; epochs are counted as epochs', () => {
  const a = series('A', [10, 200], [1, 2]);
  assert.equal(
    describeChart(chart([a], { stepField: 'current_steps' })),
    'val/math500/acc: 1 series (A), steps 10–200 (x axis: current_steps)',
  );
  assert.equal(describeChart(chart([a], { stepField: 'Epoch' })), 'val/math500/acc: 1 series (A), epochs 10–200');
});

test('a chart without points says so', () => {
  assert.equal(describeChart(chart([])), 'val/math500/acc: no data yet');
  assert.equal(describeChart(chart([series('A', [], [])])), 'val/math500/acc: no data yet');
});

test("a dual-axis chart names each axis' metric and range; a fixed y range is said, other axes are not", () => {
  const dual = {
    left: { name: 'accuracy', full: 'val/MATH500/accuracy' },
    right: { name: 'response_length/mean', full: 'val/MATH500/response_length/mean' },
  };
  const ticks = { y: ['0.2', '0.4', '0.6'], y2: ['0', '10k', '20k', '30k'] };
  assert.equal(
    describeAxes(dual, undefined, (axis) => ticks[axis]),
    '; left axis: accuracy, 0.2–0.6; right axis: response_length/mean, 0–30k',
  );
  assert.equal(
    describeAxes(dual, undefined, () => []),
    '; left axis: accuracy; right axis: response_length/mean',
    'before the ticks are built',
  );
  assert.equal(
    describeAxes(undefined, { min: 0.5, max: 1 }, () => ['x']),
    '; y axis 0.5–1 (fixed)',
  );
  assert.equal(
    describeAxes(undefined, undefined, () => ['x']),
    '',
  );
});

test('Enter is offered only where a log can be opened', () => {
  assert.equal(describeKeys(true), 'Arrow keys, Home and End move through the steps; Enter opens the log at the step');
  assert.equal(describeKeys(false), 'Arrow keys, Home and End move through the steps');
});

test('a chart whose every value is not finite says what it has instead of an empty plot', () => {
  assert.equal(
    noFiniteValues(chart([series('A', [0, 10], [NaN, 1])])),
    undefined,
    'one finite value is enough to draw',
  );
  assert.equal(noFiniteValues(chart([])), undefined, 'nothing yet is not a problem');
  assert.equal(noFiniteValues(chart([series('A', [0], [-Infinity])])), 'No finite values to plot (−∞ at 1 step)');
  assert.equal(
    noFiniteValues(chart([series('A', [0, 10], [NaN, Infinity]), series('B', [0], [NaN])])),
    'No finite values to plot (NaN at 2 steps, ∞ at 1 step)',
  );
  const counted = series('A', [0, 10], [NaN, NaN], { nonFinite: { nan: 0, posInf: 5, negInf: 2 } });
  assert.equal(
    noFiniteValues(chart([counted])),
    'No finite values to plot (∞ at 5 steps, −∞ at 2 steps)',
    "the host's counts of the log",
  );
  const sampled = series('A', [0, 10], [NaN, Infinity], { total: 500 });
  assert.equal(noFiniteValues(chart([sampled])), 'No finite values to plot (only NaN and ∞)', 'a sample cannot count');
});
