import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkpointStep, parseLmEvalResults } from '../../src/core/formats/lm-eval';
import type { LogFile } from '../../src/core/formats/types';
import { encode, fixture, listFixtures, onlyRun } from './formats-helpers';
import { points } from './helpers';

/** The fixture folder's results files, in the order the folder walk lists them. */
function fixtureFiles(): LogFile[] {
  return listFixtures('lm-eval').map((path) => ({ path: `lm-eval/${path}`, bytes: fixture(`lm-eval/${path}`) }));
}

test('a folder of results files is one run with one step per checkpoint and a benchmark per task', () => {
  const log = parseLmEvalResults(fixtureFiles());
  const run = onlyRun(log);
  assert.equal(run.name, 'grpo-run');
  assert.deepEqual([...run.metrics.keys()].sort(), [
    'eval/gsm8k/exact_match/flexible-extract',
    'eval/gsm8k/exact_match/strict-match',
    'eval/mmlu/acc',
  ]);
  // The base model (no checkpoint in its path) is step 0.
  assert.deepEqual(points(run.metrics.get('eval/gsm8k/exact_match/strict-match')), [
    [0, 0.52],
    [100, 0.61],
    [200, 0.68],
  ]);
  assert.deepEqual(points(run.metrics.get('eval/mmlu/acc')), [
    [0, 0.63],
    [100, 0.64],
    [200, 0.65],
  ]);
  assert.deepEqual(points(run.times), [
    [0, 1746093600],
    [100, 1746180000.5],
    [200, 1746266400.25],
  ]);
  assert.equal(run.metadata.get('config/model'), 'hf');
  assert.match(run.metadata.get('config/model_args') as string, /global_step_200/);
  assert.equal(log.notices.length, 1);
  assert.match(log.notices[0], /no checkpoint step in the model path "Qwen\/Qwen2\.5-1\.5B-Instruct"; shown at step 0/);
});

test('a given run name is used as is', () => {
  assert.equal(onlyRun(parseLmEvalResults(fixtureFiles(), 'GRPO')).name, 'GRPO');
});

test('a results file cut short while being written is reported; the other checkpoints still show', () => {
  const files = fixtureFiles();
  const partial = files.findIndex((f) => f.path.includes('global_step_200'));
  files[partial] = { ...files[partial], bytes: files[partial].bytes.subarray(0, 200) };
  const log = parseLmEvalResults(files, 'grpo');
  assert.deepEqual(points(onlyRun(log).metrics.get('eval/mmlu/acc')), [
    [0, 0.63],
    [100, 0.64],
  ]);
  assert.match(log.notices.join('\n'), /results_2025-05-03T10-00-00\.000001\.json ends before its JSON is complete/);
});

test('a checkpoint evaluated twice keeps the later evaluation', () => {
  const result = (acc: number, date: number): LogFile => ({
    path: `out/results_${date}.json`,
    bytes: encode(JSON.stringify({ results: { arc: { 'acc,none': acc } }, model_name: '/ck/run/checkpoint-50', date })),
  });
  const log = parseLmEvalResults([result(0.7, 2000), result(0.6, 1000)]);
  assert.deepEqual(points(onlyRun(log).metrics.get('eval/arc/acc')), [[50, 0.7]]);
  assert.match(log.notices.join('\n'), /1 value was logged again/);
});

test('the step comes from checkpoint-N, global_step_N, global_step N, step_N or iter_N (the last one)', () => {
  assert.equal(checkpointStep('out/grpo/checkpoint-500'), 500);
  assert.equal(checkpointStep('/ckpt/run/global_step_100/actor/huggingface'), 100);
  assert.equal(checkpointStep('run global_step 30'), 30);
  assert.equal(checkpointStep('__ckpt__run__step_40'), 40);
  assert.equal(checkpointStep('megatron/iter_0000200'), 200);
  assert.equal(checkpointStep('x/global_step_10/checkpoint-20'), 20);
  assert.equal(checkpointStep('stepfun-ai/Step-3'), undefined);
  assert.equal(checkpointStep('Qwen/Qwen2.5-7B'), undefined);
});
