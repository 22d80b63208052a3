import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCharts, ColumnMemo, DEFAULT_SETTINGS, type RunColumns } from '../../src/core/charts';
import { chartPoints, downsampleExtremes } from '../../src/core/downsample';
import { BLOCK, Pyramid, rangeSummary } from '../../src/core/pyramid';
import type { SeriesColumns } from '../../src/core/types';
import { growth, prng, series } from './helpers';

/** A random column of n points: uneven steps, one of several shapes, and runs of NaN/±Infinity. */
function randomColumn(rand: () => number, n: number): SeriesColumns {
  const shape = Math.floor(rand() * 4);
  const broken = [0, 0.001, 0.02, 0.3][Math.floor(rand() * 4)]!;
  const steps: number[] = [];
  const values: number[] = [];
  let step = Math.floor(rand() * 100) - 50;
  for (let i = 0; i < n; i++) {
    step += 1 + Math.floor(rand() * 3) + (rand() < 0.05 ? rand() * 500 : 0);
    steps.push(step);
    values.push(
      [
        rand(),
        Math.sin(i / 40) + rand() * 0.1,
        Math.round(rand() * 3), // four levels: extremes repeat, ties decide
        -i / n + (rand() < 0.01 ? 3 : 0),
      ][shape]!,
    );
  }
  for (let i = 0; i < n; i++) {
    if (rand() >= broken) continue;
    const run = 1 + Math.floor(rand() ** 3 * 300);
    for (let j = i; j < Math.min(n, i + run); j++) values[j] = [NaN, Infinity, -Infinity][Math.floor(rand() * 3)]!;
    i += run;
  }
  return series(steps, values);
}

/** The plain answer: the earliest lowest and highest finite values in [from, to), and the first non-finite one. */
function bruteForce(values: Float64Array, from: number, to: number): { min: number; max: number; bad: number } {
  let min = -1;
  let max = -1;
  let bad = -1;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      if (bad < 0) bad = i;
      continue;
    }
    if (min < 0 || v < values[min]!) min = i;
    if (max < 0 || v > values[max]!) max = i;
  }
  return { min, max, bad };
}

test('the summary gives exactly the min, max and first non-finite value of any range, as a scan does', () => {
  const rand = prng(14);
  for (let t = 0; t < 300; t++) {
    const col = randomColumn(rand, Math.floor(rand() ** 2 * 20_000));
    const pyramid = new Pyramid(col);
    const out = rangeSummary();
    for (let q = 0; q < 40; q++) {
      const a = Math.floor(rand() * (col.length + 1));
      const b =
        rand() < 0.2 ? Math.min(col.length, a + Math.floor(rand() * 40)) : Math.floor(rand() * (col.length + 1));
      const [from, to] = a <= b ? [a, b] : [b, a];
      const got = pyramid.scan(col.values, from, to, out);
      assert.deepEqual(
        { ...got },
        bruteForce(col.values, from, to),
        `case ${t}: ${col.length} points, [${from}, ${to})`,
      );
    }
  }
});

test('a summary extended by appends (new arrays, the last value logged again) equals one built afresh', () => {
  const rand = prng(3);
  for (let t = 0; t < 40; t++) {
    const full = randomColumn(rand, 5_000 + Math.floor(rand() * 5_000));
    // The column as a growing log shows it: a prefix, in arrays that are replaced as they grow.
    let length = Math.floor(rand() * 50);
    const grown = { steps: full.steps.slice(0, 64), values: full.values.slice(0, 64), length };
    const pyramid = new Pyramid(grown);
    while (length < full.length) {
      length = Math.min(full.length, length + Math.floor(rand() ** 3 * 3_000));
      grown.steps = full.steps.slice(0, Math.max(64, 2 * length));
      grown.values = full.values.slice(0, Math.max(64, 2 * length));
      // The last point summarised had another value before (a step logged twice: the second one counts).
      const last = pyramid.length - 1;
      if (last >= 0 && rand() < 0.5) {
        const old = grown.values[last]!;
        grown.values[last] = rand() < 0.5 ? 1e9 : NaN;
        const stale = new Pyramid({ ...grown, length: pyramid.length });
        grown.values[last] = old;
        stale.extend({ ...grown, length });
        assertSame(stale, new Pyramid({ ...grown, length }), grown.values, length, rand);
      }
      grown.length = length;
      pyramid.extend(grown);
      assertSame(pyramid, new Pyramid(grown), grown.values, length, rand);
    }
  }
});

function assertSame(got: Pyramid, want: Pyramid, values: Float64Array, length: number, rand: () => number): void {
  assert.equal(got.length, length);
  for (let q = 0; q < 30; q++) {
    const a = Math.floor(rand() * (length + 1));
    const b = Math.floor(rand() * (length + 1));
    const [from, to] = a <= b ? [a, b] : [b, a];
    assert.deepEqual(
      { ...got.scan(values, from, to, rangeSummary()) },
      { ...want.scan(values, from, to, rangeSummary()) },
      `[${from}, ${to}) of ${length}`,
    );
    assert.deepEqual({ ...want.scan(values, from, to, rangeSummary()) }, bruteForce(values, from, to));
  }
}

/**
 * What downsampleExtremes must return, the plain way: the range [xMin, xMax] cut into `buckets` of equal
 * x width between its first and last point, each bucket's first, lowest, highest and last finite point
 * (the earliest of equal extremes), the finite neighbours outside the range, and a NaN marker (at the
 * first non-finite step) between two kept points that had a non-finite value between them.
 */
function reference(col: SeriesColumns, buckets: number, xMin?: number, xMax?: number): { x: number[]; y: number[] } {
  const steps = [...col.steps.subarray(0, col.length)];
  const values = [...col.values.subarray(0, col.length)];
  const finite = (i: number): boolean => Number.isFinite(values[i]);
  const firstFrom = (pred: (step: number) => boolean): number => {
    const i = steps.findIndex(pred);
    return i < 0 ? steps.length : i;
  };
  const from = xMin === undefined ? 0 : firstFrom((s) => s >= xMin);
  const to = Math.max(from, xMax === undefined ? steps.length : firstFrom((s) => s > xMax));
  const kept = new Set<number>();
  if (from > 0 && finite(from - 1)) kept.add(from - 1);
  if (to < steps.length && finite(to)) kept.add(to);
  const x0 = steps[from]!;
  const width = (steps[to - 1]! - x0) / buckets;
  // Bucket k ends at the first point at or past x0 + k × width, or at the nearest multiple of BLOCK if
  // no point moves by more than width / 8 that way (the last bucket ends at the range's end).
  let start = from;
  for (let k = 1; k <= buckets && start < to; k++) {
    const edge = x0 + k * width;
    let end = to;
    if (k < buckets) {
      end = start;
      while (end < to && steps[end]! < edge) end++;
      const snapped = Math.round(end / BLOCK) * BLOCK;
      const moved = snapped < end ? steps.slice(snapped, end) : steps.slice(end, snapped);
      if (snapped > start && snapped < to && moved.every((x) => Math.abs(x - edge) <= width / 8)) end = snapped;
    }
    const bucket: number[] = [];
    for (let i = start; i < end; i++) bucket.push(i);
    if (bucket.length === 0) continue;
    start = end;
    const fin = bucket.filter(finite);
    if (fin.length === 0) continue;
    if (finite(bucket[0]!)) kept.add(bucket[0]!);
    kept.add(fin.reduce((a, i) => (values[i]! < values[a]! ? i : a)));
    kept.add(fin.reduce((a, i) => (values[i]! > values[a]! ? i : a)));
    if (finite(bucket[bucket.length - 1]!)) kept.add(bucket[bucket.length - 1]!);
  }
  const chosen = [...kept].sort((a, b) => a - b);
  const x: number[] = [];
  const y: number[] = [];
  chosen.forEach((i, k) => {
    if (k > 0) {
      const gap = steps.findIndex((_, j) => j > chosen[k - 1]! && j < i && !finite(j));
      if (gap >= 0) {
        x.push(steps[gap]!);
        y.push(NaN);
      }
    }
    x.push(steps[i]!);
    y.push(values[i]!);
  });
  return { x, y };
}

test('a long range keeps each bucket’s first, lowest, highest and last point, the neighbours and one marker per gap', () => {
  const rand = prng(21);
  for (let t = 0; t < 300; t++) {
    const col = randomColumn(rand, 300 + Math.floor(rand() ** 2 * 6_000));
    const maxPoints = [16, 32, 40, 100, 333][Math.floor(rand() * 5)]!;
    const span = col.steps[col.length - 1]! + 100;
    const ends = [rand() * span - 50, rand() * span - 50].sort((a, b) => a - b);
    const ranges: [number?, number?][] = [[], [ends[0], ends[1]], [ends[0]], [undefined, ends[1]]];
    const [xMin, xMax] = ranges[Math.floor(rand() * ranges.length)]!;
    const got = downsampleExtremes(col, new Pyramid(col), maxPoints, xMin, xMax);
    const what = `case ${t}: ${col.length} points, maxPoints ${maxPoints}, range ${xMin}–${xMax}`;
    assert.ok(got.x.length <= maxPoints, `${what}: ${got.x.length} points`);
    // Four points a bucket, or, when gap markers made that too many, room for a marker between every two.
    const wide = reference(col, Math.floor((maxPoints - 2) / 4), xMin, xMax);
    const want = wide.x.length <= maxPoints ? wide : reference(col, Math.floor((maxPoints - 3) / 8), xMin, xMax);
    assert.deepEqual([...got.x], want.x, what);
    assert.deepEqual([...got.y], want.y, what);
  }
});

test('every point of a long range lies within the line drawn around it, however the steps are spaced', () => {
  const rand = prng(8);
  for (let t = 0; t < 150; t++) {
    const col = randomColumn(rand, 2_000 + Math.floor(rand() * 8_000));
    const maxPoints = [16, 64, 200][Math.floor(rand() * 3)]!;
    const { x, y } = downsampleExtremes(col, new Pyramid(col), maxPoints);
    assert.ok(x.length <= maxPoints);
    // The coarsest buckets downsampleExtremes uses, and how far snapping may move their edges.
    const width = (col.steps[col.length - 1]! - col.steps[0]!) / Math.floor((maxPoints - 3) / 8);
    for (let i = 0; i < col.length; i++) {
      const v = col.values[i]!;
      if (!Number.isFinite(v)) continue;
      const near = [...y].filter((yk, k) => Number.isFinite(yk) && Math.abs(x[k]! - col.steps[i]!) <= 1.125 * width);
      const what = `case ${t}: point ${i} (${v}) of ${col.length}, maxPoints ${maxPoints}`;
      assert.ok(Math.min(...near) <= v && v <= Math.max(...near), what);
    }
  }
});

/** A long noisy curve with one spike up and one down, as a loss logged for a million steps looks. */
function longRun(id: string, n: number, spikes: [number, number][] = []): RunColumns {
  const rand = prng(n);
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    steps[i] = i;
    values[i] = Math.exp(-i / (n / 3)) + 0.05 * rand();
  }
  for (const [at, value] of spikes) values[at] = value;
  const col = { steps, values, length: n };
  return { id, label: id, metrics: new Map([['train/loss', col]]), times: series([], []) };
}

test('a chart of a million points shows every spike and dip, whole and zoomed, within its point budget', () => {
  const run = longRun('a', 1_000_000, [
    [123_457, 40],
    [876_543, -40],
    [500_001, 9],
    [500_002, -9],
  ]);
  const width = 300;
  const [whole] = buildCharts([run], width);
  const drawn = whole!.series[0]!;
  assert.ok(drawn.x.length <= width * 2, `${drawn.x.length} points`);
  assert.equal(Math.max(...drawn.y), 40);
  assert.equal(Math.min(...drawn.y), -40);
  assert.ok(drawn.x.includes(123_457) && drawn.x.includes(876_543));
  assert.equal(drawn.x[0], 0);
  assert.equal(drawn.x[drawn.x.length - 1], 999_999);

  const [zoomed] = buildCharts([run], width, undefined, {
    ...DEFAULT_SETTINGS,
    range: { min: 400_000.5, max: 600_000 },
  });
  const z = zoomed!.series[0]!;
  assert.ok(z.x.length <= width * 2);
  // The neighbours outside the range, so the line reaches the edges; the range's own extremes, not the run's.
  assert.equal(z.x[0], 400_000);
  assert.equal(z.x[z.x.length - 1], 600_001);
  assert.equal(Math.max(...z.y), 9);
  assert.equal(Math.min(...z.y), -9);
  for (let i = 1; i < z.x.length; i++) assert.ok(z.x[i]! > z.x[i - 1]!, 'x increases');
});

test('a zoom costs what the chart’s width does, not what the range holds: 4× the points, about the same time', () => {
  const runs = new Map([1_000_000, 4_000_000].map((n) => [n, [longRun('a', n), longRun('b', n)]]));
  const memos = new Map([...runs.keys()].map((n) => [n, new ColumnMemo()]));
  const zoom = (n: number, k = 0): void => {
    // The middle half of the run, moved a little each time (a pan): every point of it in view.
    const settings = { ...DEFAULT_SETTINGS, range: { min: n / 4 + k, max: (3 * n) / 4 + k } };
    buildCharts(runs.get(n)!, 600, undefined, settings, memos.get(n));
  };
  // As in a view: the first chart derived what it needs of the columns; zooms reuse it.
  for (const n of runs.keys()) zoom(n);
  let k = 0;
  const ratio = growth((n) => {
    for (let i = 0; i < 40; i++) zoom(n, k++);
  }, 1_000_000);
  // Linear in the points would be about 4 (as LTTB over the range was); this is about 1.2 (log n, and the caches).
  assert.ok(ratio < 2.5, `4× the points took ${ratio.toFixed(1)}× the time`);
});

test('after an append, the memo extends the summaries: a chart as a fresh build draws it', () => {
  const n = 200_000;
  const full = longRun('a', 2 * n, [[n + 10, 50]]).metrics.get('train/loss')!;
  // A growing column: its arrays replaced by larger copies, as the parser's are.
  const col: { steps: Float64Array; values: Float64Array; length: number } = {
    steps: full.steps.slice(0, n),
    values: full.values.slice(0, n),
    length: n,
  };
  const run: RunColumns = { id: 'a', label: 'a', metrics: new Map([['train/loss', col]]), times: series([], []) };
  const memo = new ColumnMemo();
  buildCharts([run], 300, undefined, DEFAULT_SETTINGS, memo);
  col.steps = full.steps;
  col.values = full.values;
  col.length = 2 * n;
  const next = memo.appended();
  const charts = buildCharts([run], 300, undefined, DEFAULT_SETTINGS, next);
  assert.deepEqual(charts, buildCharts([run], 300));
  assert.equal(Math.max(...charts[0]!.series[0]!.y), 50);
  // Extended, not built again: the memo computed only the marks (last, best).
  assert.equal(next.computed, 2);
});

test('ranges a little longer than the budget are still reduced by LTTB, point for point as before', () => {
  const col = randomColumn(prng(5), 1_000);
  let built = 0;
  const summary = (): Pyramid => {
    built++;
    return new Pyramid(col);
  };
  chartPoints(col, 300, undefined, undefined, summary);
  assert.equal(built, 0);
  chartPoints(col, 100, undefined, undefined, summary);
  assert.equal(built, 1);
});
