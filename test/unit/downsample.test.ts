import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsample } from '../../src/core/downsample';
import type { SeriesColumns } from '../../src/core/types';
import { prng, series } from './helpers';

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
  for (let i = 1; i < x.length; i++) assert.ok(x[i]! > x[i - 1]!, 'x increases');
  // Each output point is an input point.
  for (let i = 0; i < x.length; i++) assert.equal(y[i], values[x[i]!]);
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
  assert.ok(
    y.every((v) => Number.isNaN(v) || Number.isFinite(v)),
    'no Infinity',
  );
  const gapAt = [...y].flatMap((v, i) => (Number.isNaN(v) ? [i] : []));
  assert.equal(gapAt.length, 1, 'one gap marker');
  const g = gapAt[0]!;
  assert.ok(x[g - 1]! < 4000 && x[g]! >= 4000 && x[g]! < 5000 && x[g + 1]! >= 5000);
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

/**
 * What downsample must return, written the plain way (lists, several passes, linear searches), so the
 * fast one can be checked against it point for point: the range with one point outside each end; if
 * longer than the budget, its finite points, reduced by LTTB over equal buckets between the first and
 * last finite point, the extremes (earliest on ties) taking the place of their bucket's pick; then a
 * NaN marker (at the first non-finite step) between two kept points that had one between them.
 */
function reference(col: SeriesColumns, maxPoints: number, xMin?: number, xMax?: number): { x: number[]; y: number[] } {
  const steps = [...col.steps.subarray(0, col.length)];
  const values = [...col.values.subarray(0, col.length)];
  const finite = (i: number): boolean => Number.isFinite(values[i]);
  const firstFrom = (pred: (step: number) => boolean): number => {
    const i = steps.findIndex(pred);
    return i < 0 ? steps.length : i;
  };
  const lo = xMin === undefined ? 0 : Math.max(0, firstFrom((s) => s >= xMin) - 1);
  const end = xMax === undefined ? steps.length : Math.min(steps.length, firstFrom((s) => s > xMax) + 1);
  const range: number[] = [];
  for (let i = lo; i < end; i++) range.push(i);
  const budget = Math.max(7, Math.floor(maxPoints));
  if (range.length <= budget)
    return { x: range.map((i) => steps[i]!), y: range.map((i) => (finite(i) ? values[i]! : NaN)) };

  const kept = range.filter(finite);
  if (kept.length === 0) return { x: [], y: [] };
  const first = kept[0]!;
  const last = kept[kept.length - 1]!;
  const gaps = kept.filter((i, k) => k > 0 && i - kept[k - 1]! > 1).length;
  const extreme = (better: (a: number, b: number) => boolean): number =>
    kept.reduce((at, i) => (better(values[i]!, values[at]!) ? i : at));
  const iMin = extreme((a, b) => a < b);
  const iMax = extreme((a, b) => a > b);

  let chosen = kept;
  if (kept.length + gaps > budget) {
    const room = budget - 2;
    const buckets = gaps <= room / 2 ? room - gaps : Math.floor((room + 1) / 2);
    const middle = buckets - 2;
    const bound = (k: number): number => first + 1 + Math.floor((k * (last - first - 1)) / middle);
    const bucket = (k: number): number[] => kept.filter((i) => i >= bound(k) && i < bound(k + 1));
    chosen = [first];
    for (let k = 0; k < middle; k++) {
      const points = bucket(k);
      const forced = [...new Set([iMin, iMax])].filter((i) => points.includes(i)).sort((a, b) => a - b);
      if (forced.length > 0) {
        chosen.push(...forced);
        continue;
      }
      const next = k + 1 < middle ? bucket(k + 1) : [];
      const cx = next.length > 0 ? next.reduce((sum, i) => sum + steps[i]!, 0) / next.length : steps[last]!;
      const cy = next.length > 0 ? next.reduce((sum, i) => sum + values[i]!, 0) / next.length : values[last]!;
      const a = chosen[chosen.length - 1]!;
      const [ax, ay] = [steps[a]!, values[a]!];
      let pick = -1;
      let maxArea = -1;
      for (const i of points) {
        const area = Math.abs((ax - cx) * (values[i]! - ay) - (ax - steps[i]!) * (cy - ay));
        if (area > maxArea) [pick, maxArea] = [i, area];
      }
      if (pick >= 0) chosen.push(pick);
    }
    chosen.push(last);
  }

  const x: number[] = [];
  const y: number[] = [];
  chosen.forEach((i, k) => {
    if (k > 0) {
      const gap = range.find((j) => j > chosen[k - 1]! && j < i && !finite(j));
      if (gap !== undefined) {
        x.push(steps[gap]!);
        y.push(NaN);
      }
    }
    x.push(steps[i]!);
    y.push(values[i]!);
  });
  return { x, y };
}

/** A random column: uneven steps, values of one of several shapes, and runs of NaN/±Infinity. */
function randomColumn(rand: () => number): SeriesColumns {
  const n = Math.floor(rand() ** 2 * 2500);
  const shape = Math.floor(rand() * 5);
  const broken = [0, 0.002, 0.02, 0.2][Math.floor(rand() * 4)]!;
  const steps: number[] = [];
  const values: number[] = [];
  let step = Math.floor(rand() * 100) - 50;
  for (let i = 0; i < n; i++) {
    step += 1 + Math.floor(rand() * 3) + (rand() < 0.1 ? rand() : 0);
    steps.push(step);
    const value = [
      rand(), // noise
      Math.sin(i / 40) + rand() * 0.1, // a wave: many near-extremes
      Math.round(rand() * 4), // five levels: the extremes repeat many times
      0.25, // constant
      -i / n + (rand() < 0.01 ? 3 : 0), // a decay with spikes
    ][shape]!;
    values.push(value);
  }
  // Runs of non-finite values: a tenth of the columns start with one, and a run may reach the end.
  for (let i = 0; i < n; i++) {
    if (rand() >= broken && !(i === 0 && rand() < 0.1)) continue;
    const run = 1 + Math.floor(rand() ** 3 * 200);
    for (let j = i; j < Math.min(n, i + run); j++) values[j] = [NaN, Infinity, -Infinity][Math.floor(rand() * 3)]!;
    i += run;
  }
  return series(steps, values);
}

test('the reduction is exactly LTTB with extremes and gap markers, on 1,500 random series', () => {
  const rand = prng(7);
  for (let t = 0; t < 1500; t++) {
    const col = randomColumn(rand);
    const maxPoints = [1, 7, 8, 9, 12, 30, 100.5, 400, 3000][Math.floor(rand() * 9)]!;
    const span = (col.length > 0 ? col.steps[col.length - 1]! : 0) + 100;
    const ends = [rand() * span - 50, rand() * span - 50].sort((a, b) => a - b);
    const ranges: [number?, number?][] = [[], [ends[0], ends[1]], [ends[0]], [undefined, ends[1]]];
    const [xMin, xMax] = ranges[Math.floor(rand() * ranges.length)]!;
    const got = downsample(col, maxPoints, xMin, xMax);
    const want = reference(col, maxPoints, xMin, xMax);
    const what = `case ${t}: ${col.length} points, maxPoints ${maxPoints}, range ${xMin}–${xMax}`;
    assert.deepEqual([...got.x], want.x, what);
    assert.deepEqual([...got.y], want.y, what);
  }
});
