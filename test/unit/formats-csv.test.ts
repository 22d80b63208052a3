import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvRecords, parseCsv } from '../../src/core/formats/csv';
import { encode, fixture, onlyRun } from './formats-helpers';
import { points } from './helpers';

test('a W&B chart export gives one run per "<run> - <metric>" prefix; __MIN/__MAX and empty cells are not points', () => {
  const log = parseCsv(fixture('wandb/reward.csv'), 'wandb/reward.csv');
  assert.deepEqual(
    log.runs.map((r) => r.name),
    ['grpo - lr 1e-6', 'mel-seed1'],
  );
  const [grpo, mel] = log.runs;
  assert.ok(grpo && mel);
  assert.deepEqual([...grpo.metrics.keys()], ['train/reward']);
  assert.deepEqual(points(grpo.metrics.get('train/reward')), [
    [0, 0.31],
    [10, 0.42],
    [20, 0.5],
  ]);
  assert.deepEqual(points(mel.metrics.get('train/reward')), [
    [0, 0.29],
    [20, 0.47],
  ]);
  assert.equal(log.skipped.count, 0);
  assert.deepEqual(log.notices, []);
});

test('a plain CSV with a step column is one run named after the file; time is kept, text is metadata', () => {
  const csv =
    'global_step,loss,eval/gsm8k/accuracy,wall_time,note\n' +
    '0,2.5,,1700000000,"warmup, lr=1e-6"\n' +
    '1,NaN,0.25,1700000010,"said ""hi"""\n' +
    '2,1.5,,1700000020,\n';
  const log = parseCsv(encode(csv), 'logs/sft-run.csv');
  const run = onlyRun(log);
  assert.equal(run.name, 'sft-run');
  assert.deepEqual([...run.metrics.keys()], ['loss', 'eval/gsm8k/accuracy']);
  const loss = points(run.metrics.get('loss'));
  assert.deepEqual(
    [loss[0], loss[2]],
    [
      [0, 2.5],
      [2, 1.5],
    ],
  );
  assert.ok(Number.isNaN(loss[1]![1]));
  assert.deepEqual(points(run.metrics.get('eval/gsm8k/accuracy')), [[1, 0.25]]);
  assert.deepEqual(points(run.times), [
    [0, 1700000000],
    [1, 1700000010],
    [2, 1700000020],
  ]);
  assert.equal(run.metadata.get('note'), 'said "hi"');
});

test('quoted fields may hold commas, doubled quotes and line breaks; records keep their starting line', () => {
  const records = csvRecords('a,b\r\n"x, y","he said ""no""\nthen left"\r\n\r\n3,4');
  assert.deepEqual(
    records.map((r) => [r.line, r.fields]),
    [
      [1, ['a', 'b']],
      [2, ['x, y', 'he said "no"\nthen left']],
      [5, ['3', '4']],
    ],
  );
  assert.equal(records[2]!.terminated, false);
});

test('malformed rows are skipped with line and reason; the good rows are kept', () => {
  const csv = 'step,loss\n0,3\n1,2,extra\nabc,1\n,0.5\n2\n3,1\n';
  const log = parseCsv(encode(csv), 'run.csv');
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [
    [0, 3],
    [3, 1],
  ]);
  assert.deepEqual(log.skipped, {
    count: 4,
    first: [
      { line: 3, reason: '3 fields where the header has 2' },
      { line: 4, reason: 'step "abc" is not a number' },
      { line: 5, reason: 'no step' },
      { line: 6, reason: '1 fields where the header has 2' },
    ],
  });
});

test('a last row still being written (no line ending yet) is a notice, not an error', () => {
  const log = parseCsv(encode('step,loss,acc\n0,3,0.1\n1,2'), 'run.csv');
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [[0, 3]]);
  assert.equal(log.skipped.count, 0);
  assert.match(log.notices.join('\n'), /line 3: the last row is incomplete .*still being written/);
  const unclosed = parseCsv(encode('step,note\n0,"ok"\n1,"unfinished'), 'run.csv');
  assert.match(unclosed.notices.join('\n'), /line 3: the last row is incomplete \(a quoted field is never closed\)/);
});

test('a step going back is a restart: the new rows replace the old ones from that step', () => {
  const log = parseCsv(encode('step,loss\n0,3\n10,2\n20,1\n10,2.5\n'), 'run.csv');
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [
    [0, 3],
    [10, 2.5],
  ]);
  assert.match(log.notices.join('\n'), /step went back from 20 to 10 at line 5; 2 earlier points/);
});

test('a CSV without a step column is an error saying what is missing', () => {
  const log = parseCsv(encode('Name,State,Runtime\ngrpo,finished,3600\n'), 'runs.csv');
  assert.deepEqual(log.runs, []);
  assert.match(log.error ?? '', /runs\.csv has no step column/);
});

test("Keras' CSVLogger (epoch, no step column) is read with epoch as the x axis", () => {
  const csv =
    'epoch,accuracy,learning_rate,loss,val_accuracy,val_loss\n0,0.875,0.001,0.375,0.25,3.5\n1,0.96875,0.001,0.09375,0.984375,0.046875\n';
  const run = onlyRun(parseCsv(encode(csv), 'mnist/training_log.csv'));
  assert.equal(run.stepField, 'epoch');
  assert.ok(!run.metrics.has('epoch'));
  assert.deepEqual(points(run.metrics.get('val_loss')), [
    [0, 3.5],
    [1, 0.046875],
  ]);
});

test('Lightning CSVLogger: step is the x axis and epoch a column; a version folder names the run', () => {
  const csv = 'epoch,step,train_loss,val_loss\n0,49,0.25,\n0,68,,0.375\n1,99,0.125,\n';
  const run = onlyRun(parseCsv(encode(csv), '/work/exp/lightning_logs/version_1/metrics.csv'));
  assert.equal(run.name, 'lightning_logs/version_1');
  assert.equal(run.stepField, 'step');
  assert.deepEqual(points(run.metrics.get('val_loss')), [[68, 0.375]]);
  assert.deepEqual(points(run.metrics.get('epoch')), [
    [49, 0],
    [68, 0],
    [99, 1],
  ]);
});

test('a stray quote loses only its own row, not every row after it', () => {
  const rows = Array.from({ length: 2000 }, (_, i) => `${i},${i / 2}`);
  rows[1] = '1,"0.5';
  const log = parseCsv(encode(`step,loss\n${rows.join('\n')}\n`), 'big.csv');
  const run = onlyRun(log);
  assert.equal(run.metrics.get('loss')?.length, 1999);
  assert.deepEqual(log.skipped, { count: 1, first: [{ line: 3, reason: 'a quoted field is never closed' }] });
  assert.deepEqual(log.notices, []);
  // On the last line, without its line ending, it is a row still being written.
  const writing = parseCsv(encode('step,loss\n0,1\n1,"0.'), 'w.csv');
  assert.equal(writing.skipped.count, 0);
  assert.match(writing.notices[0]!, /last row is incomplete/);
});
