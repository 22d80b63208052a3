import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goalOf, percentiles } from '../../src/core/summary';
import { byX, firstTime, monotoneMetrics } from '../../src/core/xaxis';
import { csvField } from '../../src/core/csv';
import { points, series } from './helpers';

test('losses, errors, perplexity, KL and timings are better low; scores and rewards high', () => {
  for (const name of [
    'actor/kl_loss',
    'train/loss',
    'eval/perplexity',
    'val/wer',
    'timing_s/step',
    'critic/vf_loss',
    'actor/kl',
  ]) {
    assert.equal(goalOf(name), 'min', name);
  }
  for (const name of [
    'val/math500/acc',
    'critic/rewards/mean',
    'val-core/aime24/mean@4',
    'response_length/mean',
    'eval/glossary_acc',
  ]) {
    assert.equal(goalOf(name), 'max', name);
  }
});

test('percentiles interpolate between ranks like numpy, ignoring gaps', () => {
  // numpy.percentile(range(1, 11), [5, 50, 95]) == [1.45, 5.5, 9.55]
  const values = [10, 3, NaN, 1, 2, 9, 4, 5, Infinity, 6, 7, 8];
  const [p5, p50, p95] = percentiles(values, [5, 50, 95]);
  assert.ok(Math.abs(p5! - 1.45) < 1e-12);
  assert.equal(p50, 5.5);
  assert.ok(Math.abs(p95! - 9.55) < 1e-12);
  assert.deepEqual(percentiles([7], [5, 95]), [7, 7]);
  assert.ok(percentiles([NaN], [5]).every(Number.isNaN));
});

test('byX plots each point at its step’s logged time, dropping untimed points and clock jumps back', () => {
  const col = series([0, 1, 2, 3, 4], [0.1, 0.2, 0.3, 0.4, 0.5]);
  const times = series([0, 2, 3, 4], [100, 130, 125, 160]);
  const byTime = byX(col, times, 100);
  assert.deepEqual(points(byTime), [
    [0, 0.1],
    [30, 0.3],
    [60, 0.5],
  ]);
  // Each point still knows its step, for the tooltip.
  assert.deepEqual([...byTime.sourceSteps.subarray(0, byTime.length)], [0, 2, 4]);
  assert.equal(firstTime(times), 100);
  assert.equal(firstTime(series([0], [NaN])), undefined);
  assert.equal(byX(col, series([], [])).length, 0);
});

test('byX pairs a metric with another by step: accuracy against tokens seen', () => {
  const acc = series([0, 10, 20, 30], [0.74, 0.77, 0.79, 0.8]);
  // Tokens logged every 10 steps from step 0, with a gap at 20 (NaN): that point has no x.
  const tokens = series([0, 5, 10, 15, 20, 25, 30], [0, 1e6, 2e6, 3e6, NaN, 5e6, 6e6]);
  const against = byX(acc, tokens);
  assert.deepEqual(points(against), [
    [0, 0.74],
    [2e6, 0.77],
    [6e6, 0.8],
  ]);
  assert.deepEqual([...against.sourceSteps.subarray(0, against.length)], [0, 10, 30]);
});

test('the metrics that can be an x axis only grow, in every run that logs them', () => {
  const run1 = new Map([
    ['perf/total_num_tokens', series([0, 1, 2, 3], [100, 200, 200, 350])],
    ['epoch', series([0, 1, 2], [0, NaN, 1])],
    ['actor/lr', series([0, 1, 2], [1e-6, 1e-6, 1e-6])],
    ['response_length/mean', series([0, 1, 2], [600, 640, 630])],
    ['samples', series([0, 1], [10, 20])],
    ['single', series([0], [5])],
  ]);
  const run2 = new Map([
    ['perf/total_num_tokens', series([0, 1], [50, 90])],
    ['samples', series([0, 1], [20, 10])],
  ]);
  // Ties are allowed and gaps skipped; a constant, a dip, a lone point, or a fall in another run are not.
  assert.deepEqual(monotoneMetrics([run1]), ['perf/total_num_tokens', 'epoch', 'samples']);
  assert.deepEqual(monotoneMetrics([run1, run2]), ['perf/total_num_tokens', 'epoch']);
});

test('CSV fields are quoted only when they hold a comma, quote or line break', () => {
  assert.equal(csvField('val/acc'), 'val/acc');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
});
