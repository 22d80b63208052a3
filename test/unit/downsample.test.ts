import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsample } from '../../src/core/downsample';
import { series } from './helpers';

/** A noisy series with one sharp peak and one sharp dip that plain bucketing could miss. */
function noisy(n: number): { steps: number[]; values: number[] } {
  const steps: number[] = [];
  const values: number[] = [];
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    steps.push(i);
    values.push(Math.sin(i / 50) + (seed / 2147483648 - 0.5) * 0.2);
  }
  return { steps, values };
}

function maxOf(ys: Float64Array): number {
  let m = -Infinity;
  for (const y of ys) if (y > m) m = y;
  return m;
}

function minOf(ys: Float64Array): number {
  let m = Infinity;
  for (const y of ys) if (y < m) m = y;
  return m;
}

test('a series that fits is returned point for point, gaps as NaN and never Infinity', () => {
  const col = series([0, 1, 2, 3, 4], [1, NaN, Infinity, -Infinity, 5]);
  const { x, y } = downsample(col, 100);
  assert.deepEqual([...x], [0, 1, 2, 3, 4]);
  assert.deepEqual([...y], [1, NaN, NaN, NaN, 5]);
});

test('a long series is reduced to at most maxPoints, keeping first, last, and the global max and min', () => {
  const { steps, values } = noisy(10_000);
  values[4321] = 9; // a one-step spike
  values[7777] = -9;
  const { x, y } = downsample(series(steps, values), 200);
  assert.ok(x.length <= 200, `got ${x.length} points`);
  assert.ok(x.length >= 150, `got only ${x.length} points`);
  assert.equal(x[0], 0);
  assert.equal(x[x.length - 1], 9999);
  assert.equal(maxOf(y), 9);
  assert.equal(minOf(y), -9);
  assert.ok(x.includes(4321) && x.includes(7777));
  for (let i = 1; i < x.length; i++) assert.ok(x[i] > x[i - 1], 'x increases');
  // Each output point is an input point.
  for (let i = 0; i < x.length; i++) assert.equal(y[i], values[x[i]]);
});

test('extremes survive even when both fall in the same bucket', () => {
  const { steps, values } = noisy(5_000);
  values[2500] = 50;
  values[2501] = -50;
  const { y } = downsample(series(steps, values), 50);
  assert.ok(y.length <= 50);
  assert.equal(maxOf(y), 50);
  assert.equal(minOf(y), -50);
});

test('a range keeps one neighbour outside each end and its own extremes', () => {
  const { steps, values } = noisy(10_000);
  values[6000] = 7; // outside the range: must not appear
  values[2200] = 3;
  const col = series(steps, values);
  const { x, y } = downsample(col, 100, 2000.5, 2999.5);
  assert.equal(x[0], 2000);
  assert.equal(x[x.length - 1], 3000);
  assert.ok(x.length <= 100);
  assert.equal(maxOf(y), 3);

  const small = downsample(col, 100, 10, 20);
  assert.deepEqual([...small.x], [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
  assert.deepEqual([...small.y], values.slice(9, 22));
});

test('a range past the data, or over no data, returns what touches it', () => {
  const col = series([0, 10, 20], [1, 2, 3]);
  assert.deepEqual([...downsample(col, 100, 25, 30).x], [20]);
  assert.deepEqual([...downsample(col, 100, 12, 18).x], [10, 20]);
  assert.deepEqual([...downsample(series([], []), 100).x], []);
});

test('when reducing, each run of non-finite values becomes one NaN gap marker; no Infinity', () => {
  const n = 10_000;
  const steps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    steps.push(i);
    // A broken stretch mid-run: NaN and infinities for steps 4000–4999.
    values.push(i >= 4000 && i < 5000 ? (i % 3 === 0 ? NaN : i % 3 === 1 ? Infinity : -Infinity) : Math.cos(i / 300));
  }
  const { x, y } = downsample(series(steps, values), 300);
  assert.ok(x.length <= 300);
  assert.ok(y.every((v) => Number.isNaN(v) || Number.isFinite(v)), 'no Infinity');
  const gapAt = [...y].flatMap((v, i) => (Number.isNaN(v) ? [i] : []));
  assert.equal(gapAt.length, 1, 'one gap marker');
  const g = gapAt[0];
  assert.ok(x[g - 1] < 4000 && x[g] >= 4000 && x[g] < 5000 && x[g + 1] >= 5000);
});

test('many isolated points between gaps are all kept when they fit, with a marker between each', () => {
  // A metric logged every 50 steps, with null on the steps between (a common export shape).
  const steps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < 5_000; i++) {
    steps.push(i);
    values.push(i % 50 === 0 ? i / 5000 : NaN);
  }
  const { x, y } = downsample(series(steps, values), 500);
  const finite = [...y].filter(Number.isFinite);
  assert.equal(finite.length, 100);
  assert.equal(y.length, 199);
  assert.equal(x[0], 0);
  assert.equal(x[x.length - 1], 4950);
});

test('the output bound holds whatever the mix of gaps and budget', () => {
  for (const every of [2, 3, 7]) {
    const steps: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 3_000; i++) {
      steps.push(i);
      values.push(i % every === 0 ? NaN : Math.sin(i));
    }
    for (const maxPoints of [7, 8, 20, 101, 1000]) {
      const { x, y } = downsample(series(steps, values), maxPoints);
      assert.ok(x.length <= maxPoints, `every=${every} maxPoints=${maxPoints}: ${x.length}`);
      assert.equal(maxOf(y), Math.max(...values.filter(Number.isFinite)));
      assert.equal(minOf(y), Math.min(...values.filter(Number.isFinite)));
      for (let i = 1; i < y.length; i++) assert.ok(!(Number.isNaN(y[i]) && Number.isNaN(y[i - 1])), 'no doubled gaps');
    }
  }
});
