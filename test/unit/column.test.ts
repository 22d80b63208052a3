import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Column, RestartIndex, lowerBound, upperBound } from '../../src/core/column';
import { points, prng } from './helpers';

test('a column grows past its initial capacity and keeps every point', () => {
  const col = new Column();
  for (let i = 0; i < 1000; i++) col.append(i * 2, i / 10);
  assert.equal(col.length, 1000);
  assert.ok(col.steps.length >= 1000);
  assert.equal(col.steps[999], 1998);
  assert.equal(col.values[999], 99.9);
  assert.equal(col.values[0], 0);
  assert.equal(col.lastStep, 1998);
});

test('replaceLast overwrites the last value only', () => {
  const col = new Column();
  col.append(1, 10);
  col.append(2, 20);
  col.replaceLast(25);
  assert.deepEqual(points(col), [
    [1, 10],
    [2, 25],
  ]);
});

test('truncateFrom drops points at and after a step and reports how many', () => {
  const col = new Column();
  for (const step of [0, 10, 20, 30, 40]) col.append(step, step);
  assert.equal(col.truncateFrom(25), 2);
  assert.deepEqual(points(col), [
    [0, 0],
    [10, 10],
    [20, 20],
  ]);
  assert.equal(col.truncateFrom(20), 1);
  assert.equal(col.lastStep, 10);
  col.append(15, 1);
  assert.deepEqual(points(col), [
    [0, 0],
    [10, 10],
    [15, 1],
  ]);
});

test('lowerBound and upperBound search only the valid part of the column', () => {
  const col = new Column();
  for (const step of [1, 3, 5]) col.append(step, 0);
  // The backing array holds zeros past length; a search over it would find them.
  assert.equal(lowerBound(col, 0), 0);
  assert.equal(lowerBound(col, 3), 1);
  assert.equal(lowerBound(col, 4), 2);
  assert.equal(lowerBound(col, 6), 3);
  assert.equal(upperBound(col, 3), 2);
  assert.equal(upperBound(col, 5), 3);
  assert.equal(upperBound(col, 0), 0);
});

test("a column sharing another column's steps reads them until its own differ, then keeps its own", () => {
  const lines = new Column();
  const col = new Column(lines);
  for (let step = 0; step < 20; step++) {
    lines.append(step, 100 + step);
    // The metric misses step 12 (not logged on that line), and logs step 15 twice.
    if (step !== 12) col.append(step, step / 2);
    if (step === 15) assert.equal(col.put(step, 8), true);
  }
  const expected = Array.from({ length: 20 }, (_, step) => [step, step === 15 ? 8 : step / 2]).filter(
    ([s]) => s !== 12,
  );
  assert.deepEqual(points(col), expected);
  assert.equal(col.lastStep, 19);
  // The lines' column is untouched by the metric's.
  assert.deepEqual(
    points(lines),
    Array.from({ length: 20 }, (_, step) => [step, 100 + step]),
  );
  assert.equal(lowerBound(col, 13), 12);
});

test('put appends a new step and overwrites the value of a repeated one', () => {
  const col = new Column();
  assert.equal(col.put(1, 10), false);
  assert.equal(col.put(2, 20), false);
  assert.equal(col.put(2, 25), true);
  // The same value again (two processes writing one log) is no change.
  assert.equal(col.put(2, 25), false);
  assert.deepEqual(points(col), [
    [1, 10],
    [2, 25],
  ]);
});

test('reserve keeps the points and makes room, so later appends do not move the arrays', () => {
  const col = new Column();
  for (let i = 0; i < 5; i++) col.append(i, i * 10);
  col.reserve(1000);
  const { steps, values } = col;
  for (let i = 5; i < 1000; i++) col.append(i, i * 10);
  assert.equal(col.steps, steps);
  assert.equal(col.values, values);
  assert.deepEqual(
    points(col),
    Array.from({ length: 1000 }, (_, i) => [i, i * 10]),
  );
});

test('a RestartIndex truncates what truncating every column would, and counts the same points dropped', () => {
  // Random runs: points at steps that only grow between restarts, in random columns; restarts to random
  // earlier steps, deep ones too (those reach columns untouched since earlier restarts), many of them
  // (so the index drops its stale entries as it goes).
  for (let seed = 1; seed <= 50; seed++) {
    const random = prng(seed);
    const index = new RestartIndex();
    const indexed: Column[] = [];
    const plain: Column[] = [];
    for (let c = 0; c < 1 + Math.floor(random() * 30); c++) {
      indexed.push(new Column());
      plain.push(new Column());
    }
    let step = 0;
    for (let op = 0; op < 2000; op++) {
      if (random() < 0.1 && step > 0) {
        // Mostly a little back (a resumed run), sometimes far.
        step = random() < 0.7 ? Math.max(0, step - 1 - Math.floor(random() * 3)) : Math.floor(random() * step);
        let dropped = 0;
        for (const column of plain) dropped += column.truncateFrom(step);
        assert.equal(index.truncateFrom(step, indexed), dropped, `seed ${seed}, op ${op}: restart to ${step}`);
      } else {
        step += random() < 0.3 ? 0 : 1 + Math.floor(random() * 3);
        const c = Math.floor(random() * indexed.length);
        const value = Math.floor(random() * 100);
        index.touch(indexed[c]!);
        indexed[c]!.put(step, value);
        plain[c]!.put(step, value);
      }
    }
    assert.deepEqual(indexed.map(points), plain.map(points), `seed ${seed}`);
  }
});
