import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatStep, formatValue } from '../../src/core/format';

test('values read as a person writes them: six significant digits, no float noise', () => {
  assert.equal(formatValue(0.84), '0.84');
  assert.equal(formatValue(0.1 + 0.2), '0.3');
  assert.equal(formatValue(56.7), '56.7');
  assert.equal(formatValue(29999.5), '29999.5');
  assert.equal(formatValue(1_500_000), '1.5e+6');
  assert.equal(formatValue(0.00001234), '1.234e-5');
  assert.equal(formatValue(0), '0');
});

test('gaps and infinities are named, not printed as NaN', () => {
  assert.equal(formatValue(NaN), '—');
  assert.equal(formatValue(Infinity), '∞');
  assert.equal(formatValue(-Infinity), '−∞');
});

test('steps are whole numbers unless logged otherwise', () => {
  assert.equal(formatStep(120), '120');
  assert.equal(formatStep(0.1 + 0.2), '0.3');
});

test('file sizes read in KB, MB and GB', () => {
  assert.equal(formatBytes(512), '512 bytes');
  assert.equal(formatBytes(130 * 1024 * 1024), '130 MB');
  assert.equal(formatBytes(1.2 * 1024 ** 3), '1.2 GB');
  assert.equal(formatBytes(1024 ** 3), '1 GB');
});
