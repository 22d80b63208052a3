import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bootstrapInterval,
  commonRange,
  compareMethods,
  finalMean,
  methodsOf,
  normalisedAuc,
  runStats,
  spread,
  summariseMethod,
  type MethodRuns,
} from '../../src/core/methodStats';
import { runsOfParser } from '../../src/core/viewModel';
import { parse, series } from './helpers';

const near = (actual: number | undefined, expected: number, what = ''): void =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);

const method = (name: string, cols: readonly ({ steps: number[]; values: number[] } | undefined)[]): MethodRuns => ({
  name,
  runs: cols.map((c, i) => ({ label: `${name}-seed${i + 1}`, column: c && series(c.steps, c.values) })),
});

test('final is the mean of the last k finite points, k clamped to what exists and reported', () => {
  const col = series([0, 10, 20, 30, 40], [0.5, 0.6, 0.9, NaN, 0.7]);
  // The NaN at 30 is skipped: the last 3 finite are 0.7, 0.9, 0.6.
  assert.deepEqual(finalMean(col, 3), { value: (0.7 + 0.9 + 0.6) / 3, k: 3 });
  assert.deepEqual(finalMean(col, 10), { value: (0.5 + 0.6 + 0.9 + 0.7) / 4, k: 4 });
  assert.deepEqual(finalMean(col, 0), { value: 0.7, k: 1 }, 'at least one point');
  assert.equal(finalMean(series([0, 1], [NaN, Infinity])), undefined);
});

test('best and its step follow the goal; the threshold step is the first reaching it that way, or none', () => {
  const acc = series([0, 10, 20, 30], [0.5, 0.8, NaN, 0.8]);
  const up = runStats(acc, { goal: 'max', k: 2, threshold: 0.75 })!;
  assert.deepEqual([up.best, up.bestStep, up.thresholdStep, up.finalK], [0.8, 10, 10, 2]);
  near(up.final, 0.8, 'final over 10 and 30, the NaN skipped');
  assert.equal(runStats(acc, { goal: 'max', threshold: 0.81 })!.thresholdStep, undefined, 'never reached');
  const loss = runStats(series([0, 5, 9], [2, 0.4, 0.6]), { goal: 'min', threshold: 0.5 })!;
  assert.deepEqual([loss.best, loss.bestStep, loss.thresholdStep], [0.4, 5, 5]);
  assert.equal(runStats(series([0], [NaN]), { goal: 'max' }), undefined, 'nothing finite: no statistics');
});

test('AUC is the trapezoid over the range, ends interpolated, NaN bridged, divided by the width', () => {
  const col = series([0, 10, 20, 30], [0, 1, NaN, 0.5]);
  // Finite points (0,0) (10,1) (30,0.5); at 5 the line is 0.5, at 25 it is 1 − 0.5·15/20 = 0.625.
  const byHand = ((0.5 + 1) / 2) * 5 + ((1 + 0.625) / 2) * 15;
  near(normalisedAuc(col, { from: 5, to: 25 }), byHand / 20, 'by hand');
  // The same by the midpoint rule on a fine grid of the piecewise-linear curve.
  const f = (s: number): number => (s <= 10 ? s / 10 : 1 - (0.5 * (s - 10)) / 20);
  let sum = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) sum += f(5 + (20 * (i + 0.5)) / n) / n;
  assert.ok(Math.abs(normalisedAuc(col, { from: 5, to: 25 })! - sum) < 1e-9);
  near(normalisedAuc(col, { from: 0, to: 30 }), (5 + 15) / 30, 'whole run');
  near(normalisedAuc(col, { from: 25, to: 25 }), 0.625, 'an empty range is the value there');
  near(normalisedAuc(col, { from: 10, to: 10 }), 1, 'at a point');
  assert.equal(normalisedAuc(col, { from: 0, to: 31 }), undefined, 'beyond the run');
  assert.equal(normalisedAuc(series([0, 10, 20], [1, 2, NaN]), { from: 0, to: 20 }), undefined, 'trailing NaN');
});

test('the common range is the latest first step to the earliest last one, on each run’s own grid', () => {
  const a = series([0, 10, 20, 30], [1, 1, 1, NaN]);
  const b = series([5, 7, 25, 40], [1, 1, 1, 1]);
  assert.deepEqual(commonRange([a, b]), { from: 5, to: 20 }, 'a’s trailing NaN ends it at 20');
  assert.deepEqual(commonRange([a, series([0], [NaN])]), { from: 0, to: 20 }, 'a run without values is left out');
  assert.equal(commonRange([series([0, 1], [1, 1]), series([2, 3], [1, 1])]), undefined, 'disjoint');
  assert.equal(commonRange([]), undefined);
});

test('spread is the mean and the sample standard deviation (n − 1), none for one value', () => {
  const xs = [2, 4, 4, 4, 5, 5, 7, 9];
  const mean = 5;
  const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
  const got = spread(xs);
  near(got.mean, mean);
  near(got.std, std);
  near(got.std, Math.sqrt(32 / 7), 'textbook');
  assert.deepEqual(spread([0.3]), { mean: 0.3, n: 1 });
  assert.ok(Number.isNaN(spread([]).mean));
});

test('a method’s runs without the metric are left out and counted; thresholds count the seeds reaching them', () => {
  const m = method('grpo', [
    { steps: [0, 10, 20], values: [0.5, 0.7, 0.8] },
    undefined,
    { steps: [0, 10], values: [NaN, NaN] },
    { steps: [0, 10, 20], values: [0.5, 0.6, 0.7] },
  ]);
  const s = summariseMethod(m, { goal: 'max', k: 1, threshold: 0.75 });
  assert.deepEqual(s.missing, ['grpo-seed2', 'grpo-seed3']);
  assert.deepEqual(
    s.runs.map((r) => r.label),
    ['grpo-seed1', 'grpo-seed4'],
  );
  near(s.stats.final.mean, 0.75);
  near(s.stats.final.std, Math.sqrt(((0.8 - 0.75) ** 2 + (0.7 - 0.75) ** 2) / 1));
  assert.deepEqual(s.stats.thresholdStep, { mean: 20, n: 1 }, 'only seed1 reaches 0.75');
  assert.equal(s.stats.auc.n, 0, 'no range, no AUC');
});

test('methods on different step grids compare over their common range; unequal seed counts get an interval', () => {
  const a = method('mel', [
    { steps: [0, 10, 20, 30], values: [0.1, 0.5, 0.7, 0.8] },
    { steps: [0, 5, 15, 25], values: [0.1, 0.4, 0.6, 0.9] },
    { steps: [0, 10, 20, 30], values: [0.2, 0.5, NaN, 0.7] },
  ]);
  const b = method('grpo', [
    { steps: [2, 12, 22], values: [0.1, 0.3, 0.5] },
    { steps: [2, 12, 22], values: [0.1, 0.2, 0.4] },
  ]);
  const c = compareMethods([a, b, method('none', [undefined])], { goal: 'max', k: 1 });
  assert.deepEqual(c.range, { from: 2, to: 22 });
  assert.equal(c.methods.length, 3);
  assert.equal(c.pairs.length, 1, 'a method without the metric is in no pair');
  const [pair] = c.pairs;
  // Run 1 of mel over [2, 22]: the trapezoids of its linear pieces, ends at 2 (0.18) and 22 (0.72).
  const auc1 = ((0.18 + 0.5) / 2) * 8 + ((0.5 + 0.7) / 2) * 10 + ((0.7 + 0.72) / 2) * 2;
  near(pair!.a.runs[0]!.stats.auc, auc1 / 20, 'mel-seed1 AUC');
  const auc = pair!.a.runs.map((r) => r.stats.auc!);
  near(pair!.a.stats.auc.mean, (auc[0]! + auc[1]! + auc[2]!) / 3);
  near(pair!.stats.final.difference, (0.8 + 0.9 + 0.7) / 3 - (0.5 + 0.4) / 2, 'final difference is A − B');
  assert.deepEqual(pair!.stats.final.n, [3, 2]);
  assert.ok(pair!.stats.final.interval, '3 vs 2 seeds: an interval');
  assert.equal(pair!.stats.final.favours, 'a');
  assert.equal(pair!.stats.final.excludesZero, true, 'every mel seed ends above every grpo seed');
});

test('with one seed on either side there is no interval, and the reason says so', () => {
  const one = (name: string, v: number): MethodRuns => method(name, [{ steps: [0, 10], values: [0, v] }]);
  const three = method(
    'c',
    [0.5, 0.6, 0.7].map((v) => ({ steps: [0, 10], values: [0, v] })),
  );
  const [ab, ac] = compareMethods([one('a', 0.5), one('b', 0.4), three], { goal: 'max' }).pairs;
  assert.equal(ab!.stats.final.noInterval, 'one seed per method: no interval');
  assert.equal(ab!.stats.final.interval, undefined);
  assert.equal(ab!.stats.final.excludesZero, false);
  near(ab!.stats.final.difference, 0.05, 'the difference is still given (final = mean of 0 and 0.5 vs 0 and 0.4)');
  assert.equal(ac!.stats.final.noInterval, 'one seed of a: no interval');
});

test('for a lower-is-better metric, the lower method is favoured and so is the one reaching sooner', () => {
  const a = method(
    'a',
    [0.2, 0.3].map((v) => ({ steps: [0, 10, 20], values: [1, 0.5, v] })),
  );
  const b = method(
    'b',
    [0.6, 0.7].map((v) => ({ steps: [0, 10, 20], values: [1, 0.9, v] })),
  );
  const [pair] = compareMethods([a, b], { goal: 'min', threshold: 0.65 }).pairs;
  assert.ok(pair!.stats.final.difference < 0);
  assert.equal(pair!.stats.final.favours, 'a');
  assert.equal(pair!.stats.thresholdStep.difference, 10 - 20);
  assert.equal(pair!.stats.thresholdStep.favours, 'a', 'sooner is better');
  assert.equal(pair!.stats.bestStep.favours, undefined, 'the best’s step has no better way');
});

test('the bootstrap is deterministic for a seed and resamples each method on its own', () => {
  const a = [0.81, 0.79, 0.84, 0.8];
  const b = [0.78, 0.8, 0.77];
  assert.deepEqual(bootstrapInterval(a, b, 2000, 7), bootstrapInterval(a, b, 2000, 7));
  assert.notDeepEqual(bootstrapInterval(a, b, 2000, 7), bootstrapInterval(a, b, 2000, 8));
  // A constant B moves the interval by its value only: the spread is all A's.
  const shifted = bootstrapInterval(a, [0.5, 0.5], 2000, 3);
  const alone = bootstrapInterval(a, [0, 0], 2000, 3);
  near(shifted.low, alone.low - 0.5);
  near(shifted.high, alone.high - 0.5);
});

/** Every equally likely resample of xs (ordered draws with replacement): their means. */
function allMeans(xs: readonly number[]): number[] {
  let draws: number[][] = [[]];
  for (let i = 0; i < xs.length; i++) draws = draws.flatMap((d) => xs.map((x) => [...d, x]));
  return draws.map((d) => d.reduce((s, v) => s + v, 0) / d.length);
}

/** The exact bootstrap distribution of mean(a*) − mean(b*), every outcome equally likely. */
function exactDifferences(a: readonly number[], b: readonly number[]): number[] {
  const mb = allMeans(b);
  return allMeans(a)
    .flatMap((x) => mb.map((y) => x - y))
    .sort((x, y) => x - y);
}

test('2 vs 2 seeds: the interval lies within the 16 exact resamples and, with many resamples, spans them', () => {
  const a = [0.8, 0.84];
  const b = [0.78, 0.79];
  const exact = exactDifferences(a, b);
  assert.equal(exact.length, 16);
  const [min, max] = [exact[0]!, exact[15]!];
  const small = bootstrapInterval(a, b, 2000);
  assert.ok(small.low >= min - 1e-12 && small.high <= max + 1e-12, JSON.stringify(small));
  // min − max: A draws 0.8 twice and B 0.79 twice, chance 1/16 > 2.5%: the percentiles are the extremes.
  const big = bootstrapInterval(a, b, 200000);
  near(big.low, min, 'low');
  near(big.high, max, 'high');
});

test('3 vs 3 seeds: with many resamples the percentiles are the exact distribution’s quantiles', () => {
  const a = [0.8, 0.83, 0.9];
  const b = [0.7, 0.78, 0.79];
  const exact = exactDifferences(a, b);
  assert.equal(exact.length, 27 * 27);
  const cdfBelow = (v: number): number => exact.filter((d) => d < v - 1e-12).length / exact.length;
  const cdfAtMost = (v: number): number => exact.filter((d) => d <= v + 1e-12).length / exact.length;
  const { low, high } = bootstrapInterval(a, b, 200000, 11);
  // A quantile q of a discrete distribution: P(D < v) ≤ q ≤ P(D ≤ v), here within sampling error.
  for (const [v, q] of [
    [low, 0.025],
    [high, 0.975],
  ] as const) {
    assert.ok(cdfBelow(v) <= q + 0.003 && cdfAtMost(v) >= q - 0.003, `${v}: ${cdfBelow(v)}…${cdfAtMost(v)} vs ${q}`);
  }
  assert.ok(low > exact[0]! && high < exact.at(-1)!, 'not the extremes: they are rarer than 2.5%');
});

test('steps to reach B’s best are read off each method’s mean curve within the common range', () => {
  const a = method('a', [
    { steps: [0, 10, 20, 30], values: [0, 0.6, 0.8, 0.9] },
    { steps: [0, 10, 20, 30], values: [0, 0.4, 0.6, 0.9] },
  ]);
  const b = method('b', [
    { steps: [0, 10, 20, 30, 40], values: [0, 0.2, 0.5, 0.6, 0.99] },
    { steps: [0, 10, 20, 30, 40], values: [0, 0.4, 0.5, 0.6, 0.99] },
  ]);
  const [pair] = compareMethods([a, b], { goal: 'max' }).pairs;
  // Common range 0–30 (b's step 40 is outside it). Means: a 0, 0.5, 0.7, 0.9; b 0, 0.3, 0.5, 0.6.
  assert.deepEqual(pair!.reachBest, { target: 0.6, stepB: 30, stepA: 20, ratio: 20 / 30 });
  const [back] = compareMethods([b, a], { goal: 'max' }).pairs;
  assert.deepEqual(back!.reachBest, { target: 0.9, stepB: 30, stepA: undefined, ratio: undefined });
  // Over an explicit range past one seed's end, the mean curve stops where a seed is missing, rather
  // than becoming the other seed alone (which reaches 1.0 at step 40).
  const longer = method('a', [
    { steps: [0, 10, 20, 30], values: [0, 0.6, 0.8, 0.9] },
    { steps: [0, 10, 20, 30, 40], values: [0, 0.4, 0.6, 0.9, 1] },
  ]);
  const [wide] = compareMethods([longer, b], { goal: 'max', range: { from: 0, to: 40 } }).pairs;
  assert.deepEqual(wide!.reachBest, { target: 0.99, stepB: 40, stepA: undefined, ratio: undefined });
  assert.equal(wide!.a.stats.auc.n, 1, 'the seed that stops at 30 has no AUC over 0–40');
});

test('on samples/seeds the two methods group by name and compare over steps 0–120 on MATH500', () => {
  const metric = 'val-core/MATH500/acc/mean@1';
  const dir = join(__dirname, '../../../samples/seeds');
  const runs = ['dapo', 'drgrpo'].flatMap((m) =>
    [1, 2, 3].flatMap((s) =>
      runsOfParser(parse(readFileSync(join(dir, `${m}-seed${s}.metrics.jsonl`), 'utf8'), `${m}-seed${s}`)),
    ),
  );
  const methods = methodsOf(runs, metric);
  assert.deepEqual(
    methods.map((m) => [m.name, m.runs.length]),
    [
      ['dapo', 3],
      ['drgrpo', 3],
    ],
  );
  const c = compareMethods(methods, { goal: 'max', threshold: 0.8 });
  assert.deepEqual(c.range, { from: 0, to: 120 }, 'dapo-seed3 stops at 120');
  const again = compareMethods(methods, { goal: 'max', threshold: 0.8 });
  assert.deepEqual(again.pairs[0]!.stats, c.pairs[0]!.stats, 'the same data gives the same intervals');
  near(c.methods[0]!.stats.best.mean, (0.863 + 0.855 + 0.849) / 3, 'dapo best');
  assert.equal(c.methods[0]!.stats.final.n, 3);
});
