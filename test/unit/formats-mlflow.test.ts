import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupMlflowRuns, parseMlflowRun } from '../../src/core/formats/mlflow';
import type { LogFile } from '../../src/core/formats/types';
import { encode, fixture, listFixtures, onlyRun } from './formats-helpers';
import { points } from './helpers';

const RUN_ID = '6f1c0e2a9b7d4c35a1e0f3b2c4d5e6f7';

/** What the host does: walk the folder, group it into run folders, read each run's files. */
function readFixtureStore() {
  const folders = groupMlflowRuns(listFixtures('mlruns'));
  return folders.map((folder) => ({
    folder,
    log: parseMlflowRun(
      folder.files.map((path) => ({ path, bytes: fixture(`mlruns/${folder.folder}/${path}`) })),
      folder.folder.split('/').pop()!,
    ),
  }));
}

test('groups an mlruns folder into run folders with the files to read (no artifacts)', () => {
  const [only, ...rest] = groupMlflowRuns(listFixtures('mlruns'));
  assert.deepEqual(rest, []);
  assert.equal(only.folder, `482310/${RUN_ID}`);
  assert.deepEqual([...only.files].sort(), [
    'meta.yaml',
    'metrics/eval/gsm8k/accuracy',
    'metrics/train/loss',
    'params/algorithm',
    'params/learning_rate',
    'tags/mlflow.log-model.history',
    'tags/mlflow.runName',
  ]);
});

test('reads an MLflow run: metric keys with / from subfolders, steps, times, params, run name tag', () => {
  const [{ log }] = readFixtureStore();
  const run = onlyRun(log);
  assert.equal(run.name, 'grpo-lr1e-6');
  assert.deepEqual([...run.metrics.keys()].sort(), ['eval/gsm8k/accuracy', 'train/loss']);
  const loss = points(run.metrics.get('train/loss'));
  assert.deepEqual(
    loss.map(([step]) => step),
    [0, 1, 2, 3],
  );
  assert.deepEqual([loss[0][1], loss[1][1], loss[3][1]], [0.92, 0.85, 0.71]);
  assert.ok(Number.isNaN(loss[2][1]), 'MLflow writes a NaN value as nan');
  assert.deepEqual(points(run.metrics.get('eval/gsm8k/accuracy')), [
    [1, 0.41],
    [3, 0.47],
  ]);
  // Seconds; of the metrics logged at a step, the latest time.
  assert.deepEqual(points(run.times), [
    [0, 1746093601],
    [1, 1746093602.5],
    [2, 1746093603],
    [3, 1746093604.5],
  ]);
  assert.equal(run.metadata.get('params/learning_rate'), '1e-06');
  assert.equal(run.metadata.get('params/algorithm'), 'GRPO');
  assert.equal(run.metadata.has('tags/mlflow.log-model.history'), false);
  assert.equal(log.skipped.count, 0);
});

test('without a runName tag the run is named by meta.yaml, else by its folder', () => {
  const metric: LogFile = { path: 'metrics/loss', bytes: encode('1 0.5 0\n') };
  const meta: LogFile = { path: 'meta.yaml', bytes: encode("run_id: abc\nrun_name: 'placid-owl-42'\nstatus: 3\n") };
  assert.equal(onlyRun(parseMlflowRun([metric, meta], 'abc')).name, 'placid-owl-42');
  assert.equal(onlyRun(parseMlflowRun([metric], 'abc')).name, 'abc');
});

test('malformed metric lines are skipped with file and line; a torn last line is called incomplete', () => {
  const log = parseMlflowRun(
    [
      {
        path: 'metrics/loss',
        bytes: encode('1000 3 0\nTraceback (most recent call last):\n2000 2 1\n\n3000 1 2\n4000 0.'),
      },
    ],
    'r',
  );
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [
    [0, 3],
    [1, 2],
    [2, 1],
  ]);
  assert.deepEqual(log.skipped.first, [
    { line: 2, reason: 'metrics/loss: not "<timestamp_ms> <value> <step>"' },
    { line: 6, reason: 'metrics/loss: incomplete last line (still being written?)' },
  ]);
});

test('values logged without a step (all step 0) are numbered in logging order, with a notice', () => {
  const log = parseMlflowRun([{ path: 'metrics/reward', bytes: encode('1000 0.1 0\n2000 0.2 0\n3000 0.3 0\n') }], 'r');
  assert.deepEqual(points(onlyRun(log).metrics.get('reward')), [
    [0, 0.1],
    [1, 0.2],
    [2, 0.3],
  ]);
  assert.match(log.notices.join('\n'), /reward was logged without steps/);
});

test('values out of step order are sorted; of two at one step the later-logged wins', () => {
  const log = parseMlflowRun(
    [{ path: 'metrics/acc', bytes: encode('1000 0.5 2\n2000 0.1 0\n3000 0.6 2\n4000 0.3 1\n') }],
    'r',
  );
  assert.deepEqual(points(onlyRun(log).metrics.get('acc')), [
    [0, 0.1],
    [1, 0.3],
    [2, 0.6],
  ]);
  assert.match(log.notices.join('\n'), /1 value was logged again/);
});

test('grouping skips deleted runs, reads Windows paths, and keeps a metric folder named metrics in its run', () => {
  const folders = groupMlflowRuns([
    'mlruns\\1\\aaa\\meta.yaml',
    'mlruns\\1\\aaa\\metrics\\eval\\metrics\\acc',
    'mlruns/.trash/bbb/meta.yaml',
    'mlruns/.trash/bbb/metrics/loss',
    'mlruns/1/meta.yaml',
  ]);
  assert.deepEqual(folders, [{ folder: 'mlruns/1/aaa', files: ['meta.yaml', 'metrics/eval/metrics/acc'] }]);
});
