import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataSpan, keyStep, leftBounds, pointIndex, roundTicks, snapStep, stepAtX } from '../../webview/chart/math';

const xs = (...values: number[]): Float64Array => Float64Array.from(values);

test('the hover shows a series at its nearest point, and nothing outside its steps', () => {
  const steps = xs(0, 10, 20, 40);
  assert.equal(pointIndex(steps, 10), 1);
  assert.equal(pointIndex(steps, 14), 1);
  assert.equal(pointIndex(steps, 15), 1, 'a tie goes to the earlier point');
  assert.equal(pointIndex(steps, 31), 3);
  assert.equal(pointIndex(steps, -1), undefined);
  assert.equal(pointIndex(steps, 41), undefined);
  assert.equal(pointIndex(xs(), 0), undefined);
});

test('the pointer snaps to the nearest step any series has', () => {
  const a = xs(0, 10, 20);
  const b = xs(5, 25);
  assert.equal(snapStep([a, b], 6), 5);
  assert.equal(snapStep([a, b], 23), 25);
  assert.equal(snapStep([a, b], 100), 25);
  assert.equal(snapStep([a, b], NaN), undefined, 'off the scale');
  assert.equal(snapStep([], 3), undefined, 'no series shown');
});

test("arrow keys step through the union of the series' steps, Home and End to its ends", () => {
  const series = [xs(0, 10, 20), xs(5, 10, 30)];
  assert.equal(keyStep('Home', series, 20), 0);
  assert.equal(keyStep('End', series, 0), 30);
  assert.equal(keyStep('ArrowRight', series, undefined), 0, 'the first key press starts at the first step');
  assert.equal(keyStep('ArrowLeft', series, undefined), 30, 'or at the last going left');
  const right: number[] = [];
  for (let step: number | undefined = 0; right.length < 6;) right.push((step = keyStep('ArrowRight', series, step)!));
  assert.deepEqual(right, [5, 10, 20, 30, 30, 30], 'stays at the last step');
  assert.equal(keyStep('ArrowLeft', series, 10), 5);
  assert.equal(keyStep('ArrowLeft', series, 0), 0, 'stays at the first step');
  assert.equal(keyStep('ArrowRight', series, 12), 20, 'from between steps to the next one');
  assert.equal(keyStep('Enter', series, 10), undefined, 'other keys do not move the hover');
  assert.equal(keyStep('Home', [], undefined), undefined, 'no series shown');
});

test('against a time or a metric, the step logged at an x comes from the first series with a point there', () => {
  const mean = { x: xs(100, 200) };
  const run = { x: xs(100, 250), steps: xs(1, 2) };
  assert.equal(stepAtX([mean, run], 100), 1, "a seed group's mean has no steps of its own");
  assert.equal(stepAtX([mean, run], 250), 2);
  assert.equal(stepAtX([mean, run], 200), undefined, 'no series with steps has a point there');
});

test('the x axis spans every shown point; on a log axis every positive one', () => {
  assert.deepEqual(dataSpan([xs(10, 20), xs(0, 15)], false), { min: 0, max: 20 });
  assert.deepEqual(dataSpan([xs(10, 20), xs(0, 15)], true), { min: 10, max: 20 });
  assert.deepEqual(
    dataSpan([xs(-5, 0), xs(2, 8)], true),
    { min: 2, max: 8 },
    'a series with no positive x adds nothing',
  );
  assert.equal(dataSpan([xs(7)], false), undefined, 'a single x is left to Chart.js');
  assert.equal(dataSpan([], false), undefined);
});

test('ticks of a zoomed or outlier range sit at round values', () => {
  assert.deepEqual(
    roundTicks(247.12163, 1000, 8).map((t) => t.value),
    [400, 600, 800, 1000],
    '1, 2 or 5 × 10ⁿ apart: 200 for a gap of 108 between 8 ticks',
  );
  assert.deepEqual(
    roundTicks(0.1, 0.7, 6).map((t) => t.value),
    [0.2, 0.4, 0.6],
  );
  assert.deepEqual(
    roundTicks(0, 1, 6).map((t) => t.value),
    [0, 0.2, 0.4, 0.6, 0.8, 1],
    'no float noise such as 0.6000000000000001',
  );
  assert.deepEqual(roundTicks(5, 5, 6), [{ value: 5 }], 'an empty range has one tick');
});

test('the left y axis: fixed ends win, the outlier range fills the open ones', () => {
  const outliers = { min: 0.2, max: 0.9 };
  assert.deepEqual(leftBounds(undefined, undefined, 'linear'), { min: undefined, max: undefined });
  assert.deepEqual(leftBounds(undefined, outliers, 'linear'), { min: 0.2, max: 0.9 });
  assert.deepEqual(leftBounds({ min: 0 }, outliers, 'fixed'), { min: 0, max: 0.9 });
  assert.deepEqual(leftBounds({ max: 1 }, outliers, 'fixed'), { min: 0.2, max: 1 });
  assert.deepEqual(
    leftBounds({ min: 1.5 }, outliers, 'fixed'),
    { min: 1.5 },
    'an outlier end that would cross a fixed one comes from the data',
  );
  assert.deepEqual(
    leftBounds(undefined, { min: -3, max: 9 }, 'log'),
    { min: undefined, max: 9 },
    'a log axis takes no lower bound that is not positive',
  );
});
