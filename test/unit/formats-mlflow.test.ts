import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  groupMlflowRuns,
  isDeletedRun,
  isMlflowRunFile,
  isMlflowRunFolder,
  MLFLOW_NAME_FILES,
  mlflowRunName,
  parseMlflowRun,
} from '../../src/core/formats/mlflow';
import { discoverRuns } from '../../src/core/formats';
import type { LogFile } from '../../src/core/formats/types';
import { encode, fixture, listFixtures, onlyRun } from './formats-helpers';
import { LINEAR_GROWTH, growth, points } from './helpers';

const RUN_ID = '6f1c0e2a9b7d4c35a1e0f3b2c4d5e6f7';

/** What the host does: walk the folder, group it into run folders, read each run's files. */
function readFixtureStore(store = 'mlruns') {
  const folders = groupMlflowRuns(listFixtures(store));
  return folders.map((folder) => ({
    folder,
    log: parseMlflowRun(
      folder.files.map((path) => ({ path, bytes: fixture(`${store}/${folder.folder}/${path}`) })),
      folder.folder.split('/').pop()!,
    ),
  }));
}

test('groups an mlruns folder into run folders with the files to read (no artifacts)', () => {
  const [only, ...rest] = groupMlflowRuns(listFixtures('mlruns'));
  assert.ok(only);
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
  const { log } = readFixtureStore()[0]!;
  const run = onlyRun(log);
  assert.equal(run.name, 'grpo-lr1e-6');
  assert.deepEqual([...run.metrics.keys()].sort(), ['eval/gsm8k/accuracy', 'train/loss']);
  const loss = points(run.metrics.get('train/loss'));
  assert.deepEqual(
    loss.map(([step]) => step),
    [0, 1, 2, 3],
  );
  assert.deepEqual([loss[0]![1], loss[1]![1], loss[3]![1]], [0.92, 0.85, 0.71]);
  assert.ok(Number.isNaN(loss[2]![1]), 'MLflow writes a NaN value as nan');
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

test('metric values read as Number() reads them, however written; any blanks separate the fields', () => {
  // Read from the bytes, not as text: every spelling a Python float or a hand-written file may have.
  const values = ['0.30000000000000004', '-0.0', '+5', '.5', '5.', '1E-5', '2.5e+3', '0.1234567890123456789', '1e400'];
  const lines = values.map((v, i) => `${1000 + i}\t${v}  ${i}\r\n`).join('');
  const log = parseMlflowRun(
    [
      { path: 'metrics/a', bytes: encode(`\ufeff${lines}`) },
      // A no-break space, a nan and -inf; a step of 17 digits, past what a double holds exactly.
      { path: 'metrics/b', bytes: encode('1000\u00a0nan 1\n2000 -inf 2\n3000 1 12345678901234567\n') },
    ],
    'r',
  );
  const run = onlyRun(log);
  assert.deepEqual(
    points(run.metrics.get('a')).map(([step, value]) => [step, Object.is(value, -0) ? '-0' : value]),
    values.map((v, i) => [i, v === '-0.0' ? '-0' : Number(v)]),
  );
  const b = points(run.metrics.get('b'));
  assert.ok(Number.isNaN(b[0]![1]));
  assert.deepEqual(b.slice(1), [
    [2, -Infinity],
    [12345678901234568, 1],
  ]);
  assert.deepEqual([log.skipped.count, log.notices], [0, []]);
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

test("absolute paths (the sidebar's URI paths) give absolute run folders, which their files are under", () => {
  const files = ['meta.yaml', 'metrics/loss', 'tags/mlflow.runName'];
  const paths = [
    ...files.map((f) => `/home/me/project/mlruns/3/abc/${f}`),
    ...files.map((f) => `C:\\work\\mlruns\\3\\def\\${f.replace('/', '\\')}`),
    '/home/me/project/grpo.metrics.jsonl',
  ];
  assert.deepEqual(groupMlflowRuns(paths), [
    { folder: '/home/me/project/mlruns/3/abc', files },
    { folder: 'C:/work/mlruns/3/def', files },
  ]);
  // What the sidebar does with discoverRuns' answer: a folder run's URI comes from a file under its folder.
  const folders = discoverRuns(paths).runs.flatMap((r) => (r.kind === 'mlflow' ? [r.folder] : []));
  assert.deepEqual(folders, ['/home/me/project/mlruns/3/abc', 'C:/work/mlruns/3/def']);
  assert.ok(paths.some((p) => p.startsWith(`${folders[0]}/`)));
});

test('a soft-deleted run (lifecycle_stage: deleted) is still read, marked so the host can hide it', () => {
  const runs = readFixtureStore('mlflow-store').map(({ log }) => onlyRun(log));
  const byName = new Map(runs.map((run) => [run.name, run]));
  assert.deepEqual([...byName.keys()].sort(), ['ppo-diverged', 'ppo-lr1e-4', 'ppo-lr3e-4']);
  assert.deepEqual(
    runs.filter(isDeletedRun).map((run) => run.name),
    ['ppo-diverged'],
  );
  assert.equal(byName.get('ppo-lr1e-4')!.metadata.get('lifecycle_stage'), 'active');
  assert.deepEqual(points(byName.get('ppo-diverged')!.metrics.get('eval/gsm8k/accuracy')), [
    [0, 0.2],
    [100, 0.02],
  ]);
  // A run without meta.yaml is not taken for deleted.
  assert.equal(
    isDeletedRun(onlyRun(parseMlflowRun([{ path: 'metrics/loss', bytes: encode('1 0.5 0\n') }], 'r'))),
    false,
  );
});

test('only meta.yaml, metrics/, params/ and tags/ are run files: artifacts are neither listed nor parsed', () => {
  const run = (path: string) => [isMlflowRunFile(path), isMlflowRunFolder(path)];
  assert.deepEqual(run('meta.yaml'), [true, false]);
  assert.deepEqual(run('metrics/eval/gsm8k/accuracy'), [true, true]);
  assert.deepEqual(run('params\\learning_rate'), [true, true]);
  assert.deepEqual(run('tags/mlflow.runName'), [true, true]);
  assert.deepEqual(run('metrics'), [false, true]);
  assert.deepEqual(run('artifacts/model/model.h5'), [false, false]);
  assert.deepEqual(run('artifacts/model/metrics/summary'), [false, false]);
  assert.deepEqual(run('artifacts/meta.yaml'), [false, false]);
  assert.deepEqual(run('artifacts'), [false, false]);

  // The fixture store's run with artifacts (a saved model, and a folder named metrics among them).
  const [withArtifacts] = groupMlflowRuns(listFixtures('mlflow-store'));
  assert.ok(withArtifacts);
  assert.deepEqual([...withArtifacts.files].sort(), [
    'meta.yaml',
    'metrics/eval/gsm8k/accuracy',
    'params/learning_rate',
    'tags/mlflow.runName',
  ]);
  // Handed every file of the folder anyway, the parser reads the same run and skips nothing.
  const metric: LogFile = { path: 'metrics/loss', bytes: encode('1000 0.5 0\n2000 0.4 1\n') };
  const artifacts: LogFile[] = [
    { path: 'artifacts/metrics/loss', bytes: encode('not a metric line\n') },
    { path: 'artifacts/meta.yaml', bytes: encode('run_name: from-an-artifact\nlifecycle_stage: deleted\n') },
    { path: 'artifacts/model/data/model.h5', bytes: new Uint8Array([0x89, 0x48, 0x44, 0x46, 0xff, 0xfe]) },
  ];
  const alone = parseMlflowRun([metric], 'r');
  const all = parseMlflowRun([...artifacts, metric], 'r');
  assert.deepEqual(onlyRun(all).name, 'r');
  assert.deepEqual([...onlyRun(all).metrics.keys()], ['loss']);
  assert.deepEqual(points(onlyRun(all).metrics.get('loss')), points(onlyRun(alone).metrics.get('loss')));
  assert.equal(isDeletedRun(onlyRun(all)), false);
  assert.deepEqual([all.skipped.count, all.notices], [0, []]);
});

test('mlflowRunName names a run as parseMlflowRun does, from tags/mlflow.runName and meta.yaml only', () => {
  const tag: LogFile = { path: 'tags/mlflow.runName', bytes: encode('ppo-lr1e-4\n') };
  const meta: LogFile = { path: 'meta.yaml', bytes: encode("run_id: abc\nrun_name: 'brave-fox-12'\n") };
  assert.deepEqual([...MLFLOW_NAME_FILES].sort(), ['meta.yaml', 'tags/mlflow.runName']);
  assert.equal(mlflowRunName([meta, tag], 'abc'), 'ppo-lr1e-4');
  assert.equal(mlflowRunName([meta], 'abc'), 'brave-fox-12');
  assert.equal(mlflowRunName([{ path: 'tags/mlflow.runName', bytes: encode('  ') }], 'abc'), 'abc');
  assert.equal(mlflowRunName([], 'abc'), 'abc');
  // The same names as the parse of each fixture run.
  for (const { folder, log } of readFixtureStore('mlflow-store')) {
    const files = MLFLOW_NAME_FILES.map((path) => ({ path, bytes: fixture(`mlflow-store/${folder.folder}/${path}`) }));
    assert.equal(mlflowRunName(files, folder.folder.split('/').pop()!), onlyRun(log).name);
  }
});

test('a meta.yaml with a long line is read in linear time (4× the spaces, not 16× the time)', () => {
  const run = (n: number) =>
    parseMlflowRun(
      [
        // Spaces between two words: where a lazy match before trailing blanks backtracked at every space.
        { path: 'meta.yaml', bytes: encode(`run_name: a${' '.repeat(n)}b \nlifecycle_stage: active\n`) },
        { path: 'metrics/loss', bytes: encode('1700000000000 0.5 0\n') },
      ],
      'abc123',
    );
  assert.equal(onlyRun(run(2)).name, 'a  b');
  const ratio = growth(run, 20_000);
  assert.ok(ratio < LINEAR_GROWTH, `4× the spaces took ${ratio.toFixed(1)}× as long`);
});
