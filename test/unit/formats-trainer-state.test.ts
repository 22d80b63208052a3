import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrainerState, trainerStateRunName } from '../../src/core/formats/trainer-state';
import { encode, fixture, onlyRun } from './formats-helpers';
import { LINEAR_GROWTH, growth, points } from './helpers';

const FIXTURE = 'hf/grpo-run/checkpoint-30/trainer_state.json';

test('reads a TRL GRPO trainer_state.json: train keys as logged, one point per log_history step', () => {
  const log = parseTrainerState(fixture(FIXTURE), FIXTURE);
  const run = onlyRun(log);
  assert.equal(run.name, 'grpo-run');
  assert.deepEqual(points(run.metrics.get('loss')), [
    [10, 0],
    [20, 0.0001],
    [30, 0.0001],
  ]);
  assert.deepEqual(points(run.metrics.get('rewards/accuracy_reward/mean')), [
    [10, 0.31],
    [20, 0.42],
    [30, 0.5],
  ]);
  assert.deepEqual(points(run.metrics.get('kl')), [
    [10, 0],
    [20, 0.0009],
    [30, 0.0015],
  ]);
  assert.deepEqual(points(run.metrics.get('epoch')), [
    [10, 0.08],
    [20, 0.16],
    [30, 0.24],
  ]);
  // Python writes a diverged gradient norm as a bare NaN: a gap at that step, not a lost file.
  const gradNorm = points(run.metrics.get('grad_norm'));
  assert.deepEqual(
    gradNorm.map(([step]) => step),
    [10, 20, 30],
  );
  assert.ok(Number.isNaN(gradNorm[1]![1]));
  assert.equal(log.skipped.count, 0);
  assert.deepEqual(log.notices, []);
});

test('eval_ keys become a benchmark named eval; the train summary is metadata, not curves', () => {
  const run = onlyRun(parseTrainerState(fixture(FIXTURE), FIXTURE));
  assert.deepEqual(points(run.metrics.get('eval/eval/loss')), [[20, 0.0002]]);
  assert.deepEqual(points(run.metrics.get('eval/eval/rewards/accuracy_reward/mean')), [[20, 0.45]]);
  assert.deepEqual(points(run.metrics.get('eval/eval/runtime')), [[20, 95.3]]);
  for (const key of ['train_runtime', 'train_loss', 'total_flos', 'eval_loss'])
    assert.equal(run.metrics.has(key), false, key);
  assert.equal(run.metadata.get('train_runtime'), '1843.2');
  assert.equal(run.metadata.get('train_loss'), '0.000067');
  assert.equal(run.metadata.get('max_steps'), '30');
  assert.equal(run.metadata.get('is_world_process_zero'), true);
});

test('named eval sets (eval_<set>_<metric>) become one benchmark each', () => {
  const state = {
    log_history: [
      {
        step: 50,
        eval_gsm8k_loss: 0.4,
        eval_gsm8k_runtime: 10,
        eval_math_hard_accuracy: 0.2,
        eval_math_hard_runtime: 20,
        eval_math_accuracy: 0.5,
        eval_math_runtime: 30,
      },
    ],
  };
  const run = onlyRun(parseTrainerState(encode(JSON.stringify(state)), 'out/sft/trainer_state.json'));
  assert.deepEqual(
    [...run.metrics.keys()],
    [
      'eval/gsm8k/loss',
      'eval/gsm8k/runtime',
      'eval/math_hard/accuracy',
      'eval/math_hard/runtime',
      'eval/math/accuracy',
      'eval/math/runtime',
    ],
  );
});

test('the run is named after the output folder, above a checkpoint-N folder', () => {
  assert.equal(trainerStateRunName('out/grpo-run/checkpoint-500/trainer_state.json'), 'grpo-run');
  assert.equal(trainerStateRunName('out/grpo-run/trainer_state.json'), 'grpo-run');
  assert.equal(trainerStateRunName('C:\\runs\\sft\\checkpoint-20\\trainer_state.json'), 'sft');
});

test('a trainer_state.json cut short while being written gives a clear error, not an exception', () => {
  const bytes = fixture(FIXTURE);
  const log = parseTrainerState(bytes.subarray(0, Math.floor(bytes.length / 2)), FIXTURE);
  assert.deepEqual(log.runs, []);
  assert.match(log.error ?? '', /trainer_state\.json ends before its JSON is complete .*still being written/);
  assert.match(parseTrainerState(new Uint8Array(0), FIXTURE).error ?? '', /is empty/);
});

test('JSON that is not a Trainer state, or broken mid-file, is an error naming the problem', () => {
  assert.match(parseTrainerState(encode('{"results": {}}'), 'x/trainer_state.json').error ?? '', /no log_history/);
  assert.match(
    parseTrainerState(encode('{"log_history": [}]}'), 'x/trainer_state.json').error ?? '',
    /is not valid JSON/,
  );
});

test('log_history entries without a step are skipped with their entry number; the rest is kept', () => {
  const state = { log_history: [{ step: 1, loss: 2 }, { loss: 1.5 }, 'oops', { step: 3, loss: 1 }] };
  const log = parseTrainerState(encode(JSON.stringify(state)), 'out/run/trainer_state.json');
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [
    [1, 2],
    [3, 1],
  ]);
  assert.deepEqual(log.skipped, {
    count: 2,
    first: [
      { line: 2, reason: 'log_history entry 2 has no numeric step' },
      { line: 3, reason: 'log_history entry 3 is not an object' },
    ],
  });
});

test('objects nested past the bound are not read, and the notice says so', () => {
  let deep = '1';
  for (let i = 0; i < 120; i++) deep = `{"x": ${deep}}`;
  const json = `{"log_history": [{"step": 1, "loss": 0.5, "deep": ${deep}}, {"step": 2, "loss": 0.25}]}`;
  const log = parseTrainerState(new TextEncoder().encode(json), '/w/run/trainer_state.json');
  assert.equal(log.runs[0]!.metrics.get('loss')?.length, 2);
  assert.equal(log.notices.length, 1);
  assert.match(log.notices[0]!, /log_history entry 1: "deep" holds objects nested more than 100 levels deep/);
});

test('many named eval sets are named in linear time (4× the sets, not 16× the time)', () => {
  const state = (n: number) => {
    const entries = Array.from(
      { length: n },
      (_, i) => `{"step": 10, "eval_set${i}_runtime": 1.5, "eval_set${i}_loss": 0.5}`,
    );
    return encode(`{"log_history": [${entries.join(',')}]}`);
  };
  const names = [...onlyRun(parseTrainerState(state(3), '/w/run/trainer_state.json')).metrics.keys()];
  assert.deepEqual(
    names.filter((n) => n.endsWith('/loss')),
    ['eval/set0/loss', 'eval/set1/loss', 'eval/set2/loss'],
  );
  const texts = new Map([5_000, 20_000].map((n) => [n, state(n)]));
  const ratio = growth((n) => parseTrainerState(texts.get(n)!, '/w/run/trainer_state.json'), 5_000);
  assert.ok(ratio < LINEAR_GROWTH, `4× the eval sets took ${ratio.toFixed(1)}× as long`);
});
