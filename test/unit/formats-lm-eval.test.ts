import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LM_EVAL_FILE, checkpointStep, parseLmEvalResults } from '../../src/core/formats/lm-eval';
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
  assert.match(
    log.notices[0]!,
    /no checkpoint step in the model path "Qwen\/Qwen2\.5-1\.5B-Instruct"; shown at step 0/,
  );
});

test('a given run name is used as is', () => {
  assert.equal(onlyRun(parseLmEvalResults(fixtureFiles(), 'GRPO')).name, 'GRPO');
});

test('a results file cut short while being written is reported; the other checkpoints still show', () => {
  const files = fixtureFiles();
  const partial = files.findIndex((f) => f.path.includes('global_step_200'));
  const cut = files[partial];
  assert.ok(cut);
  files[partial] = { ...cut, bytes: cut.bytes.subarray(0, 200) };
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

/** A file as lm-eval v0.3 writes it: metrics without a filter, then versions and config (model_args a string). */
function v03(path: string, modelArgs: string, acc: number): LogFile {
  const results = { arc_easy: { acc, acc_stderr: 0.01, acc_norm: acc + 0.05, acc_norm_stderr: 0.01 } };
  const config = { model: 'hf-causal', model_args: modelArgs, num_fewshot: 0, batch_size: 32, device: null };
  return { path, bytes: encode(JSON.stringify({ results, versions: { arc_easy: 0 }, config }, null, 2)) };
}

test('a v0.3 checkpoint series takes each step from the HF revision (revision=stepN), in step order', () => {
  const dir = '/evals/tiny-70m/zero-shot';
  const log = parseLmEvalResults([
    v03(`${dir}/70m_step1000.json`, 'pretrained=acme/tiny-lm-70m,revision=step1000', 0.4),
    v03(`${dir}/70m_step143000.json`, 'use_accelerate=True,pretrained=acme/tiny-lm-70m,revision=step143000', 0.6),
    v03(`${dir}/70m_step0.json`, 'pretrained=acme/tiny-lm-70m,revision=step0', 0.25),
    v03(`${dir}/70m_step13000.json`, 'pretrained=acme/tiny-lm-70m, revision=step13000', 0.5),
  ]);
  const run = onlyRun(log);
  assert.equal(run.name, 'tiny-lm-70m');
  assert.deepEqual([...run.metrics.keys()].sort(), ['eval/arc_easy/acc', 'eval/arc_easy/acc_norm']);
  assert.deepEqual(points(run.metrics.get('eval/arc_easy/acc')), [
    [0, 0.25],
    [1000, 0.4],
    [13000, 0.5],
    [143000, 0.6],
  ]);
  assert.deepEqual(log.notices, [], 'one point per checkpoint: nothing logged again, no step missing');
});

test('without a step in the model path or revision, the file name gives it, then the folder', () => {
  const args = 'pretrained=acme/tiny-lm-70m';
  const log = parseLmEvalResults([
    v03('/evals/series/160m_step2000.json', args, 0.3),
    v03('/evals/series/step_500.json', args, 0.1),
    v03('/evals/series/checkpoint-1000.json', args, 0.2),
    v03('/evals/global_step_3000/eval.json', args, 0.4),
  ]);
  assert.deepEqual(points(onlyRun(log).metrics.get('eval/arc_easy/acc')), [
    [500, 0.1],
    [1000, 0.2],
    [2000, 0.3],
    [3000, 0.4],
  ]);
  assert.deepEqual(log.notices, []);
});

test('model_args as an object (v0.4): the checkpoint in pretrained, else the revision', () => {
  const file = (path: string, modelArgs: object, acc: number): LogFile => ({
    path,
    bytes: encode(
      JSON.stringify({ results: { arc: { 'acc,none': acc } }, config: { model: 'hf', model_args: modelArgs } }),
    ),
  });
  const log = parseLmEvalResults([
    file('/e/a.json', { pretrained: '/ckpt/run-a/checkpoint-300', dtype: 'bfloat16' }, 0.7),
    file('/e/b.json', { pretrained: 'acme/tiny-lm-70m', revision: 'step40' }, 0.5),
  ]);
  const run = onlyRun(log);
  assert.equal(run.name, 'run-a');
  assert.deepEqual(points(run.metrics.get('eval/arc/acc')), [
    [40, 0.5],
    [300, 0.7],
  ]);
});

test('a JSON file in a checkpoint folder that is not lm-eval output is skipped with a notice naming it', () => {
  const log = parseLmEvalResults([
    v03('ckpts/step_1.json', 'pretrained=acme/tiny-lm-70m', 0.3),
    { path: 'ckpts/step_2.json', bytes: encode('{"step": 2, "loss": 0.31, "results": {"loss": 0.31}}') },
    { path: 'ckpts/step_3.json', bytes: encode('[1, 2, 3]') },
  ]);
  assert.deepEqual(points(onlyRun(log).metrics.get('eval/arc_easy/acc')), [[1, 0.3]]);
  assert.equal(log.notices.length, 2);
  assert.match(log.notices[0]!, /^step_2\.json .*not lm-evaluation-harness output; skipped/);
  assert.match(log.notices[1]!, /^step_3\.json .*not lm-evaluation-harness output; skipped/);
});

test("one file named by what it holds is named after its model and itself; lm-eval's own name after the model", () => {
  const file = (path: string): LogFile => ({
    path,
    bytes: encode(
      JSON.stringify({
        results: { gsm8k: { 'exact_match,strict-match': 0.2 } },
        config: { model_args: 'pretrained=acme/Tiny-7B' },
      }),
    ),
  });
  assert.equal(onlyRun(parseLmEvalResults([file('/acme/Tiny-7B/openllm/gsm8k.json')])).name, 'Tiny-7B/gsm8k');
  assert.equal(onlyRun(parseLmEvalResults([file('/acme/Tiny-7B/openllm/mmlu.json')])).name, 'Tiny-7B/mmlu');
  assert.equal(onlyRun(parseLmEvalResults([file('/out/results_2025-01-01T00-00-00.json')])).name, 'Tiny-7B');
});

test('stepN counts too (Pythia revisions, file names); a model named Step1X or laststep5 does not', () => {
  assert.equal(checkpointStep('step23000'), 23000);
  assert.equal(checkpointStep('160m_step1000.json'), 1000);
  assert.equal(checkpointStep('iter-12'), 12);
  assert.equal(checkpointStep('stepfun-ai/Step1X-Edit'), undefined);
  assert.equal(checkpointStep('laststep5'), undefined);
  assert.equal(checkpointStep('results_2025-01-24T19-02-29.392595.json'), undefined);
});

test('an lm-eval run folder reads results*.json and .json files named by checkpoint, nothing else', () => {
  const read = [
    'results.json',
    'results_2025-01-24T19-02-29.392595.json',
    '160m_step1000.json',
    'step_2000.json',
    'checkpoint-500.json',
    'global_step_100.json',
    'iter_0000200.json',
  ];
  const left = [
    'gsm8k.json',
    'config.json',
    'trainer_state.json',
    'results.jsonl',
    'samples_gsm8k.jsonl',
    'Step1X.json',
    'step_1.json.bak',
  ];
  for (const name of read) assert.ok(LM_EVAL_FILE.test(name), name);
  for (const name of left) assert.ok(!LM_EVAL_FILE.test(name), name);
});
