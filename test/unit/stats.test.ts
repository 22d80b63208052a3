import { test } from 'node:test';
import assert from 'node:assert/strict';
import { best, firstReaching, lastFinite, valueAt } from '../../src/core/stats';
import { series } from './helpers';

const col = series([0, 10, 20, 30, 40], [0.5, 0.9, NaN, 0.9, Infinity]);

test('lastFinite skips trailing gaps and infinities', () => {
  assert.deepEqual(lastFinite(col), { step: 30, value: 0.9 });
  assert.equal(lastFinite(series([0], [NaN])), undefined);
});

test('best finds the highest or lowest finite value, earliest on ties', () => {
  assert.deepEqual(best(col, 'max'), { step: 10, value: 0.9 });
  assert.deepEqual(best(col, 'min'), { step: 0, value: 0.5 });
  assert.equal(best(series([], []), 'max'), undefined);
});

test('valueAt gives the exact step or the nearest one before it', () => {
  assert.deepEqual(valueAt(col, 10), { step: 10, value: 0.9 });
  assert.deepEqual(valueAt(col, 29), { step: 20, value: NaN });
  assert.deepEqual(valueAt(col, 1000), { step: 40, value: Infinity });
  assert.equal(valueAt(col, -1), undefined);
});

test('lastFinite up to a step gives what the run showed there, skipping gaps back to a finite value', () => {
  // col: 0 → 0.5, 10 → 0.9, 20 → NaN, 30 → 0.9, 40 → ∞; the first 3 points end at step 20's NaN.
  assert.deepEqual(lastFinite(col, 3), { step: 10, value: 0.9 });
  assert.deepEqual(lastFinite(col, 1), { step: 0, value: 0.5 });
  assert.equal(lastFinite(col, 0), undefined);
});

test('firstReaching finds the first crossing of a threshold in the goal’s direction', () => {
  const acc = series([0, 10, 20, 30, 40], [0.6, NaN, 0.79, 0.8, 0.85]);
  // Exactly equal counts as reached; the NaN at 10 is not a crossing.
  assert.deepEqual(firstReaching(acc, 0.8, 'max'), { step: 30, value: 0.8 });
  assert.deepEqual(firstReaching(acc, 0.5, 'max'), { step: 0, value: 0.6 });
  assert.equal(firstReaching(acc, 0.9, 'max'), undefined, 'never reached');
  const loss = series([0, 1, 2, 3], [2, -Infinity, 0.7, 0.3]);
  assert.deepEqual(firstReaching(loss, 0.7, 'min'), { step: 2, value: 0.7 });
  assert.equal(firstReaching(loss, 0.1, 'min'), undefined);
  assert.equal(firstReaching(series([0], [NaN]), 0, 'max'), undefined);
});
