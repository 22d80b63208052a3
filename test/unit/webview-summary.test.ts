import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChartPayload } from '../../src/protocol';
import { sortRows, summaryCsv, summaryMarkdown, summaryRows } from '../../webview/summary';

function chart(id: string, runs: readonly [string, number | undefined][]): ChartPayload {
  return {
    id,
    title: id,
    section: 'MATH500',
    sectionKind: 'benchmark',
    goal: 'max',
    series: runs.map(([run, last]) => ({
      run,
      label: run,
      x: new Float64Array(),
      y: new Float64Array(),
      total: 0,
      ...(last !== undefined && { last: { step: 10, value: last }, best: { step: 5, value: last + 0.1 } }),
    })),
  } as unknown as ChartPayload;
}

const rows = summaryRows(
  [
    chart('val/acc', [
      ['b', 0.2],
      ['a', 0.7],
      ['c', undefined],
    ]),
  ],
  new Map(),
);

test('sorting puts a run without values last, whichever the direction', () => {
  assert.deepEqual(
    sortRows(rows, { key: 'last', descending: true }).map((r) => r.run),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    sortRows(rows, { key: 'last', descending: false }).map((r) => r.run),
    ['b', 'a', 'c'],
  );
  assert.deepEqual(
    sortRows(rows, undefined).map((r) => r.run),
    ['b', 'a', 'c'],
    'unsorted: the host’s order',
  );
});

test('Markdown escapes the table’s pipes; CSV keeps full precision and leaves missing values empty', () => {
  const piped = summaryRows([chart('a|b', [['r', 1 / 3]])], new Map());
  assert.match(summaryMarkdown(piped, {}).split('\n')[2]!, /^\| a\\\|b \| r \| 0\.333333 \|/);
  const csv = summaryCsv(rows, {}).split('\n');
  assert.equal(csv[0], 'metric,run,last,last_step,best,best_step,goal');
  assert.equal(csv[2], 'val/acc,a,0.7,10,0.7999999999999999,5,max');
  assert.equal(csv[3], 'val/acc,c,,,,,max');
});
