import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageWindow, emaDebiased, runningAverage, smooth, timeWeightedEma } from '../../src/core/smoothing';
import { series } from './helpers';

function close(actual: Float64Array, expected: readonly number[], message?: string): void {
  assert.equal(actual.length, expected.length, message);
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) assert.ok(Number.isNaN(actual[i]), `${message ?? ''} [${i}] is NaN`);
    else assert.ok(Math.abs(actual[i]! - e) < 1e-12, `${message ?? ''} [${i}]: ${actual[i]} ≠ ${e}`);
  });
}

test('EMA follows TensorBoard: last = last·w + (1−w)·v from 0, divided by 1 − wⁿ', () => {
  // w = 0.5: last = 0.5, 1.25, 2.125, 3.0625; debias 0.5, 0.75, 0.875, 0.9375.
  close(emaDebiased(series([0, 1, 2, 3], [1, 2, 3, 4]), 0.5), [1, 5 / 3, 17 / 7, 49 / 15]);
});

test('EMA leaves gaps as gaps and counts only finite points in the de-biasing', () => {
  // The 3 is the second finite point: (0.5·0.5 + 0.5·3) / (1 − 0.5²).
  close(emaDebiased(series([0, 1, 2], [1, NaN, 3]), 0.5), [1, NaN, 7 / 3]);
});

test('every method draws ±Infinity as a gap, like the raw line, and skips it in the average', () => {
  // samples/malformed.metrics.jsonl logs Infinity and -Infinity between finite values.
  const col = series([0, 1, 2, 3], [1, Infinity, 3, -Infinity]);
  const finite = series([0, 2], [1, 3]);
  for (const kind of ['ema', 'twema', 'average'] as const) {
    const out = smooth(col, kind, 0.5);
    assert.ok(Number.isNaN(out[1]) && Number.isNaN(out[3]), `${kind}: ${JSON.stringify([...out])}`);
    // The finite points are smoothed as if the infinities were not there.
    assert.equal(out[2], smooth(finite, kind, 0.5)[1], kind);
  }
  // A series constant but for its gaps stays exactly constant.
  assert.deepEqual([...emaDebiased(series([0, 1, 2], [0.3, -Infinity, 0.3]), 0.9)], [0.3, NaN, 0.3]);
});

test('EMA returns a constant series exactly, and weight 0 returns the raw values', () => {
  assert.deepEqual([...emaDebiased(series([0, 1, 2], [0.3, 0.3, 0.3]), 0.9)], [0.3, 0.3, 0.3]);
  close(emaDebiased(series([0, 1, 2], [5, -1, 2]), 0), [5, -1, 2]);
});

test('time-weighted EMA equals the EMA on evenly spaced steps', () => {
  const steps = Array.from({ length: 50 }, (_, i) => 10 * i);
  const values = steps.map((s) => Math.sin(s / 37) + (s % 3));
  const col = series(steps, values);
  close(timeWeightedEma(col, 0.8), [...emaDebiased(col, 0.8)]);
});

test('time-weighted EMA forgets more across a long pause', () => {
  // x spacing averages 3 (0 → 9 over 3 intervals); w = 0.125 decays by 0.5 per step of 1 and by
  // 0.125^(7/3) = 1/128 across the gap of 7, so the new value dominates: 1 / (1.75/128 + 1).
  const out = timeWeightedEma(series([0, 1, 2, 9], [0, 0, 0, 1]), 0.125);
  close(out, [0, 0, 0, 128 / 129.75]);
  // Without the pause the same points barely move the average.
  assert.ok(emaDebiased(series([0, 1, 2, 3], [0, 0, 0, 1]), 0.125)[3]! < 0.9);
});

test('the running average window is the EMA span 1/(1−w): w 0 → 1 point, 0.6 → 3, 0.9 → 10', () => {
  assert.equal(averageWindow(0), 1);
  assert.equal(averageWindow(0.6), 3);
  assert.equal(averageWindow(0.9), 10);
  assert.equal(averageWindow(0.999), 1000);
});

test('the running average is the mean of the last window finite points, skipping gaps', () => {
  close(runningAverage(series([0, 1, 2, 3, 4], [1, 2, 3, 4, 5]), 0.6), [1, 1.5, 2, 3, 4]);
  close(runningAverage(series([0, 1, 2, 3, 4], [1, NaN, 3, 5, 7]), 0.6), [1, NaN, 2, 3, 5]);
});

test('smooth picks the method and clamps the weight below 1, where the EMA would never move', () => {
  const col = series([0, 1, 2], [0, 10, 20]);
  close(smooth(col, 'ema', 0.5), [...emaDebiased(col, 0.5)]);
  close(smooth(col, 'average', 0.5), [0, 5, 15]);
  const clamped = smooth(col, 'ema', 1);
  assert.ok(clamped[2]! > 0 && clamped[2]! < 20);
  close(smooth(col, 'ema', 1), [...emaDebiased(col, 0.999)]);
});
