import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, discoverRuns } from '../../src/core/formats';

test('a folder of mixed logs becomes one run per log, folder formats grouped by folder', () => {
  const { runs, candidates } = discoverRuns([
    'grpo.metrics.jsonl',
    'verl/run1.jsonl',
    'wandb/export.csv',
    'tb/grpo/events.out.tfevents.1700000000.host.1.0',
    'tb/grpo/events.out.tfevents.1700000500.host.1.0',
    'tb/dapo/events.out.tfevents.1700000000.host.2.0',
    'lm-eval/grpo/results_2024-06-01.json',
    'lm-eval/grpo/results_2024-06-02.json',
    'mlruns/0/abc123/meta.yaml',
    'mlruns/0/abc123/metrics/loss',
    'mlruns/0/abc123/metrics/eval/accuracy',
    'mlruns/0/abc123/tags/mlflow.runName',
    'README.md',
  ]);
  assert.deepEqual(runs, [
    { kind: 'file', path: 'grpo.metrics.jsonl' },
    { kind: 'tensorboard', folder: 'tb/grpo' },
    { kind: 'tensorboard', folder: 'tb/dapo' },
    { kind: 'lm-eval', folder: 'lm-eval/grpo' },
    { kind: 'mlflow', folder: 'mlruns/0/abc123' },
  ]);
  assert.deepEqual(
    candidates,
    ['verl/run1.jsonl', 'wandb/export.csv'],
    'other JSON lines and CSV files are checked by content',
  );
});

test('of the trainer_state.json files of a run, only the latest checkpoint or the final one counts', () => {
  const paths = [
    'out/a/checkpoint-500/trainer_state.json',
    'out/a/checkpoint-1000/trainer_state.json',
    'out/a/checkpoint-50/trainer_state.json',
    'out/b/checkpoint-10/trainer_state.json',
    'out/b/trainer_state.json',
  ];
  assert.deepEqual(discoverRuns(paths).runs, [
    { kind: 'file', path: 'out/a/checkpoint-1000/trainer_state.json' },
    { kind: 'file', path: 'out/b/trainer_state.json' },
  ]);
});

test('a plain .json is a candidate to check by content; trainer_state.json, results*.json and MLflow files are not', () => {
  const files: Record<string, string> = {
    'Tiny-7B/openllm/gsm8k.json':
      '{"results": {"gsm8k": {"exact_match,strict-match": 0.2, "exact_match_stderr,strict-match": 0.01}}}',
    'package.json': '{"name": "x", "version": "1.0.0"}',
    'out/run/checkpoint-10/config.json': '{"architectures": ["LlamaForCausalLM"], "hidden_size": 64}',
    'out/run/trainer_state.json': '{"log_history": []}',
    'lm/results_2025-01-01.json': '{"results": {}}',
    'mlruns/0/abc123/meta.yaml': 'name: run',
    'mlruns/0/abc123/metrics/loss': '1746093601000 0.9 0',
    'mlruns/0/abc123/artifacts/summary.json': '{"results": {"arc": {"acc,none": 0.5}}}',
  };
  const { runs, candidates } = discoverRuns(Object.keys(files));
  assert.deepEqual(candidates, ['Tiny-7B/openllm/gsm8k.json', 'package.json', 'out/run/checkpoint-10/config.json']);
  // What Open Folder of Runs then keeps: the candidates whose first bytes are a log.
  const found = candidates.filter((path) => detectFormat(`/${path}`, new TextEncoder().encode(files[path])));
  assert.deepEqual(found, ['Tiny-7B/openllm/gsm8k.json']);
  assert.deepEqual(runs, [
    { kind: 'file', path: 'out/run/trainer_state.json' },
    { kind: 'lm-eval', folder: 'lm' },
    { kind: 'mlflow', folder: 'mlruns/0/abc123' },
  ]);
});

test('several .json files named by checkpoint side by side are one lm-eval run; one alone is a candidate', () => {
  const { runs, candidates } = discoverRuns([
    'mixed/notes.json',
    'mixed/results_2025-01-01.json',
    'mixed/step_3.json',
    'lm-eval/pythia-160m/zero-shot/160m_step0.json',
    'lm-eval/pythia-160m/zero-shot/160m_step1000.json',
    'lm-eval/pythia-160m/zero-shot/160m_step13000.json',
    'ckpts/checkpoint-500.json',
    'ckpts/step_2000.json',
    'single/checkpoint-7.json',
    'single/ckpt/global_step_8.json',
  ]);
  assert.deepEqual(runs, [
    { kind: 'lm-eval', folder: 'mixed' },
    { kind: 'lm-eval', folder: 'lm-eval/pythia-160m/zero-shot' },
    { kind: 'lm-eval', folder: 'ckpts' },
  ]);
  assert.deepEqual(candidates, ['mixed/notes.json', 'single/checkpoint-7.json', 'single/ckpt/global_step_8.json']);
});
