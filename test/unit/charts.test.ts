import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildCharts,
  ColumnMemo,
  DEFAULT_SETTINGS,
  seedGroups,
  stepFieldOf,
  xMetricChoices,
  type RunColumns,
} from '../../src/core/charts';
import { emaDebiased } from '../../src/core/smoothing';
import type { ViewSettings } from '../../src/protocol';
import { noisyRun, series } from './helpers';

function settings(patch: Partial<ViewSettings>): ViewSettings {
  return { ...DEFAULT_SETTINGS, ...patch };
}

test('a zoomed range is re-downsampled from the full column: every step in it comes back', () => {
  const runs = [noisyRun('a', 'val/acc', 10_000)];
  const [overview] = buildCharts(runs, 100);
  assert.ok(overview);
  assert.ok(overview.series[0]!.x.length <= 200);
  assert.equal(overview.series[0]!.total, 10_000);
  const [zoomed] = buildCharts(runs, 100, undefined, settings({ range: { min: 1000, max: 1100 } }));
  assert.ok(zoomed);
  const x = [...zoomed.series[0]!.x];
  // 101 steps in range plus one either side, so the line reaches the edges.
  assert.deepEqual(
    x,
    Array.from({ length: 103 }, (_, i) => 999 + i),
  );
});

test('smoothing is computed on the full column and sampled at the drawn points', () => {
  const runs = [noisyRun('a', 'val/acc', 5000)];
  const [chart] = buildCharts(runs, 100, undefined, settings({ smoothing: { kind: 'ema', weight: 0.9 } }));
  assert.ok(chart);
  const { x, y, smoothed } = chart.series[0]!;
  assert.ok(smoothed && smoothed.length === x.length);
  const full = emaDebiased(runs[0]!.metrics.get('val/acc')!, 0.9);
  for (let i = 0; i < x.length; i++) assert.equal(smoothed[i], full[x[i]!], `smoothed at step ${x[i]}`);
  // The raw values stay as they were.
  assert.ok([...y].some((v, i) => v !== smoothed[i]));
  assert.equal(buildCharts(runs, 100)[0]!.series[0]!.smoothed, undefined, 'off at weight 0');
});

test('with smoothing, ±Infinity is a gap in the smoothed line as in the raw one, not a spike', () => {
  // As samples/malformed.metrics.jsonl logs them: an Infinity and a -Infinity among finite values.
  const col = series([0, 1, 2, 3, 4], [0.4, Infinity, 0.5, -Infinity, 0.6]);
  const run: RunColumns = { id: 'a', label: 'a', metrics: new Map([['val/acc', col]]), times: series([], []) };
  const [chart] = buildCharts([run], 100, undefined, settings({ smoothing: { kind: 'ema', weight: 0.6 } }));
  assert.ok(chart);
  const { y, smoothed } = chart.series[0]!;
  assert.deepEqual([...y].map(Number.isNaN), [false, true, false, true, false]);
  assert.deepEqual([...smoothed!].map(Number.isNaN), [false, true, false, true, false]);
  assert.ok(
    [...smoothed!].every((v) => Number.isNaN(v) || (v >= 0.4 && v <= 0.6)),
    JSON.stringify([...smoothed!]),
  );
});

test('a series with nothing finite in view says how many NaN, Infinity and -Infinity values it has there', () => {
  const metrics = new Map([
    // samples/malformed.metrics.jsonl: actor/grad_norm is -Infinity at its one step.
    ['actor/grad_norm', series([9], [-Infinity])],
    ['actor/kl_loss', series([0, 1, 2, 3, 4, 5], [NaN, Infinity, -Infinity, -Infinity, NaN, 0.5])],
  ]);
  const run: RunColumns = { id: 'a', label: 'a', metrics, times: series([], []) };
  const charts = new Map(buildCharts([run], 100).map((c) => [c.id, c.series[0]]));
  const grad = charts.get('actor/grad_norm')!;
  assert.ok(Number.isNaN(grad.y[0]), 'drawn as a gap');
  assert.deepEqual(grad.nonFinite, { nan: 0, posInf: 0, negInf: 1 });
  assert.equal(charts.get('actor/kl_loss')!.nonFinite, undefined, 'something to draw');
  // Zoomed to steps 1–3 (drawn with 0 and 4 either side): the counts are of the range.
  const zoomed = buildCharts([run], 100, undefined, settings({ range: { min: 1, max: 3 } })).find(
    (c) => c.id === 'actor/kl_loss',
  )!;
  assert.deepEqual(zoomed.series[0]!.nonFinite, { nan: 0, posInf: 1, negInf: 2 });
});

test('each series carries its last value and its best one: highest for scores, lowest for losses', () => {
  const acc = series([0, 10, 20, 30], [0.5, 0.9, 0.7, NaN]);
  const loss = series([0, 10, 20, 30], [2, 0.4, 0.9, 0.5]);
  const run: RunColumns = {
    id: 'a',
    label: 'a',
    metrics: new Map([
      ['val/acc', acc],
      ['train/loss', loss],
    ]),
    times: series([], []),
  };
  const charts = new Map(buildCharts([run], 100).map((c) => [c.id, c]));
  const accChart = charts.get('val/acc')!;
  assert.equal(accChart.goal, 'max');
  assert.deepEqual(accChart.series[0]!.best, { step: 10, x: 10, value: 0.9 });
  assert.deepEqual(accChart.series[0]!.last, { step: 20, x: 20, value: 0.7 });
  const lossChart = charts.get('train/loss')!;
  assert.equal(lossChart.goal, 'min');
  assert.deepEqual(lossChart.series[0]!.best, { step: 10, x: 10, value: 0.4 });
});

test('a best point is finite, and the earliest of equal bests', () => {
  // A loss must not be "best" at a logged -Infinity, nor an accuracy at +Infinity.
  const loss = series([0, 10, 20, 30, 40, 50], [2, NaN, -Infinity, 0.4, 0.4, Infinity]);
  const acc = series([0, 10, 20, 30, 40, 50], [0.5, Infinity, NaN, 0.9, 0.9, -Infinity]);
  const run: RunColumns = {
    id: 'a',
    label: 'a',
    metrics: new Map([
      ['train/loss', loss],
      ['val/acc', acc],
    ]),
    times: series([], []),
  };
  const charts = new Map(buildCharts([run], 100).map((c) => [c.id, c.series[0]]));
  assert.deepEqual(charts.get('train/loss')!.best, { step: 30, x: 30, value: 0.4 });
  assert.deepEqual(charts.get('val/acc')!.best, { step: 30, x: 30, value: 0.9 });
  const nothing = series([0, 1], [NaN, -Infinity]);
  const empty: RunColumns = { ...run, metrics: new Map([['train/loss', nothing]]) };
  assert.equal(buildCharts([empty], 100)[0]!.series[0]!.best, undefined);
});

test('ignoring outliers sends the 5th–95th percentile of the values in view as the y range', () => {
  const steps = Array.from({ length: 101 }, (_, i) => i);
  const values = steps.map((s) => (s === 50 ? 1e6 : s));
  const run: RunColumns = {
    id: 'a',
    label: 'a',
    metrics: new Map([['val/acc', series(steps, values)]]),
    times: series([], []),
  };
  assert.equal(buildCharts([run], 100)[0]!.yRange, undefined, 'only when asked');
  const [chart] = buildCharts([run], 100, undefined, settings({ ignoreOutliers: true }));
  assert.ok(chart);
  // 101 values sorted: 0–49, 51–100, then the spike; ranks 5 and 95 are 5 and 96.
  assert.deepEqual(chart.yRange, { min: 5, max: 96 });
  const [zoomed] = buildCharts([run], 100, undefined, settings({ ignoreOutliers: true, range: { min: 0, max: 20 } }));
  assert.ok(zoomed);
  assert.deepEqual(zoomed.yRange, { min: 1, max: 19 });
});

test('against relative time, x is seconds since the run’s first logged time; best keeps its step', () => {
  const times = series([0, 1, 2, 3], [1000, 1060, 1120, 1180]);
  const run: RunColumns = {
    id: 'a',
    label: 'a',
    metrics: new Map([['val/acc', series([0, 2, 3], [0.1, 0.9, 0.5])]]),
    times,
  };
  const [rel] = buildCharts([run], 100, undefined, settings({ xAxis: 'relative' }));
  assert.ok(rel);
  assert.deepEqual([...rel.series[0]!.x], [0, 120, 180]);
  assert.deepEqual(rel.series[0]!.best, { step: 2, x: 120, value: 0.9 });
  const [wall] = buildCharts([run], 100, undefined, settings({ xAxis: 'wall' }));
  assert.ok(wall);
  assert.deepEqual([...wall.series[0]!.x], [1000, 1120, 1180]);
  // A run without times has nothing to plot against time, but its summary stays.
  const untimed: RunColumns = { ...run, times: series([], []) };
  const [none] = buildCharts([untimed], 100, undefined, settings({ xAxis: 'relative' }));
  assert.ok(none);
  assert.equal(none.series[0]!.x.length, 0);
  assert.deepEqual(none.series[0]!.best, { step: 2, x: undefined, value: 0.9 });
});

test('a memo kept across zooms and setting changes gives what a fresh build gives', () => {
  const runs = [noisyRun('a', 'val/acc', 5_000), noisyRun('b', 'val/acc', 3_000)];
  const memo = new ColumnMemo();
  const steps: Partial<ViewSettings>[] = [
    { smoothing: { kind: 'ema', weight: 0.5 } },
    { smoothing: { kind: 'ema', weight: 0.9 }, range: { min: 100, max: 400 } },
    { smoothing: { kind: 'twema', weight: 0.9 }, threshold: 0.5 },
    { smoothing: { kind: 'ema', weight: 0 }, threshold: 0.7, summaryStep: 1234 },
  ];
  for (const patch of steps) {
    assert.deepEqual(
      buildCharts(runs, 100, undefined, settings(patch), memo),
      buildCharts(runs, 100, undefined, settings(patch)),
      JSON.stringify(patch),
    );
  }
  // Zooming and panning again computes nothing anew: smoothed columns and marks come from the memo.
  const smoothed = settings({ smoothing: { kind: 'ema', weight: 0.5 } });
  buildCharts(runs, 100, undefined, smoothed, memo);
  const before = memo.computed;
  for (const range of [{ min: 10, max: 900 }, { min: 500, max: 2500 }, undefined])
    buildCharts(runs, 100, undefined, { ...smoothed, range }, memo);
  assert.equal(memo.computed, before);
});

test('against time and in seed groups too, zooms reuse what the first chart derived and give what a fresh build gives', () => {
  const times = series(
    Array.from({ length: 5_000 }, (_, i) => i),
    Array.from({ length: 5_000 }, (_, i) => 1000 + 2 * i),
  );
  const runs = ['a', 'b', 'c'].map((id) => ({ ...noisyRun(`${id}-seed1`, 'val/acc', 5_000, times), method: 'grpo' }));
  for (const patch of [
    { xAxis: 'relative' as const },
    { groups: 'minmax' as const },
    { groups: 'std' as const, xAxis: 'wall' as const },
  ]) {
    const memo = new ColumnMemo();
    buildCharts(runs, 100, undefined, settings({ ...patch, smoothing: { kind: 'ema', weight: 0.6 } }), memo);
    const before = memo.computed;
    for (const range of [{ min: 100, max: 4000 }, { min: 2000, max: 2500 }, undefined]) {
      const zoomed = settings({ ...patch, smoothing: { kind: 'ema', weight: 0.6 }, range });
      assert.deepEqual(buildCharts(runs, 100, undefined, zoomed, memo), buildCharts(runs, 100, undefined, zoomed));
    }
    assert.equal(memo.computed, before, JSON.stringify(patch));
  }
});

test('the memo keeps a few smoothed copies per column, not one per slider position', () => {
  const runs = [noisyRun('a', 'val/acc', 1_000)];
  const memo = new ColumnMemo();
  for (let w = 0.5; w < 0.99; w += 0.01)
    buildCharts(runs, 100, undefined, settings({ smoothing: { kind: 'ema', weight: w } }), memo);
  const computed = memo.computed;
  // A weight dragged past long ago is computed again; one just used is not.
  buildCharts(runs, 100, undefined, settings({ smoothing: { kind: 'ema', weight: 0.5 } }), memo);
  assert.equal(memo.computed, computed + 1);
  buildCharts(runs, 100, undefined, settings({ smoothing: { kind: 'ema', weight: 0.5 } }), memo);
  assert.equal(memo.computed, computed + 1);
});

test('dual-axis mode charts each benchmark’s score and length together, instead of on their own', () => {
  const metrics = (acc: number[], len: number[]) =>
    new Map([
      ['val/MATH500/accuracy', series([0, 10, 20], acc)],
      ['val/MATH500/response_length/mean', series([0, 10, 20], len)],
      ['val/GPQA/accuracy', series([0, 10, 20], acc)],
      ['val/GPQA/response_length/mean', series([0, 10, 20], len)],
      ['val/GPQA/response_length/max', series([0, 10, 20], len)],
      ['actor/kl_loss', series([0, 10, 20], [0, 0.1, 0.2])],
    ]);
  const one: RunColumns = {
    id: 'a',
    label: 'grpo',
    metrics: metrics([0.82, 0.9, 0.86], [4000, 5000, 6000]),
    times: series([], []),
  };
  const dual = settings({ dualAxis: { left: 'accuracy', right: 'response_length/mean' } });
  const charts = buildCharts([one], 100, undefined, dual);
  assert.deepEqual(
    charts.map((c) => [c.id, c.title, c.section]),
    [
      ['val/MATH500/accuracy & val/MATH500/response_length/mean', 'MATH500', 'accuracy and response_length/mean'],
      ['val/GPQA/accuracy & val/GPQA/response_length/mean', 'GPQA', 'accuracy and response_length/mean'],
      ['val/GPQA/response_length/max', 'response_length/max', 'GPQA'],
      ['actor/kl_loss', 'kl_loss', 'actor'],
    ],
  );
  const [math] = charts;
  assert.ok(math);
  assert.deepEqual(math.dual, {
    left: { name: 'accuracy', full: 'val/MATH500/accuracy' },
    right: { name: 'response_length/mean', full: 'val/MATH500/response_length/mean' },
  });
  assert.deepEqual(
    math.series.map((s) => [s.label, s.axis, [...s.y]]),
    [
      ['accuracy', 'left', [0.82, 0.9, 0.86]],
      ['response_length/mean', 'right', [4000, 5000, 6000]],
    ],
  );
  // The best point is the score's; a length has none.
  assert.deepEqual(math.series[0]!.best, { step: 10, x: 10, value: 0.9 });
  assert.equal(math.series[1]!.best, undefined);
  assert.deepEqual(math.series[1]!.last, { step: 20, x: 20, value: 6000 });

  // Two runs: one series per run and axis, each label naming both.
  const two: RunColumns = { ...one, id: 'b', label: 'mel' };
  assert.deepEqual(
    buildCharts([one, two], 100, undefined, dual)[0]!.series.map((s) => [s.run, s.label, s.axis]),
    [
      ['a', 'grpo · accuracy', 'left'],
      ['b', 'mel · accuracy', 'left'],
      ['a', 'grpo · response_length/mean', 'right'],
      ['b', 'mel · response_length/mean', 'right'],
    ],
  );
  // Without the mode, every metric has its own chart and no series has an axis.
  const plain = buildCharts([one], 100);
  assert.equal(plain.length, 6);
  assert.ok(plain.every((c) => c.dual === undefined && c.series.every((s) => s.axis === undefined)));
});

test('seed groups are drawn as one line, the mean, with its band; other runs stay plain', () => {
  const run = (id: string, values: number[], method?: string): RunColumns => ({
    id: `dir/${id}#${id}`,
    label: id,
    method,
    metrics: new Map([['val/acc', series([0, 10, 20], values)]]),
    times: series([], []),
  });
  const runs = [
    run('grpo-seed1', [0.1, 0.5, 0.6]),
    run('mel', [0.2, 0.3, 0.4]),
    run('grpo-seed2', [0.3, 0.7, 0.8]),
    run('grpo_s3', [0.2, 0.9, 0.4]),
  ];
  assert.deepEqual(seedGroups(runs), [
    {
      id: 'group\u0000grpo',
      label: 'grpo (3 seeds)',
      members: ['dir/grpo-seed1#grpo-seed1', 'dir/grpo-seed2#grpo-seed2', 'dir/grpo_s3#grpo_s3'],
    },
  ]);
  const round = (a: Float64Array | undefined) => [...(a ?? [])].map((v) => Number(v.toFixed(10)));

  // Off: one line per run, no band.
  assert.deepEqual(
    buildCharts(runs, 100)[0]!.series.map((s) => [s.label, s.band]),
    [
      ['grpo-seed1', undefined],
      ['mel', undefined],
      ['grpo-seed2', undefined],
      ['grpo_s3', undefined],
    ],
  );

  const [minmax] = buildCharts(runs, 100, undefined, settings({ groups: 'minmax' }));
  assert.ok(minmax);
  assert.deepEqual(
    minmax.series.map((s) => [s.run, s.label]),
    [
      ['group\u0000grpo', 'grpo (3 seeds)'],
      ['dir/mel#mel', 'mel'],
    ],
  );
  const [grpo, mel] = minmax.series;
  assert.ok(grpo && mel);
  assert.deepEqual(round(grpo.y), [0.2, 0.7, 0.6]);
  assert.deepEqual(round(grpo.band?.lower), [0.1, 0.5, 0.4]);
  assert.deepEqual(round(grpo.band?.upper), [0.3, 0.9, 0.8]);
  assert.deepEqual([...grpo.band!.count], [3, 3, 3]);
  assert.equal(mel.band, undefined);
  // Last and best are the mean's: the summary and the best ring read the group's line.
  assert.deepEqual([grpo.best?.step, grpo.best?.x, grpo.best?.value.toFixed(10)], [10, 10, '0.7000000000']);
  assert.deepEqual([grpo.last?.step, grpo.last?.value.toFixed(10)], [20, '0.6000000000']);

  // ±std at step 10: values 0.5, 0.7, 0.9, sample std 0.2.
  const [std] = buildCharts(runs, 100, undefined, settings({ groups: 'std' }));
  assert.ok(std);
  assert.deepEqual(round(std.series[0]!.band?.lower).slice(1, 2), [0.5]);
  assert.deepEqual(round(std.series[0]!.band?.upper).slice(1, 2), [0.9]);

  // Smoothing smooths the mean and the band's edges alike; the raw mean stays in y.
  const [smooth] = buildCharts(
    runs,
    100,
    undefined,
    settings({ groups: 'minmax', smoothing: { kind: 'ema', weight: 0.5 } }),
  );
  assert.ok(smooth);
  const g = smooth.series[0]!;
  const ema = (v: number[]) => [...emaDebiased(series([0, 10, 20], v), 0.5)].map((x) => Number(x.toFixed(10)));
  assert.deepEqual(round(g.smoothed), ema([0.2, 0.7, 0.6]));
  assert.deepEqual(round(g.band?.lower), ema([0.1, 0.5, 0.4]));
  assert.deepEqual(round(g.band?.upper), ema([0.3, 0.9, 0.8]));
  assert.deepEqual(round(g.y), [0.2, 0.7, 0.6]);
});

test('runs sharing a method are a group, labelled by the members that logged the metric', () => {
  const run = (id: string, metrics: [string, number[]][]): RunColumns => ({
    id,
    label: `${id} run`,
    method: 'GRPO',
    metrics: new Map(metrics.map(([m, v]) => [m, series([0, 1], v)])),
    times: series([], []),
  });
  const runs = [
    run('a', [
      ['val/acc', [1, 2]],
      ['loss', [3, 4]],
    ]),
    run('b', [['val/acc', [3, 4]]]),
  ];
  const charts = new Map(buildCharts(runs, 100, undefined, settings({ groups: 'sem' })).map((c) => [c.id, c]));
  assert.deepEqual(
    charts.get('val/acc')!.series.map((s) => [s.label, [...s.y]]),
    [['GRPO (2 seeds)', [2, 3]]],
  );
  // Only one member logged the loss: its line is that member's values, with no width.
  const [loss] = charts.get('loss')!.series;
  assert.ok(loss);
  assert.deepEqual(
    [loss.label, [...loss.y], [...loss.band!.lower], [...loss.band!.upper]],
    ['GRPO (1 seed)', [3, 4], [3, 4], [3, 4]],
  );
});

test('the value at a chosen step and the first step reaching a threshold come from the full columns', () => {
  const acc = series([0, 10, 20, 30], [0.5, 0.9, NaN, 0.7]);
  const loss = series([0, 10, 20, 30], [2, 0.9, 0.6, 0.8]);
  const run: RunColumns = {
    id: 'a',
    label: 'a',
    metrics: new Map([
      ['val/acc', acc],
      ['train/loss', loss],
    ]),
    times: series([], []),
  };
  const build = (patch: Partial<ViewSettings>) =>
    new Map(buildCharts([run], 100, undefined, settings(patch)).map((c) => [c.id, c.series[0]]));
  const off = build({});
  assert.equal(off.get('val/acc')!.at, undefined);
  assert.equal(off.get('val/acc')!.reached, undefined);
  // Step 25 was not logged: the last finite value before it is step 10's (step 20 is a gap).
  const on = build({ summaryStep: 25, threshold: 0.8 });
  assert.deepEqual(on.get('val/acc')!.at, { step: 10, x: 10, value: 0.9 });
  assert.deepEqual(on.get('val/acc')!.reached, { step: 10, x: 10, value: 0.9 });
  // A loss reaches a threshold going down.
  assert.deepEqual(on.get('train/loss')!.at, { step: 20, x: 20, value: 0.6 });
  assert.deepEqual(on.get('train/loss')!.reached, { step: 20, x: 20, value: 0.6 });
  assert.equal(build({ summaryStep: -1, threshold: 0.95 }).get('val/acc')!.at, undefined, 'before the first step');
  assert.equal(build({ threshold: 0.95 }).get('val/acc')!.reached, undefined, 'never reached');
});

test('against a logged metric, x is its value at each point’s step, and each point keeps its step', () => {
  const run: RunColumns = {
    id: 'a',
    label: 'a',
    metrics: new Map([
      ['val/acc', series([0, 10, 20], [0.74, 0.8, 0.78])],
      ['perf/total_num_tokens', series([0, 5, 10, 15, 20], [2e6, 4e6, 6e6, 8e6, 1e7])],
    ]),
    times: series([], []),
  };
  assert.deepEqual(xMetricChoices([run]), ['perf/total_num_tokens']);
  const charts = buildCharts([run], 100, undefined, settings({ xAxis: 'metric:perf/total_num_tokens' }));
  const acc = charts.find((c) => c.id === 'val/acc')!.series[0]!;
  assert.deepEqual([...acc.x], [2e6, 6e6, 1e7]);
  assert.deepEqual([...acc.steps!], [0, 10, 20]);
  assert.deepEqual(acc.best, { step: 10, x: 6e6, value: 0.8 });
  // Against steps, points need no steps of their own.
  assert.equal(buildCharts([run], 100)[0]!.series[0]!.steps, undefined);
  // A run that did not log the metric has nothing to plot against it.
  const other: RunColumns = { ...run, id: 'b', metrics: new Map([['val/acc', series([0], [0.5])]]) };
  const [none] = buildCharts([other], 100, undefined, settings({ xAxis: 'metric:perf/total_num_tokens' }));
  assert.ok(none);
  assert.equal(none.series[0]!.x.length, 0);
});

test('the step axis names the field steps come from, and no chart is drawn for progress fields', () => {
  const keras = { ...noisyRun('keras', 'val_loss', 5), stepField: 'epoch' };
  const llama: RunColumns = {
    ...noisyRun('llama', 'loss', 5),
    stepField: 'current_steps',
    metrics: new Map([
      ['loss', series([10, 20], [2, 1])],
      ['percentage', series([10, 20], [50, 100])],
    ]),
  };
  assert.equal(stepFieldOf([noisyRun('plain', 'loss', 3)]), undefined);
  assert.equal(stepFieldOf([keras]), 'epoch');
  assert.equal(stepFieldOf([keras, llama]), 'epoch / current_steps');
  assert.deepEqual(
    buildCharts([llama], 100).map((c) => c.id),
    ['loss'],
  );
  // Each chart names the fields of the runs drawn in it.
  const byId = new Map(buildCharts([keras, llama], 100).map((c) => [c.id, c.stepField]));
  assert.deepEqual(Object.fromEntries(byId), { val_loss: 'epoch', loss: 'current_steps' });
  // Still an x axis to choose.
  assert.ok(xMetricChoices([llama], new ColumnMemo()).includes('percentage'));
});
