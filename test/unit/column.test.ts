import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Column, lowerBound, upperBound } from '../../src/core/column';
import { points } from './helpers';

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
