import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComparisonStore, restoredComparison, type Memento } from '../../src/comparisonStore';

/** workspaceState as VS Code keeps it: values survive a reload, the webview never sees them. */
function memento(): Memento {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: (key, value) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

test('a restored comparison shows what the host kept under the id, never files the webview state names', () => {
  let n = 0;
  const store = new ComparisonStore(memento(), () => `id-${++n}`);
  const spec = { files: ['file:///w/a.metrics.jsonl', 'file:///w/b.metrics.jsonl'], title: 'MATH500' };
  const id = store.add(spec);
  assert.deepEqual(restoredComparison({ restore: { comparison: id } }, store), { id, spec });
  // A webview that forges its state (issue #13: `file:///usr/share#mlflow` read 5,000 files) gets nothing.
  assert.equal(
    restoredComparison({ restore: { comparison: { files: ['file:///usr/share#mlflow'] } } }, store),
    undefined,
  );
  assert.equal(restoredComparison({ restore: { comparison: 'id-999' } }, store), undefined);
  for (const state of [
    undefined,
    null,
    'x',
    5,
    { restore: null },
    { restore: { comparison: ['id-1'] } },
    { restore: { comparison: '__proto__' } },
  ]) {
    assert.equal(restoredComparison(state, store), undefined, JSON.stringify(state));
  }
});

test('only the newest 100 comparisons are kept', () => {
  let n = 0;
  const store = new ComparisonStore(memento(), () => `id-${++n}`);
  for (let i = 0; i < 105; i++) store.add({ files: [`file:///w/${i}.metrics.jsonl`] });
  assert.equal(store.get('id-5'), undefined);
  assert.deepEqual(store.get('id-6'), { files: ['file:///w/5.metrics.jsonl'] });
  assert.deepEqual(store.get('id-105'), { files: ['file:///w/104.metrics.jsonl'] });
});
