import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter } from '../../webview/filter';
import { emptyText, skippedText, statusText, zoomTitle } from '../../webview/texts';

const all = compileFilter('', false);
const acc = compileFilter('acc', false);
const complete = { complete: true };
const loading = { complete: false };

test('the status counts the charts, and those the filter shows', () => {
  assert.equal(statusText(all, undefined, 0, 0), 'Loading…');
  assert.equal(statusText(all, complete, 1, 1), '1 chart');
  assert.equal(statusText(all, loading, 3, 3), '3 charts — loading…');
  assert.equal(statusText(acc, complete, 2, 5), '2 of 5 charts');
  const bad = compileFilter('/(/', false);
  assert.ok(statusText(bad, complete, 5, 5).startsWith('Invalid regular expression: '));
});

test('the note instead of charts says why there are none', () => {
  assert.equal(emptyText(undefined, 0, 0), undefined);
  assert.equal(emptyText(loading, 0, 0), 'Reading the file…');
  assert.equal(emptyText(complete, 0, 0), 'No metrics in this file yet.');
  assert.equal(emptyText(complete, 0, 4), 'No charts match the filter.');
  assert.equal(emptyText(complete, 1, 4), undefined);
});

test('skipped lines are listed with their reasons, the rest counted, and a line still being written named', () => {
  assert.equal(skippedText({ count: 0, first: [] }), undefined);
  assert.equal(
    skippedText({ count: 1, first: [{ line: 3, reason: 'not JSON' }] }),
    '1 line skipped: line 3 (not JSON).',
  );
  assert.equal(
    skippedText({
      count: 5,
      first: [
        { line: 3, reason: 'not JSON' },
        { line: 9, reason: 'no step' },
      ],
      pendingLine: 12,
    }),
    '5 lines skipped: line 3 (not JSON), line 9 (no step), and 3 more. Line 12 is incomplete — probably still being written.',
  );
  assert.equal(
    skippedText({ count: 0, first: [], pendingLine: 7 }),
    'Line 7 is incomplete — probably still being written.',
  );
});

test('the zoom button says the range shown in the x axis’ units', () => {
  assert.match(zoomTitle({ min: 100, max: 200 }, 'step'), /^Showing steps 100–200\. /);
  assert.match(zoomTitle({ min: 100, max: 200 }, 'metric:tokens'), /^Showing tokens /);
  assert.match(zoomTitle({ min: 60, max: 120 }, 'relative'), /^Showing time /);
});
