import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, groupRuns, withoutSeed } from '../../src/core/groups';
import { series } from './helpers';

/** Arrays compared to 12 digits: the expectations below are worked out by hand. */
function close(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i]! - expected[i]!) < 1e-12, `${what}[${i}]: ${actual[i]} ≠ ${expected[i]}`);
}

test('seed suffixes in every common spelling are stripped; other names are left alone', () => {
  for (const name of [
    'grpo-seed1',
    'grpo_s2',
    'grpo-seed-3',
    'grpo (seed 1)',
    'grpo, seed 1',
    'grpo · seed 42',
    'grpo.seed_7',
    'grpo_seed10',
  ]) {
    assert.equal(withoutSeed(name), 'grpo', name);
  }
  assert.equal(withoutSeed('dapo-qwen7b-s3'), 'dapo-qwen7b');
  for (const name of ['grpo', 'grpo_small', 'seed1', 'grpo-seedling', 'grpo-v2'])
    assert.equal(withoutSeed(name), undefined, name);
});

test('runs group by method, else by name without the seed; a run with neither stays alone', () => {
  const runs = [
    { name: 'grpo-seed1' },
    { name: 'dapo_s1' },
    { name: 'grpo-seed2' },
    { name: 'metrics' },
    { name: 'metrics' },
    { name: 'a', method: 'MEL' },
    { name: 'b', method: 'MEL' },
    { name: 'grpo (seed 3)' },
  ];
  const groups = groupRuns(runs, (r) => r);
  assert.deepEqual(
    groups.map((g) => [g.name, g.members.map((m) => m.name)]),
    [
      ['grpo', ['grpo-seed1', 'grpo-seed2', 'grpo (seed 3)']],
      ['dapo', ['dapo_s1']],
      ['metrics', ['metrics']],
      ['metrics', ['metrics']],
      ['MEL', ['a', 'b']],
    ],
  );
});

test('the mean is taken on the union of steps, interpolating a series between its own points only', () => {
  const a = series([0, 10, 20], [0.5, 0.7, 0.9]);
  const b = series([0, 5, 10], [0.1, 0.2, 0.3]);
  const c = series([10, 20, 30], [0.6, NaN, 0.8]);
  const agg = aggregate([a, b, c], 'minmax');
  assert.deepEqual([...agg.steps], [0, 5, 10, 20, 30]);
  // Step 5: a interpolates to 0.6, b logged 0.2, c has not started. Step 20: b has ended; c's NaN is
  // ignored and bridged (0.6 at 10 → 0.8 at 30 gives 0.7). Step 30: only c.
  assert.deepEqual([...agg.count], [2, 2, 3, 2, 1]);
  close(agg.values, [0.3, 0.4, (0.7 + 0.3 + 0.6) / 3, 0.8, 0.8], 'mean');
  close(agg.lower, [0.1, 0.2, 0.3, 0.7, 0.8], 'min');
  close(agg.upper, [0.5, 0.6, 0.7, 0.9, 0.8], 'max');
  assert.equal(agg.length, 5);
});

test('±std uses the sample standard deviation, ±s.e. divides it by √n; one series gives no width', () => {
  const a = series([0, 1], [1, 5]);
  const b = series([0], [3]);
  const c = series([0], [5]);
  // Step 0: values 1, 3, 5: mean 3, sample variance (4 + 0 + 4) / 2 = 4, std 2, s.e. 2/√3.
  const std = aggregate([a, b, c], 'std');
  close(std.values, [3, 5], 'mean');
  close(std.lower, [1, 5], 'mean − std');
  close(std.upper, [5, 5], 'mean + std');
  const sem = aggregate([a, b, c], 'sem');
  close(sem.lower, [3 - 2 / Math.sqrt(3), 5], 'mean − s.e.');
  close(sem.upper, [3 + 2 / Math.sqrt(3), 5], 'mean + s.e.');
  assert.deepEqual([...sem.count], [3, 1]);
});

test('infinities are ignored like NaN, and series with no finite value add no steps', () => {
  const agg = aggregate([series([0, 1], [Infinity, 2]), series([0, 1], [NaN, NaN]), series([], [])], 'std');
  assert.deepEqual([...agg.steps], [1]);
  assert.deepEqual([...agg.values], [2]);
  assert.deepEqual([...agg.count], [1]);
});
