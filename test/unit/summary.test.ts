import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goalOf, percentiles } from '../../src/core/summary';
import { byTime, firstTime } from '../../src/core/xaxis';
import { csvField } from '../../src/core/csv';
import { points, series } from './helpers';

test('losses, errors, perplexity, KL and timings are better low; scores and rewards high', () => {
  for (const name of ['actor/kl_loss', 'train/loss', 'eval/perplexity', 'val/wer', 'timing_s/step', 'critic/vf_loss', 'actor/kl']) {
    assert.equal(goalOf(name), 'min', name);
  }
  for (const name of ['val/math500/acc', 'critic/rewards/mean', 'val-core/aime24/mean@4', 'response_length/mean', 'eval/glossary_acc']) {
    assert.equal(goalOf(name), 'max', name);
  }
});

test('percentiles interpolate between ranks like numpy, ignoring gaps', () => {
  // numpy.percentile(range(1, 11), [5, 50, 95]) == [1.45, 5.5, 9.55]
  const values = [10, 3, NaN, 1, 2, 9, 4, 5, Infinity, 6, 7, 8];
  const [p5, p50, p95] = percentiles(values, [5, 50, 95]);
  assert.ok(Math.abs(p5 - 1.45) < 1e-12);
  assert.equal(p50, 5.5);
  assert.ok(Math.abs(p95 - 9.55) < 1e-12);
  assert.deepEqual(percentiles([7], [5, 95]), [7, 7]);
  assert.ok(percentiles([NaN], [5]).every(Number.isNaN));
});

test('byTime plots each point at its step’s logged time, dropping untimed points and clock jumps back', () => {
  const col = series([0, 1, 2, 3, 4], [0.1, 0.2, 0.3, 0.4, 0.5]);
  const times = series([0, 2, 3, 4], [100, 130, 125, 160]);
  assert.deepEqual(points(byTime(col, times, 100)), [[0, 0.1], [30, 0.3], [60, 0.5]]);
  assert.equal(firstTime(times), 100);
  assert.equal(firstTime(series([0], [NaN])), undefined);
  assert.equal(byTime(col, series([], [])).length, 0);
});

test('CSV fields are quoted only when they hold a comma, quote or line break', () => {
  assert.equal(csvField('val/acc'), 'val/acc');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
});
