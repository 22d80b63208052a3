import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileOf, folderRunUri, parseRunId, runIdPrefix, runKey, runKindOf, type RunUri } from '../../src/core/runUri';

/** vscode.Uri as far as runUri.ts uses it. */
class Uri implements RunUri<Uri> {
  constructor(
    readonly path: string,
    readonly fragment = '',
  ) {}
  with(change: { fragment: string }): Uri {
    return new Uri(this.path, change.fragment);
  }
}

test('a folder run is its folder’s URI with its format as fragment; its folder is that URI without it', () => {
  for (const kind of ['tensorboard', 'lm-eval', 'mlflow'] as const) {
    const uri = folderRunUri(new Uri('/w/runs/a'), kind);
    assert.equal(runKindOf(uri), kind);
    assert.deepEqual(fileOf(uri), new Uri('/w/runs/a'));
  }
});

test('any other URI names a file, whatever its fragment', () => {
  for (const fragment of ['', 'L10', 'constructor', '__proto__', 'file'])
    assert.equal(runKindOf(new Uri('/w/a.metrics.jsonl', fragment)), 'file');
});

test('in a view of one log a run id is the run’s name; of several, it starts with its log’s place', () => {
  assert.equal(runIdPrefix(0, 1), '');
  assert.deepEqual(parseRunId('2#a', 1), { file: 0, run: '2#a' });
  for (const [file, run] of [
    [0, 'a'],
    [2, 'b#c'],
    [11, '3#d'],
  ] as const) {
    assert.deepEqual(parseRunId(runIdPrefix(file, 12) + run, 12), { file, run });
  }
  for (const id of ['a', '#a', '01#a', '-1#a', '1a#b']) assert.equal(parseRunId(id, 3), undefined, id);
});

test('a run’s key in the workspace is its log’s URI and its name', () => {
  assert.equal(runKey('file:///w/runs/a#tensorboard', 'a'), 'file:///w/runs/a#tensorboard#a');
});
