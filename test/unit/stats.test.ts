import { test } from 'node:test';
import assert from 'node:assert/strict';
import { best, lastFinite, valueAt } from '../../src/core/stats';
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
